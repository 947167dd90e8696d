import { z } from 'zod';
import { KafkaEnv, MongoEnv, RetentionEnv, ServiceEnv } from '@inlet/platform/config';

export const ActionExecutorConfigSchema = z.object({ ...ServiceEnv, ...KafkaEnv, ...MongoEnv, ...RetentionEnv, PORT: ServiceEnv.PORT.default(3004) });
export type ActionExecutorConfig = z.infer<typeof ActionExecutorConfigSchema>;
