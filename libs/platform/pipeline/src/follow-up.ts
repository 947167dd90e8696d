import { randomUUID } from 'node:crypto';
import type { Envelope, EnvelopeHead } from '@inlet/contracts';

/** The envelope of a message caused by `cause`: same event and source, its own id and time. */
export function followUp<P>(cause: Pick<EnvelopeHead, 'eventId' | 'sourceEnvironmentId' | 'sourceKey' | 'environment'>, payload: P, now: Date = new Date()): Envelope<P> {
  return {
    messageId: randomUUID(),
    eventId: cause.eventId,
    sourceEnvironmentId: cause.sourceEnvironmentId,
    sourceKey: cause.sourceKey,
    environment: cause.environment,
    producedAt: now.toISOString(),
    payload,
  };
}
