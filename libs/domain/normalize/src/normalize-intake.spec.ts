import type { IntakeReceived } from '@inlet/contracts';
import { normalizeIntake } from './normalize-intake';

const intake = (body: string, headers: Record<string, string> = {}): IntakeReceived => ({
  receivedAt: '2026-05-01T10:00:00.000Z',
  contentType: 'application/json',
  headers,
  bodyBase64: Buffer.from(body).toString('base64'),
  verification: 'none',
  sensitiveHeaders: [],
});
const idempotency = { enabled: true, keyPath: 'event_id', windowSeconds: 86_400 };
const settings = { eventTypePath: 'event_type', timestampPath: 'occurred_at', idempotency };

describe('normalizeIntake', () => {
  it('turns the seed example into a task.assigned event at its own time', () => {
    const body = { event_type: 'task.assigned', occurred_at: '2026-04-30T09:00:00Z', data: { task_id: 't1' } };
    const outcome = normalizeIntake(intake(JSON.stringify(body)), settings);
    expect(outcome).toEqual({
      ok: true,
      event: expect.objectContaining({ eventType: 'task.assigned', eventTime: '2026-04-30T09:00:00.000Z', timeSource: 'payload', body }),
      idempotency: { claim: false, idempotency: { outcome: 'no_key' } },
    });
  });

  it('passes on which headers carry credentials, for whatever shows the headers to redact them', () => {
    const outcome = normalizeIntake({ ...intake('{"event_type":"a"}', { 'x-hub-sig': 'sha256=abc' }), sensitiveHeaders: ['x-hub-sig'] }, settings);
    expect(outcome.ok && outcome.event).toEqual(expect.objectContaining({ headers: { 'x-hub-sig': 'sha256=abc' }, sensitiveHeaders: ['x-hub-sig'] }));
  });

  it('hands the idempotency key over to be claimed', () => {
    const outcome = normalizeIntake(intake('{"event_type":"a","event_id":"evt_1"}'), settings);
    expect(outcome.ok && outcome.idempotency).toEqual({ claim: true, key: 'evt_1' });
  });

  it('keeps the ingestion time and says why when the timestamp does not parse', () => {
    const outcome = normalizeIntake(intake('{"event_type":"a","occurred_at":"later"}'), settings);
    expect(outcome.ok && outcome.event).toEqual(
      expect.objectContaining({ eventTime: '2026-05-01T10:00:00.000Z', timeSource: 'ingestion', timestampIssue: expect.stringContaining('"occurred_at"') }),
    );
  });

  it.each([
    ['{"data":{}}', 'invalid_path', 'event type path "event_type" does not resolve to a value'],
    ['{"event_type":{"x":1}}', 'invalid_path', 'resolves to an object, not a string'],
    ['{"event_type":', 'invalid_json', 'body is not valid JSON'],
  ])('rejects %s as %s', (body, reason, message) => {
    const outcome = normalizeIntake(intake(body), settings);
    expect(outcome).toEqual({ ok: false, rejection: expect.objectContaining({ reason, message: expect.stringContaining(message) }) });
  });

  it('reads the event type from a header', () => {
    const outcome = normalizeIntake(intake('{}', { 'x-github-event': 'push' }), { ...settings, eventTypePath: 'headers.x-github-event', timestampPath: null });
    expect(outcome.ok && outcome.event.eventType).toBe('push');
  });
});
