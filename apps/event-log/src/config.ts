import { z } from 'zod';
import { KafkaEnv, MongoEnv, RetentionEnv, ServiceEnv } from '@inlet/platform/config';

export const EventLogConfigSchema = z.object({ ...ServiceEnv, ...KafkaEnv, ...MongoEnv, ...RetentionEnv, PORT: ServiceEnv.PORT.default(3005) });
export type EventLogConfig = z.infer<typeof EventLogConfigSchema>;
