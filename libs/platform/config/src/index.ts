export { ConfigError, loadConfig } from './load-config';
export { KafkaEnv, MongoEnv, RetentionEnv, SecretsEnv, ServiceEnv } from './env.schema';
