import fc from 'fast-check';
import { checkTrackBatch, MAX_BATCH_EVENTS } from './check-track-batch';

const event = { type: 'track', event: 'Signed Up', userId: 'u_1' };

describe('checkTrackBatch', () => {
  it.each([
    ['one event', { batch: [event] }, 1],
    [`${MAX_BATCH_EVENTS} events`, { batch: Array(MAX_BATCH_EVENTS).fill(event) }, MAX_BATCH_EVENTS],
    ['items that are not events (checked one by one later)', { batch: [event, 5, null] }, 3],
    ['other top-level keys', { batch: [event], context: { library: 'x' }, sentAt: '2024-05-01T12:00:00Z' }, 1],
  ])('returns the items of %s', (_name, body, count) => {
    const result = checkTrackBatch(body);
    expect(result).toEqual({ ok: true, items: (body as { batch: unknown[] }).batch });
    expect(result.ok && result.items).toHaveLength(count);
  });

  it.each([
    ['a single event', event, 'required: the body must be {"batch": [ ...events ]}'],
    ['a bare array', [event], 'required: the body must be {"batch": [ ...events ]}, not an array'],
    ['a null batch', { batch: null }, 'required: the body must be {"batch": [ ...events ]}'],
    ['a batch that is an object', { batch: { 0: event } }, 'must be an array, not an object'],
    ['an empty batch', { batch: [] }, 'must hold at least one event'],
    [`${MAX_BATCH_EVENTS + 1} events`, { batch: Array(MAX_BATCH_EVENTS + 1).fill(event) }, `must hold at most ${MAX_BATCH_EVENTS} events, not ${MAX_BATCH_EVENTS + 1}`],
  ])('refuses %s, naming batch', (_name, body, message) => {
    expect(checkTrackBatch(body)).toEqual({ ok: false, field: 'batch', message });
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ batch: fc.jsonValue() })), (value) => {
        const result = checkTrackBatch(value);
        expect(result.ok ? Array.isArray(result.items) : result.field === 'batch').toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
