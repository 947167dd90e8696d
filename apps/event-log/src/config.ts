import { z } from 'zod';
import { KafkaEnv, MongoEnv, RetentionEnv, ServiceEnv, integer } from '@inlet/platform/config';

export const EventLogConfigSchema = z.object({
  ...ServiceEnv,
  ...KafkaEnv,
  ...MongoEnv,
  ...RetentionEnv,
  PORT: ServiceEnv.PORT.default(3005),
  /** A log still `pending` this many minutes after it was received is ended `failed`, reason `stalled`. */
  STALLED_AFTER_MINUTES: integer(1, 7 * 24 * 60).default(10),
  /** Seconds between runs of the stall sweeper (one also runs at boot). */
  SWEEP_EVERY_SECONDS: integer(1, 24 * 60 * 60).default(60),
});
export type EventLogConfig = z.infer<typeof EventLogConfigSchema>;

/** Injection token of the validated configuration. */
export const EVENT_LOG_CONFIG = Symbol('EVENT_LOG_CONFIG');
