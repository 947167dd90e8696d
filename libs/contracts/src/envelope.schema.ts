import { z } from 'zod';

/**
 * Fields every message carries, whatever its topic. Trace context is not here: it travels in the
 * Kafka `traceparent` header.
 */
export const EnvelopeHeadSchema = z.object({
  /** This message's own id; consumers use it to recognise a redelivery. */
  messageId: z.uuid(),
  /** Stable from the gateway to the executor: the id the sender got back in the 202. */
  eventId: z.string().min(1),
  /** Internal id of the source environment (not its endpoint token, which is a credential). */
  sourceEnvironmentId: z.string().min(1),
  sourceKey: z.string().min(1),
  environment: z.string().min(1),
  /** When this message was produced (ISO-8601). */
  producedAt: z.iso.datetime(),
});
export type EnvelopeHead = z.infer<typeof EnvelopeHeadSchema>;

export function envelopeOf<P extends z.ZodType>(payload: P) {
  return EnvelopeHeadSchema.extend({ payload });
}

export type Envelope<P> = EnvelopeHead & { payload: P };
