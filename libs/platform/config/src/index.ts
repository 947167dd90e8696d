export { ConfigError, loadConfig } from './load-config';
export { KafkaEnv, MongoEnv, SecretsEnv, ServiceEnv } from './env.schema';
