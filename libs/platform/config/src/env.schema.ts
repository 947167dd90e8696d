import { z } from 'zod';

// Zod object *shapes*, not schemas: an app spreads the pieces it needs into its one schema,
//   const AppConfigSchema = z.object({ ...ServiceEnv, ...KafkaEnv, MY_KEY: z.string() });
// which reads flatter than chaining `.extend()` and gives one object type to infer.

const commaList = (what: string) =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    )
    .pipe(z.array(z.string()).min(1, `expected a comma-separated list of ${what}`));

/** An integer setting between min and max (inclusive), read from its text. */
export const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: 'expected a number' })
    .int({ error: 'expected an integer' })
    .min(min, { error: `expected at least ${min}` })
    .max(max, { error: `expected at most ${max}` });

export const KafkaEnv = {
  /** Bootstrap brokers, `host:port` comma-separated (the PLAINTEXT listener, never the controller port). */
  KAFKA_BROKERS: commaList('host:port brokers'),
  /** Appended to every topic name so parallel test runs do not share topics; empty in production. */
  KAFKA_TOPIC_SUFFIX: z.string().default(''),
  /**
   * Services with a config view: how long its consumer may fail without a successful fetch before
   * the service reports not ready and exits 1 for its supervisor to restart it. Default 120000.
   */
  CONFIG_VIEW_GIVE_UP_MS: integer(1_000, 24 * 3_600_000).optional(),
} satisfies z.ZodRawShape;

export const MongoEnv = {
  /** Connection string, `mongodb://` or `mongodb+srv://`; may hold credentials, so it is never logged. */
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, { error: 'expected a mongodb:// or mongodb+srv:// URL' }),
  /** Database name; tests use their own to isolate themselves. */
  MONGO_DB: z.string().default('inlet'),
} satisfies z.ZodRawShape;

export const ServiceEnv = {
  /** HTTP port for the API and the /health and /ready probes; 0 picks a free port. */
  PORT: integer(0, 65535),
  /** Interface to bind; the default keeps a laptop run private, containers set 0.0.0.0. */
  HOST: z.string().default('127.0.0.1'),
  /** Minimum pino level written to stdout. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** After SIGTERM, how long consumers and producers get to drain before the process exits with 1. */
  SHUTDOWN_GRACE_MS: integer(0, 10 * 60_000).default(10_000),
} satisfies z.ZodRawShape;

export const SecretsEnv = {
  /**
   * 32 bytes (64 hex characters or base64) sealing signing keys at rest and on the config topic;
   * the api and gateway need the same one. Never logged.
   */
  INLET_MASTER_KEY: z
    .string()
    .refine((v) => /^[0-9a-f]{64}$/i.test(v) || Buffer.from(v, 'base64').length === 32, { error: 'expected 32 bytes as 64 hex characters or base64' }),
} satisfies z.ZodRawShape;

export const RetentionEnv = {
  /** Days a source log (and an executed-action record) is kept; a job deletes older ones. */
  RETENTION_DAYS: integer(1, 3650).default(30),
  /** Minutes between retention runs (one also runs at boot). */
  RETENTION_EVERY_MINUTES: integer(1, 24 * 60).default(60),
} satisfies z.ZodRawShape;
