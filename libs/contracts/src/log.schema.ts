import { z } from 'zod';
import { envelopeOf } from './envelope.schema';
import { IdempotencySchema } from './event.schema';

/**
 * The closed set of source-log statuses, as the api returns and filters them.
 * - `pending`: accepted and still moving through the pipeline.
 * - `signature_missing` / `signature_invalid`: verification enforced and the signature absent or wrong (401).
 * - `invalid_json`, `too_large`: refused at the edge (400, 413).
 * - `invalid_event`, `unsupported_media_type`: a legacy HTTP request that is not a Segment track event, or not JSON (400, 415).
 * - `invalid_path`: the event type path did not resolve; the event went no further.
 * - `duplicate`: same idempotency key, type and environment inside the window; no actions ran.
 * - `no_mappings`: no active mapping for the event type.
 * - `processed`: every action succeeded.
 * - `partially_failed`: some actions succeeded, some failed or were skipped for bad data.
 * - `failed`: no action succeeded, the source environment was deleted while the event was in flight,
 *   a stage dead-lettered the event, or it stalled (see `LogFailureReasonSchema`).
 */
export const LogStatusSchema = z.enum([
  'pending',
  'signature_missing',
  'signature_invalid',
  'invalid_json',
  'too_large',
  'invalid_event',
  'unsupported_media_type',
  'invalid_path',
  'duplicate',
  'no_mappings',
  'processed',
  'partially_failed',
  'failed',
]);
export type LogStatus = z.infer<typeof LogStatusSchema>;

export const ActionLogStatusSchema = z.enum(['pending', 'success', 'skipped', 'failed']);
export type ActionLogStatus = z.infer<typeof ActionLogStatusSchema>;

/**
 * Why a log was given the status `failed` without its stages reaching it on their own:
 * - `dead_lettered`: a stage could not handle one of its messages and sent it to the dead-letter topic.
 * - `stalled`: the log stayed `pending` past the event-log's threshold (`STALLED_AFTER_MINUTES`).
 * Either can be re-driven; a stage that completes later still gives the log its own final status.
 */
export const LogFailureReasonSchema = z.enum(['dead_lettered', 'stalled']);
export type LogFailureReason = z.infer<typeof LogFailureReasonSchema>;

/** Every status but `pending`: the log will not change status again. */
export const FinalLogStatusSchema = LogStatusSchema.exclude(['pending']);
export type FinalLogStatus = z.infer<typeof FinalLogStatusSchema>;

/**
 * The event-log's word that the log of an event holding an idempotency key reached its final
 * status. The verifier uses it to release the key of an event that did not succeed, so the
 * sender's retry runs again.
 */
export const EventCompletedSchema = z.object({
  status: FinalLogStatusSchema,
  eventType: z.string().optional(),
  idempotency: IdempotencySchema.optional(),
  completedAt: z.iso.datetime(),
});
export type EventCompleted = z.infer<typeof EventCompletedSchema>;
export const EventCompletedEnvelopeSchema = envelopeOf(EventCompletedSchema);
