import { enforcementPreview, eventTypeVerdict, formatBytes, keyValidity, overlapUntil, resolveSamplePath, showValue, timestampVerdict } from './source-settings';

const sample = { body: { type: 'task.assigned', headers: { x: 1 }, data: { at: '2026-01-01T00:00:00Z', items: [{ id: 'a' }] } }, headers: { 'X-Request-Id': 'r1' } };

describe('resolveSamplePath', () => {
  it.each([
    ['type', { found: true, value: 'task.assigned' }],
    ['data.at', { found: true, value: '2026-01-01T00:00:00Z' }],
    ['data.items.0.id', { found: true, value: 'a' }],
    ['headers.x-request-id', { found: true, value: 'r1' }],
    ['body.headers.x', { found: true, value: 1 }],
    ['data.missing', { found: false }],
    ['headers.nope', { found: false }],
    ['type.', { found: false }],
    ['constructor', { found: false }],
  ])('%s', (path, expected) => expect(resolveSamplePath(sample, path)).toEqual(expected));
});

describe('showValue', () => {
  it('shows strings as they are, the rest as JSON, cut when long', () => {
    expect(showValue('a b')).toBe('a b');
    expect(showValue({ a: 1 })).toBe('{"a":1}');
    expect(showValue('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('enforcementPreview', () => {
  it('counts the requests enforcing would have refused, by cause, among those given', () => {
    const logs = ['unenforced:failed', 'unenforced:missing', 'unenforced:missing', 'unenforced:verified', 'enforced:verified', null].map((verification) => ({ verification }));
    expect(enforcementPreview(logs)).toEqual({ total: 6, failed: 1, missing: 2, refused: 3 });
    expect(enforcementPreview([])).toEqual({ total: 0, failed: 0, missing: 0, refused: 0 });
  });
});

describe('overlapUntil', () => {
  it('is the time the old key stops, or null for none', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    expect(overlapUntil(48, now)).toBe('2026-03-03T00:00:00.000Z');
    expect(overlapUntil(0, now)).toBeNull();
    expect(overlapUntil(Number.NaN, now)).toBeNull();
  });
});

describe('keyValidity and formatBytes', () => {
  it('reads as people say it', () => {
    expect(keyValidity(null, String)).toBe('valid');
    expect(keyValidity('2026-03-03T00:00:00Z', () => 'Mar 3')).toBe('valid until Mar 3');
    expect(formatBytes(1_048_576)).toBe('1 MiB');
    expect(formatBytes(512 * 1024)).toBe('512 KiB');
    expect(formatBytes(300)).toBe('300 bytes');
    expect(formatBytes(0)).toBe('');
  });
});

describe('eventTypeVerdict and timestampVerdict', () => {
  const at = (value: unknown) => ({ found: true as const, value });
  it('takes what the normalizer takes, and says why not otherwise', () => {
    expect(eventTypeVerdict(at('task.assigned'))).toEqual({ ok: true, value: 'task.assigned' });
    expect(eventTypeVerdict(at(42))).toEqual({ ok: true, value: '42' });
    expect(eventTypeVerdict(at({ a: 1 }))).toEqual({ ok: false, reason: '{"a":1} is not a string: the event would be logged as invalid_path' });
    expect(eventTypeVerdict(at(''))).toMatchObject({ ok: false });
    expect(eventTypeVerdict(at('x'.repeat(256)))).toMatchObject({ ok: false, reason: expect.stringContaining('255') });
    expect(eventTypeVerdict({ found: false })).toMatchObject({ ok: false, reason: expect.stringContaining('invalid_path') });
    expect(timestampVerdict(at('2026-03-01T10:00:00Z'))).toEqual({ ok: true, value: '2026-03-01T10:00:00.000Z' });
    expect(timestampVerdict(at(1_772_359_200))).toEqual({ ok: true, value: '2026-03-01T10:00:00.000Z' });
    expect(timestampVerdict(at('1772359200000'))).toEqual({ ok: true, value: '2026-03-01T10:00:00.000Z' });
    expect(timestampVerdict(at('yesterday'))).toEqual({ ok: false, reason: 'yesterday is not ISO-8601 or epoch seconds/milliseconds: events would be timed when received' });
    expect(timestampVerdict({ found: false })).toEqual({ ok: false, reason: 'nothing at this path: events would be timed when received' });
  });
});
