import { randomBytes } from 'node:crypto';

export type TestNamespace = {
  /** Appended to every topic name (KAFKA_TOPIC_SUFFIX). */
  topicSuffix: string;
  /** Database name (MONGO_DB). */
  dbName: string;
  /** Prefix for consumer group ids. */
  groupPrefix: string;
};

/** A fresh namespace, so each test file has its own topics, consumer groups and database. */
export function testNamespace(name: string): TestNamespace {
  const id = `${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 20)}-${randomBytes(4).toString('hex')}`;
  return { topicSuffix: `.t-${id}`, dbName: `inlet_t_${id.replace(/-/g, '_')}`, groupPrefix: `t-${id}` };
}

/** The infrastructure the global setup started, for tests. */
export function testInfrastructure(): { kafkaBrokers: string[]; mongoUrl: string } {
  const brokers = process.env.KAFKA_BROKERS;
  const mongoUrl = process.env.MONGO_URL;
  if (!brokers || !mongoUrl) throw new Error('KAFKA_BROKERS and MONGO_URL are unset: run through jest.infra.config.js');
  return { kafkaBrokers: brokers.split(','), mongoUrl };
}
