import { parseJsonBody, parseTimestamp, resolveEventTime, resolveEventType } from './normalize-event';

const bytes = (s: string) => new TextEncoder().encode(s);
const receivedAt = new Date('2026-01-02T03:04:05.000Z');

describe('parseJsonBody', () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ['[1,2]', [1, 2]],
    ['"text"', 'text'],
  ])('parses %s', (raw, body) => {
    expect(parseJsonBody(bytes(raw))).toEqual({ ok: true, body });
  });

  it.each(['', '{', '{"a":}', 'not json'])('refuses %j with a message', (raw) => {
    const result = parseJsonBody(bytes(raw));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^body is not valid JSON/);
  });
});

describe('resolveEventType', () => {
  const root = (body: unknown, headers: Record<string, string> = {}) => ({ body, headers });

  it.each([
    [{ event_type: 'task.completed' }, 'event_type', 'task.completed'],
    [{ type: 42 }, 'type', '42'],
    [{ meta: { kind: 'a.b' } }, 'meta.kind', 'a.b'],
  ])('finds the type in %j at %s', (body, path, eventType) => {
    expect(resolveEventType(root(body), path)).toEqual({ ok: true, eventType });
  });

  it('reads a header', () => {
    expect(resolveEventType(root({}, { 'x-github-event': 'push' }), 'headers.x-github-event')).toEqual({ ok: true, eventType: 'push' });
  });

  it.each([
    [{}, 'event_type', 'does not resolve'],
    [{ event_type: '' }, 'event_type', 'not a string'],
    [{ event_type: { a: 1 } }, 'event_type', 'an object, not a string'],
    [{ event_type: null }, 'event_type', 'null, not a string'],
    [{ event_type: true }, 'event_type', 'boolean true, not a string'],
    [{ event_type: 'x'.repeat(256) }, 'event_type', 'longer than 255'],
  ])('reports %j at %s as an invalid path', (body, path, message) => {
    const result = resolveEventType(root(body), path);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['2026-03-04T05:06:07Z', '2026-03-04T05:06:07.000Z'],
    ['2026-03-04T05:06:07.123+02:00', '2026-03-04T03:06:07.123Z'],
    ['2026-03-04', '2026-03-04T00:00:00.000Z'],
    [1767225600, '2026-01-01T00:00:00.000Z'],
    [1767225600123, '2026-01-01T00:00:00.123Z'],
    ['1767225600', '2026-01-01T00:00:00.000Z'],
  ])('parses %j', (value, iso) => {
    expect(parseTimestamp(value)?.toISOString()).toBe(iso);
  });

  it.each([['yesterday'], ['2026-13-45T99:00:00Z'], [-5], [null], [{}], [Number.NaN], ['']])('refuses %j', (value) => {
    expect(parseTimestamp(value)).toBeNull();
  });
});

describe('resolveEventTime', () => {
  it('uses the payload time when the path parses', () => {
    expect(resolveEventTime({ body: { at: '2025-12-31T23:00:00Z' }, headers: {} }, 'at', receivedAt)).toEqual({
      eventTime: new Date('2025-12-31T23:00:00Z'),
      source: 'payload',
    });
  });

  it('uses the ingestion time without a timestamp path', () => {
    expect(resolveEventTime({ body: {}, headers: {} }, null, receivedAt)).toEqual({ eventTime: receivedAt, source: 'ingestion' });
  });

  it.each([
    [{}, 'does not resolve'],
    [{ at: 'soon' }, 'is not ISO-8601'],
  ])('falls back to the ingestion time for %j and says why', (body, issue) => {
    const result = resolveEventTime({ body, headers: {} }, 'at', receivedAt);
    expect(result.eventTime).toBe(receivedAt);
    expect(result.source).toBe('ingestion');
    expect(result.issue).toContain(issue);
  });
});
