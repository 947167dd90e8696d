import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Infrastructure = { kind: 'configured' | 'testcontainers' | 'local'; kafkaBrokers: string; mongoUrl: string; stop(): Promise<void> };
type Log = (line: string) => void;

// The local runtimes (Kafka and mongo-java-server from Maven Central) live in infra/local, plain
// JavaScript so that `npm start` can use them too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const local = require('../../../infra/local') as {
  startKafka(o: { port: number; controllerPort: number; dataDir: string; log?: Log }): Promise<{ brokers: string; stop(): Promise<void> }>;
  startMongo(o: { port: number; log?: Log }): Promise<{ url: string; stop(): Promise<void> }>;
};

/**
 * The broker and store the tests run against: `KAFKA_BROKERS` and `MONGO_URL` when both are set;
 * otherwise real Kafka and MongoDB images through testcontainers when a Docker engine answers;
 * otherwise the local runtimes.
 */
export async function startInfrastructure(env: NodeJS.ProcessEnv, log: Log): Promise<Infrastructure> {
  if (env.KAFKA_BROKERS && env.MONGO_URL) {
    return { kind: 'configured', kafkaBrokers: env.KAFKA_BROKERS, mongoUrl: env.MONGO_URL, stop: async () => undefined };
  }
  if (await dockerAnswers()) return startContainers(log);
  const dataDir = await mkdtemp(join(tmpdir(), 'inlet-test-kafka-'));
  const [kafka, mongo] = await Promise.all([local.startKafka({ port: 0, controllerPort: 0, dataDir, log }), local.startMongo({ port: 0, log })]);
  return {
    kind: 'local',
    kafkaBrokers: kafka.brokers,
    mongoUrl: mongo.url,
    stop: async () => {
      await Promise.all([kafka.stop(), mongo.stop()]);
    },
  };
}

/**
 * A broker of the test's own, for tests that stop and restart it: a Kafka container where Docker
 * answers, otherwise the local runtime on a data directory that survives the restart.
 */
export async function startPrivateKafka(log: Log): Promise<{ brokers: string; stop(): Promise<void>; restart(): Promise<void> }> {
  if (await dockerAnswers()) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
    return {
      brokers: `${container.getHost()}:${container.getMappedPort(9093)}`,
      stop: async () => {
        await container.stop({ remove: false });
      },
      restart: async () => {
        await container.restart();
      },
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'inlet-test-private-kafka-'));
  let kafka = await local.startKafka({ port: 0, controllerPort: 0, dataDir, log });
  const port = Number(kafka.brokers.split(':')[1]);
  return {
    brokers: kafka.brokers,
    stop: () => kafka.stop(),
    restart: async () => {
      kafka = await local.startKafka({ port, controllerPort: 0, dataDir, log });
    },
  };
}

function dockerAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5000 }, (err, stdout) => resolve(!err && stdout.trim().length > 0));
  });
}

async function startContainers(log: Log): Promise<Infrastructure> {
  log('Docker engine found: starting Kafka and MongoDB with testcontainers');
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { MongoDBContainer } = await import('@testcontainers/mongodb');
  const [kafka, mongo] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start(),
    new MongoDBContainer('mongo:8.0').start(),
  ]);
  return {
    kind: 'testcontainers',
    kafkaBrokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    mongoUrl: `${mongo.getConnectionString()}?directConnection=true`,
    stop: async () => {
      await Promise.all([kafka.stop(), mongo.stop()]);
    },
  };
}
