import { percentile, summarizeLogs, windowStart } from './summarize-logs';

describe('percentile', () => {
  it.each([
    [[], 0.5, null],
    [[7], 0.99, 7],
    [[1, 2, 3, 4], 0.5, 2],
    [[1, 2, 3, 4], 0.99, 4],
    [Array.from({ length: 100 }, (_, i) => i + 1), 0.99, 99],
    [Array.from({ length: 100 }, (_, i) => i + 1), 0.5, 50],
  ])('of %j at %d is %p', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});

describe('summarizeLogs', () => {
  it('splits accepted from refused, refusals by reason, and gives every status even when none', () => {
    const summary = summarizeLogs(
      [
        { status: 'processed', count: 5 },
        { status: 'failed', count: 2 },
        { status: 'duplicate', count: 1 },
        { status: 'signature_invalid', count: 3 },
        { status: 'too_large', count: 1 },
      ],
      [900, 100, 300],
    );
    expect(summary).toEqual({
      received: 12,
      accepted: 8,
      refused: {
        total: 4,
        byReason: { signature_missing: 0, signature_invalid: 3, invalid_json: 0, too_large: 1, invalid_event: 0, unsupported_media_type: 0 },
      },
      statuses: { pending: 0, processed: 5, partially_failed: 0, failed: 2, duplicate: 1, no_mappings: 0, invalid_path: 0 },
      receiptToFinal: { count: 3, p50Ms: 300, p99Ms: 900 },
    });
  });

  it('has no percentiles before any log ended', () => {
    expect(summarizeLogs([{ status: 'pending', count: 2 }], []).receiptToFinal).toEqual({ count: 0, p50Ms: null, p99Ms: null });
  });
});

describe('windowStart', () => {
  it('is an hour or a day before now', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    expect(windowStart('1h', now).toISOString()).toBe('2026-12-01T11:00:00.000Z');
    expect(windowStart('24h', now).toISOString()).toBe('2026-11-30T12:00:00.000Z');
  });
});
