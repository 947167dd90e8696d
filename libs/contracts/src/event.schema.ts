import { z } from 'zod';
import { envelopeOf } from './envelope.schema';
import { VerificationStatusSchema } from './intake.schema';

/** What the idempotency check concluded for one event. */
export const IdempotencyOutcomeSchema = z.enum([
  /** Idempotency is off for the environment. */
  'disabled',
  /** No value at the key path: processed normally. */
  'no_key',
  /** The value was not a string of at most 255 characters: dropped, processed normally. */
  'key_invalid',
  /** First sighting inside the window: this event holds the key. */
  'claimed',
  /** Same key, type and environment inside the window: not processed again. */
  'duplicate',
]);
export type IdempotencyOutcome = z.infer<typeof IdempotencyOutcomeSchema>;

/** The idempotency check of one event, as its log shows it. */
export const IdempotencySchema = z.object({
  outcome: IdempotencyOutcomeSchema,
  /** The key, when one was found and valid. */
  key: z.string().optional(),
  /** Why a key was dropped (`key_invalid`), naming the path. */
  detail: z.string().optional(),
  /** For a duplicate: the event that holds the key. */
  originalEventId: z.string().optional(),
});
export type Idempotency = z.infer<typeof IdempotencySchema>;

/** A verified request turned into an event: the input of the mapping-engine. */
export const EventNormalizedSchema = z.object({
  eventType: z.string().min(1),
  /** Event time: from the timestamp path when it parses, else the ingestion time. */
  eventTime: z.iso.datetime(),
  receivedAt: z.iso.datetime(),
  timeSource: z.enum(['payload', 'ingestion']),
  /** Why a configured timestamp path was not used, when it was not. */
  timestampIssue: z.string().optional(),
  body: z.unknown(),
  headers: z.record(z.string(), z.string()),
  /**
   * The intake's headers that carry credentials (its signature header): whatever shows these headers
   * redacts them, as the event types' samples do. Absent on events normalized before it existed.
   */
  sensitiveHeaders: z.array(z.string()).optional(),
  verification: VerificationStatusSchema,
  idempotency: IdempotencySchema,
});
export type EventNormalized = z.infer<typeof EventNormalizedSchema>;
export const EventNormalizedEnvelopeSchema = envelopeOf(EventNormalizedSchema);

/** Why a request went no further: refused at the edge (gateway) or stopped by the verifier. */
export const RejectionReasonSchema = z.enum([
  'invalid_json',
  'too_large',
  'invalid_path',
  'signature_missing',
  'signature_invalid',
  'duplicate',
  /** A legacy HTTP event that is not a valid Segment track event (400). */
  'invalid_event',
  /** A legacy HTTP request without `Content-Type: application/json` (415). */
  'unsupported_media_type',
  /** The source environment was deleted between the gateway accepting the request and its verification. */
  'source_deleted',
]);
export type RejectionReason = z.infer<typeof RejectionReasonSchema>;

export const EventRejectedSchema = z.object({
  reason: RejectionReasonSchema,
  /** A human sentence naming the field or path at fault. */
  message: z.string(),
  /** The path or field the reason is about, when there is one. */
  field: z.string().optional(),
  eventType: z.string().optional(),
  receivedAt: z.iso.datetime(),
  verification: VerificationStatusSchema,
  idempotency: IdempotencySchema.optional(),
  /**
   * The refused request, when the gateway refused it: the event-log has no intake message for it.
   * `bodyBase64` is absent when the body was too large to keep.
   */
  request: z
    .object({
      contentType: z.string().nullable(),
      headers: z.record(z.string(), z.string()),
      bodyBase64: z.string().optional(),
      sensitiveHeaders: z.array(z.string()).default([]),
    })
    .optional(),
});
export type EventRejected = z.infer<typeof EventRejectedSchema>;
export const EventRejectedEnvelopeSchema = envelopeOf(EventRejectedSchema);
