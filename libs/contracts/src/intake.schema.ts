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

/** A request the gateway accepted, exactly as it arrived. */
export const IntakeReceivedSchema = z.object({
  receivedAt: z.iso.datetime(),
  contentType: z.string().nullable(),
  /** Request headers, names lower-cased; the signature header is kept so the verifier can re-check. */
  headers: z.record(z.string(), z.string()),
  /** The exact raw body bytes, base64: signatures are computed over these, never over re-serialised JSON. */
  bodyBase64: z.string(),
  /** What the edge decided about the signature. */
  verification: VerificationStatusSchema,
  /** Headers that carry credentials for this environment (its signature header): never shown in logs. */
  sensitiveHeaders: z.array(z.string()).default([]),
});
export type IntakeReceived = z.infer<typeof IntakeReceivedSchema>;
export const IntakeReceivedEnvelopeSchema = envelopeOf(IntakeReceivedSchema);
