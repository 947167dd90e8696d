export { ConfigError, loadConfig } from './load-config';
export { KafkaEnv, MongoEnv, RetentionEnv, SecretsEnv, ServiceEnv, integer } from './env.schema';
