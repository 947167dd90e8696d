import type { FinalLogStatus } from '@inlet/contracts';
import { checkIdempotencyKey, idempotencyClaimId, idempotencyClaimOf, releasesIdempotencyClaim } from './idempotency';

const on = { enabled: true, keyPath: 'event_id', windowSeconds: 86_400 };
const root = (body: unknown, headers: Record<string, string> = {}) => ({ body, headers });

describe('checkIdempotencyKey', () => {
  it.each([
    ['a string key', { event_id: 'evt_1' }, { claim: true, key: 'evt_1' }],
    ['a key of exactly 255 characters', { event_id: 'k'.repeat(255) }, { claim: true, key: 'k'.repeat(255) }],
    ['a key with spaces and unicode', { event_id: ' é 1 ' }, { claim: true, key: ' é 1 ' }],
    ['no value at the path', { other: 1 }, { claim: false, idempotency: { outcome: 'no_key' } }],
    ['null at the path', { event_id: null }, { claim: false, idempotency: { outcome: 'no_key' } }],
    ['a body that is not an object', 'evt_1', { claim: false, idempotency: { outcome: 'no_key' } }],
  ])('%s', (_case, body, expected) => {
    expect(checkIdempotencyKey(root(body), on)).toEqual(expected);
  });

  it.each([
    ['a key of 256 characters', 'k'.repeat(256), 'is longer than 255 characters'],
    ['a number', 42, 'is number 42, not a string'],
    ['a boolean', true, 'is boolean true, not a string'],
    ['an object', { id: 'x' }, 'is an object, not a string'],
    ['an array', ['x'], 'is an array, not a string'],
    ['an empty string', '', 'is an empty string'],
  ])('drops %s, naming the path and why', (_case, value, why) => {
    expect(checkIdempotencyKey(root({ event_id: value }), on)).toEqual({
      claim: false,
      idempotency: { outcome: 'key_invalid', detail: `idempotency key at "event_id" ${why}; processed without deduplication` },
    });
  });

  it('reads the key from a header', () => {
    expect(checkIdempotencyKey(root({}, { 'x-github-delivery': 'd-1' }), { ...on, keyPath: 'headers.X-GitHub-Delivery' })).toEqual({ claim: true, key: 'd-1' });
  });

  it('does nothing when idempotency is off, even with a key present', () => {
    expect(checkIdempotencyKey(root({ event_id: 'evt_1' }), { ...on, enabled: false })).toEqual({ claim: false, idempotency: { outcome: 'disabled' } });
  });

  it('never reaches prototype properties', () => {
    expect(checkIdempotencyKey(root({}), { ...on, keyPath: 'constructor.name' })).toEqual({ claim: false, idempotency: { outcome: 'no_key' } });
  });
});

describe('idempotencyClaimOf', () => {
  const event = { sourceEnvironmentId: 'shop.production', eventId: 'e1', eventType: 'order.paid', key: 'k1', receivedAt: new Date('2026-05-01T10:00:00Z') };

  it('holds the key from receipt until the window closes', () => {
    expect(idempotencyClaimOf(event, 3600)).toEqual({
      id: idempotencyClaimId('shop.production', 'order.paid', 'k1'),
      eventId: 'e1',
      claimedAt: new Date('2026-05-01T10:00:00Z'),
      expiresAt: new Date('2026-05-01T11:00:00Z'),
    });
  });

  it.each([
    ['another key', { key: 'k2' }],
    ['another event type', { eventType: 'order.refunded' }],
    ['another source environment', { sourceEnvironmentId: 'shop.development' }],
    ['a split that would collide with a naive separator', { sourceEnvironmentId: 'shop.production|order.paid', eventType: 'k1', key: '' }],
  ])('is a different scope for %s', (_case, change) => {
    expect(idempotencyClaimOf({ ...event, ...change }, 60).id).not.toBe(idempotencyClaimOf(event, 60).id);
  });

  it('is the same scope for another event with the same key', () => {
    expect(idempotencyClaimOf({ ...event, eventId: 'e2' }, 60).id).toBe(idempotencyClaimOf(event, 60).id);
  });
});

describe('releasesIdempotencyClaim', () => {
  it.each<[FinalLogStatus, boolean]>([
    ['processed', false],
    ['no_mappings', false],
    ['failed', true],
    ['partially_failed', true],
  ])('%s → releases: %s', (status, releases) => {
    expect(releasesIdempotencyClaim(status)).toBe(releases);
  });
});
