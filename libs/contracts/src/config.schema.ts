import { z } from 'zod';
import { ActionTypeSchema } from './action-type.schema';

/**
 * Records of the compacted config topic. The api is the only writer; every other service keeps an
 * in-memory view of the topic, so no hot path reads configuration from MongoDB.
 * Key: `<kind>:<id>`; a null value (tombstone) deletes the record.
 */

/**
 * `custom`: any JSON webhook, event type and time at configured paths. `legacy_http`: Segment track
 * events, one per request (or a batch), 204 on success; type at `event`, time at `timestamp`,
 * `messageId` the idempotency key.
 */
export const SourceTypeSchema = z.enum(['custom', 'legacy_http']);
export type SourceType = z.infer<typeof SourceTypeSchema>;

/** Bounds of the idempotency window: 24 hours by default, from a minute to 30 days. */
export const IDEMPOTENCY_WINDOW_SECONDS = { default: 86_400, min: 60, max: 30 * 86_400 } as const;

export const SourceSettingsSchema = z.object({
  /** Where the event type is in the payload: a dot path, `headers.<name>` or `body.<path>`. */
  eventTypePath: z.string().min(1).default('type'),
  /** Optional path to the event time: ISO-8601, or epoch seconds or milliseconds. */
  timestampPath: z.string().min(1).nullable().default(null),
  /** Largest body accepted, in bytes; larger requests get 413. */
  maxBodyBytes: z.number().int().positive().max(16 * 1024 * 1024).default(1024 * 1024),
  /**
   * Signature verification: when enabled, every request needs a valid signature in `header` (401
   * otherwise); when not, signatures that arrive are still checked and the result logged.
   */
  verification: z
    .object({ enabled: z.boolean(), header: z.string().min(1) })
    .default({ enabled: false, header: 'X-Knock-Signature' }),
  /**
   * Deduplication: when enabled, the string at `keyPath` is the event's idempotency key, and an
   * event with the same key and type in the same environment within `windowSeconds` of the first
   * one that succeeded is logged as a duplicate and runs no action.
   */
  idempotency: z
    .object({
      enabled: z.boolean(),
      keyPath: z.string().min(1).nullable(),
      windowSeconds: z.number().int().min(IDEMPOTENCY_WINDOW_SECONDS.min).max(IDEMPOTENCY_WINDOW_SECONDS.max),
    })
    .refine((i) => !i.enabled || i.keyPath !== null, { error: 'an enabled idempotency check needs a key path', path: ['keyPath'] })
    .default({ enabled: false, keyPath: null, windowSeconds: IDEMPOTENCY_WINDOW_SECONDS.default }),
});
export type SourceSettings = z.infer<typeof SourceSettingsSchema>;

/**
 * The stored document's version: it grows by one on every write, so of two records of one key the
 * higher is the newer. Optional: records written before versions existed have none.
 */
const ConfigVersion = z.number().int().positive().optional();

export const SourceEnvironmentConfigSchema = z.object({
  kind: z.literal('source_environment'),
  id: z.string().min(1),
  version: ConfigVersion,
  sourceKey: z.string().min(1),
  sourceType: SourceTypeSchema,
  environment: z.string().min(1),
  /**
   * SHA-256 (hex) of the endpoint token. The token is the sender's only credential, so the topic
   * carries its hash and the gateway hashes the token of each request to find the environment.
   */
  endpointTokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  settings: SourceSettingsSchema,
  /** The environment's signing keys, sealed with the master key: the topic never carries a secret. */
  signingKeys: z
    .array(
      z.object({
        id: z.string().min(1),
        sealedSecret: z.string().min(1),
        /** Null for the current key; a rotated-out key stays valid until this time. */
        validUntil: z.iso.datetime().nullable(),
      }),
    )
    .default([]),
});
export type SourceEnvironmentConfig = z.infer<typeof SourceEnvironmentConfigSchema>;

/** A parameter of an action: a payload path (possibly a whole sub-object) or a literal value. */
export const ParamSourceSchema = z.union([
  z.object({ path: z.string().min(1) }).strict(),
  z.object({ literal: z.unknown() }).strict(),
]);
export type ParamSource = z.infer<typeof ParamSourceSchema>;

export const MappingConfigSchema = z.object({
  kind: z.literal('mapping'),
  /** Keys the event's action logs (`actions.<mapping id>`): no '.' and no leading '$'. */
  id: z.string().regex(/^[^.$][^.]*$/),
  version: ConfigVersion,
  sourceEnvironmentId: z.string().min(1),
  eventType: z.string().min(1),
  actionType: ActionTypeSchema,
  /** Set when the api made this mapping from a workflow trigger (one mapping per environment). */
  triggerId: z.string().min(1).optional(),
  /**
   * Parameter name → where its value comes from. Names are the action's parameters; `data.<field>`,
   * `properties.<name>` and `settings.<name>` set one field of an object parameter.
   */
  params: z.record(z.string(), ParamSourceSchema),
  active: z.boolean(),
});
export type MappingConfig = z.infer<typeof MappingConfigSchema>;

export const WorkflowStatusSchema = z.enum(['active', 'inactive']);
export type WorkflowStatus = z.infer<typeof WorkflowStatusSchema>;

/** A registered workflow. Active in every environment unless `statuses` says otherwise. */
export const WorkflowConfigSchema = z.object({
  kind: z.literal('workflow'),
  /** The workflow key, as trigger and cancel actions name it. */
  id: z.string().min(1),
  version: ConfigVersion,
  name: z.string(),
  statuses: z.record(z.string(), WorkflowStatusSchema).default({}),
});
export type WorkflowConfig = z.infer<typeof WorkflowConfigSchema>;

export const ConfigRecordSchema = z.discriminatedUnion('kind', [SourceEnvironmentConfigSchema, MappingConfigSchema, WorkflowConfigSchema]);
export type ConfigRecord = z.infer<typeof ConfigRecordSchema>;

export function configKey(record: Pick<ConfigRecord, 'kind' | 'id'>): string {
  return `${record.kind}:${record.id}`;
}
