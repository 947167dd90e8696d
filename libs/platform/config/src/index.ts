export { ConfigError, loadConfig } from './load-config';
export { KafkaEnv, MongoEnv, ServiceEnv } from './env.schema';
