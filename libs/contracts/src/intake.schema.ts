import { z } from 'zod';
import { envelopeOf } from './envelope.schema';

/** How a request's signature was judged; see the reference's "Signature verification". */
export const VerificationStatusSchema = z.enum([
  'none',
  'enforced:verified',
  'enforced:failed',
  'enforced:missing',
  'unenforced:verified',
  'unenforced:failed',
  'unenforced:missing',
]);
export type VerificationStatus = z.infer<typeof VerificationStatusSchema>;

/** One re-drive of an event that ended `failed` or `partially_failed`. */
export const RedriveSchema = z.object({
  /** 1 for the first re-drive of the event, 2 for the next, ... */
  attempt: z.number().int().min(1),
  requestedAt: z.iso.datetime(),
  /** Who asked: `bootstrap` (the configured api key) or the id of an api key. */
  requestedBy: z.string().min(1),
  /** Mapping ids of the actions that did not succeed: their outcome is forgotten, the new attempt decides it. */
  retryActions: z.array(z.string()),
});
export type Redrive = z.infer<typeof RedriveSchema>;

/** A request the gateway accepted, exactly as it arrived. */
export const IntakeReceivedSchema = z.object({
  receivedAt: z.iso.datetime(),
  contentType: z.string().nullable(),
  /** Request headers, names lower-cased: paths such as `headers.x-event-type` read them. */
  headers: z.record(z.string(), z.string()),
  /**
   * The exact raw body bytes, base64: the gateway verified its signature over these, never over
   * re-serialised JSON. A re-drive carries the body its log kept, serialised again.
   */
  bodyBase64: z.string(),
  /** What the edge decided about the signature: the verifier trusts it rather than judge again with its own view. */
  verification: VerificationStatusSchema,
  /** The signing key that verified the signature at the edge, when one did. */
  verifiedKeyId: z.string().min(1).optional(),
  /** Headers that carry credentials for this environment (its signature header): never shown in logs. */
  sensitiveHeaders: z.array(z.string()).default([]),
  /**
   * Set when an operator sent an event through the pipeline again (the api builds the message from
   * what the log kept, with the same event id): absent on a request the gateway received.
   */
  redrive: RedriveSchema.optional(),
});
export type IntakeReceived = z.infer<typeof IntakeReceivedSchema>;
export const IntakeReceivedEnvelopeSchema = envelopeOf(IntakeReceivedSchema);
