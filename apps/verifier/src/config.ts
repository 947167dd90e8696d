import { z } from 'zod';
import { KafkaEnv, MongoEnv, RetentionEnv, ServiceEnv } from '@inlet/platform/config';

export const VerifierConfigSchema = z.object({
  ...ServiceEnv,
  ...KafkaEnv,
  ...MongoEnv,
  RETENTION_EVERY_MINUTES: RetentionEnv.RETENTION_EVERY_MINUTES,
  PORT: ServiceEnv.PORT.default(3002),
});
export type VerifierConfig = z.infer<typeof VerifierConfigSchema>;
