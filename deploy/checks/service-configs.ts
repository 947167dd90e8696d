import type { z } from 'zod';
import { Topics, type TopicKey } from '@inlet/contracts';
import { ActionExecutorConfigSchema } from '../../apps/action-executor/src/config';
import { ApiConfigSchema } from '../../apps/api/src/config';
import { EventLogConfigSchema } from '../../apps/event-log/src/config';
import { STAGE_TOPICS } from '../../apps/event-log/src/project-stage';
import { GatewayConfigSchema } from '../../apps/gateway/src/config';
import { MappingEngineConfigSchema } from '../../apps/mapping-engine/src/config';
import { VerifierConfigSchema } from '../../apps/verifier/src/config';

type ConfigSchema = z.ZodObject<z.ZodRawShape>;

/** Every service the image can run (the `APP` of deploy/Dockerfile), with the schema it validates its environment with. */
export const SERVICE_CONFIGS: Record<string, ConfigSchema> = {
  gateway: GatewayConfigSchema,
  api: ApiConfigSchema,
  verifier: VerifierConfigSchema,
  'mapping-engine': MappingEngineConfigSchema,
  'action-executor': ActionExecutorConfigSchema,
  'event-log': EventLogConfigSchema,
};

/**
 * The topics each pipeline service consumes as its consumer group `inlet.<service>` (the
 * `consume.topics` of each app's module; PipelineModule names the group). The event-log's own
 * dead-letter group reads the one-partition dead-letter topic and needs no scaling.
 */
export const CONSUMED_TOPICS: Record<string, readonly TopicKey[]> = {
  verifier: ['intakeReceived', 'eventCompleted'],
  'mapping-engine': ['eventNormalized'],
  'action-executor': ['actionRequested'],
  'event-log': STAGE_TOPICS,
};

export function consumerGroupOf(service: string): string {
  return `inlet.${service}`;
}

export function partitionsOf(topic: TopicKey): number {
  return Topics[topic].partitions;
}

/** The keys a service cannot start without: no default, not optional (the schema refuses them absent). */
export function requiredKeys(schema: ConfigSchema): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([key]) => key);
}

/**
 * Whether a service reads this variable: a key of its config schema, the image's `APP` and
 * `NODE_ENV`, or a standard `OTEL_*` variable (read by the OpenTelemetry SDK, not the schema).
 */
export function isKnownKey(schema: ConfigSchema, key: string): boolean {
  return key in schema.shape || key === 'APP' || key === 'NODE_ENV' || key.startsWith('OTEL_');
}

/** Values of the secrets, of the right form, to check that an environment as a whole parses. */
export const SAMPLE_SECRETS: Record<string, string> = {
  INLET_MASTER_KEY: '0'.repeat(64),
  INLET_API_KEY: 'k'.repeat(32),
  MONGO_URL: 'mongodb://user:password@mongo.example:27017',
};
