import { join } from 'node:path';
import { z } from 'zod';
import { KafkaEnv, MongoEnv, SecretsEnv, ServiceEnv } from '@inlet/platform/config';

export const ApiConfigSchema = z.object({
  ...ServiceEnv,
  ...KafkaEnv,
  ...MongoEnv,
  ...SecretsEnv,
  PORT: ServiceEnv.PORT.default(3001),
  /** The bootstrap admin key: every request needs `Authorization: Bearer <key>`. */
  INLET_API_KEY: z.string().min(24, { error: 'expected at least 24 characters' }),
  /**
   * How often the outbox relay looks for stored configuration not yet on the config topic (a
   * publish that failed), besides right after each write and at boot.
   */
  CONFIG_RELAY_EVERY_MS: z.coerce
    .number({ error: 'expected a number' })
    .int({ error: 'expected an integer' })
    .min(100, { error: 'expected at least 100' })
    .max(600_000, { error: 'expected at most 600000' })
    .default(5_000),
  /** The dashboard's built files, served at `/` (`npm run build` puts them in dist/apps/dashboard). */
  DASHBOARD_DIR: z.string().min(1).default(join(__dirname, '../../dashboard')),
  /** Base URL of the gateway as senders reach it: the endpoint URLs the api shows start with it. */
  GATEWAY_PUBLIC_URL: z.url().default('http://127.0.0.1:3000').transform((url) => url.replace(/\/+$/, '')),
  /**
   * When set, the api keeps a `demo` source whose development endpoint has this token, with a
   * `user.signed_up` → identify user mapping: what `npm start`'s printed example sends to.
   */
  INLET_DEMO_ENDPOINT_TOKEN: z.string().min(24, { error: 'expected at least 24 characters' }).optional(),
  /**
   * A tracing UI's address of one trace, with `{trace_id}` where the id goes (Jaeger:
   * `http://localhost:16686/trace/{trace_id}`): a log's `trace_url` then opens its event's trace.
   */
  TRACE_UI_URL: z
    .string()
    .refine((v) => v.includes('{trace_id}') && URL.canParse(v.replaceAll('{trace_id}', '0')), { error: 'expected a URL with {trace_id} where the trace id goes' })
    .optional(),
  /** With the demo source: its development signing key (verification not enforced), so the printed example can sign. */
  INLET_DEMO_SIGNING_KEY: z.string().min(24, { error: 'expected at least 24 characters' }).optional(),
});
export type ApiConfig = z.infer<typeof ApiConfigSchema>;
export const API_CONFIG = Symbol('API_CONFIG');
