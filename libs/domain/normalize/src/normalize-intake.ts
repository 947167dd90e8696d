import type { EventNormalized, EventRejected, IntakeReceived, SourceSettings } from '@inlet/contracts';
import { checkIdempotencyKey, type IdempotencyCheck } from './idempotency';
import { parseJsonBody, resolveEventTime, resolveEventType } from './normalize-event';

/** A normalized event still to be checked for duplicates (the verifier claims its key), or a rejection. */
export type NormalizeOutcome =
  | { ok: true; event: Omit<EventNormalized, 'idempotency'>; idempotency: IdempotencyCheck }
  | { ok: false; rejection: EventRejected };

/**
 * The verifier's decision for one accepted request: its event type and time, or why it goes no
 * further. Pure: settings and the raw request come in, a value goes out.
 */
export function normalizeIntake(intake: IntakeReceived, settings: Pick<SourceSettings, 'eventTypePath' | 'timestampPath' | 'idempotency'>): NormalizeOutcome {
  const base = { receivedAt: intake.receivedAt, verification: intake.verification };
  const parsed = parseJsonBody(Buffer.from(intake.bodyBase64, 'base64'));
  if (!parsed.ok) return { ok: false, rejection: { ...base, reason: 'invalid_json', message: parsed.message } };

  const root = { body: parsed.body, headers: intake.headers };
  const type = resolveEventType(root, settings.eventTypePath);
  if (!type.ok) {
    return { ok: false, rejection: { ...base, reason: 'invalid_path', field: settings.eventTypePath, message: type.message } };
  }

  const time = resolveEventTime(root, settings.timestampPath, new Date(intake.receivedAt));
  return {
    ok: true,
    event: {
      ...base,
      eventType: type.eventType,
      eventTime: time.eventTime.toISOString(),
      timeSource: time.source,
      ...(time.issue ? { timestampIssue: time.issue } : {}),
      body: parsed.body,
      headers: intake.headers,
      sensitiveHeaders: intake.sensitiveHeaders,
    },
    idempotency: checkIdempotencyKey(root, settings.idempotency),
  };
}
