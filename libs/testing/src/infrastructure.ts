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
  startKafka(o: { port: number; controllerPort: number; dataDir: string; log?: Log }): Promise<{ brokers: string; pid: number; stop(): Promise<void> }>;
  startMongo(o: { port: number; persistentFile?: string; log?: Log }): Promise<{ url: string; pid: number; stop(): Promise<void> }>;
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

/** A server of a test's own that the test stops (gracefully, or with kill -9) and starts again on the same address and data. */
export type PrivateServer = { stop(): Promise<void>; kill(): Promise<void>; restart(): Promise<void> };

/**
 * A broker of the test's own, for tests that stop and restart it: a Kafka container where Docker
 * answers, otherwise the local runtime on a data directory that survives the restart.
 */
export async function startPrivateKafka(log: Log): Promise<PrivateServer & { brokers: string }> {
  if (await dockerAnswers()) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
    return { brokers: `${container.getHost()}:${container.getMappedPort(9093)}`, ...containerServer(container) };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'inlet-test-private-kafka-'));
  let kafka = await local.startKafka({ port: 0, controllerPort: 0, dataDir, log });
  const port = Number(kafka.brokers.split(':')[1]);
  return {
    brokers: kafka.brokers,
    stop: () => kafka.stop(),
    kill: () => killAndWait(kafka),
    restart: async () => {
      kafka = await local.startKafka({ port, controllerPort: 0, dataDir, log });
    },
  };
}

/**
 * A MongoDB-wire server of the test's own on a file that survives restarts (the H2 backend `npm start`
 * uses), for tests that kill it mid-stream; a MongoDB container where Docker answers.
 */
export async function startPrivateStore(log: Log): Promise<PrivateServer & { url: string }> {
  if (await dockerAnswers()) {
    const { MongoDBContainer } = await import('@testcontainers/mongodb');
    const container = await new MongoDBContainer('mongo:8.0').start();
    return { url: `${container.getConnectionString()}?directConnection=true`, ...containerServer(container) };
  }
  const persistentFile = join(await mkdtemp(join(tmpdir(), 'inlet-test-private-store-')), 'store.mv');
  let mongo = await local.startMongo({ port: 0, persistentFile, log });
  const port = Number(mongo.url.split(':').pop());
  return {
    url: mongo.url,
    stop: () => mongo.stop(),
    kill: () => killAndWait(mongo),
    restart: async () => {
      mongo = await local.startMongo({ port, persistentFile, log });
    },
  };
}

/** A started container as a PrivateServer: stopped, killed (no grace) or restarted with its data kept. */
function containerServer(container: { stop(opts: { remove: boolean; timeout?: number }): Promise<unknown>; restart(): Promise<unknown> }): PrivateServer {
  return {
    stop: async () => {
      await container.stop({ remove: false });
    },
    kill: async () => {
      await container.stop({ remove: false, timeout: 0 });
    },
    restart: async () => {
      await container.restart();
    },
  };
}

/** kill -9, then wait until the process is gone (its stop() then returns at once). */
async function killAndWait(server: { pid: number; stop(): Promise<void> }): Promise<void> {
  process.kill(server.pid, 'SIGKILL');
  await server.stop();
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
