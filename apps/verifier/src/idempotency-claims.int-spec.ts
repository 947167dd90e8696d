import { idempotencyClaimOf } from '@inlet/domain/normalize';
import { createLogger } from '@inlet/platform/observability';
import { connectMongo } from '@inlet/platform/mongo';
import { testInfrastructure, testNamespace } from '@inlet/testing';
import type { Connection } from 'mongoose';
import { IdempotencyClaims, pruneIdempotencyClaims } from './idempotency-claims';

describe('idempotency claims, against the real store', () => {
  let connection: Connection;
  let claims: IdempotencyClaims;
  let scope = 0;

  const at = (iso: string) => new Date(`2026-06-01T${iso}Z`);
  /** Event `eventId` received at `receivedAt` with key `key`, under a one-hour window. */
  const claimOf = (eventId: string, key: string, receivedAt = at('10:00:00')) =>
    idempotencyClaimOf({ sourceEnvironmentId: 'shop.production', eventType: 'order.paid', eventId, key, receivedAt }, 3600);
  const freshKey = () => `key-${++scope}`;

  beforeAll(async () => {
    connection = await connectMongo({ url: testInfrastructure().mongoUrl, dbName: testNamespace('claims').dbName, logger: createLogger({ service: 'test', level: 'error' }), appName: 'test' });
    claims = new IdempotencyClaims(connection);
    await Promise.all(Object.values(connection.models).map((m) => m.init()));
  });

  afterAll(async () => {
    await connection?.close();
  });

  it('lets the first event hold a key, refuses a second, and accepts the holder again', async () => {
    const key = freshKey();
    expect(await claims.claim(claimOf('e1', key))).toEqual({ outcome: 'claimed' });
    expect(await claims.claim(claimOf('e2', key, at('10:30:00')))).toEqual({ outcome: 'duplicate', holder: 'e1' });
    expect(await claims.claim(claimOf('e1', key))).toEqual({ outcome: 'claimed' });
  });

  it('lets exactly one of many simultaneous copies through', async () => {
    const key = freshKey();
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => claims.claim(claimOf(`copy-${i}`, key))));
    expect(results.filter((r) => r.outcome === 'claimed')).toHaveLength(1);
    const holder = results.findIndex((r) => r.outcome === 'claimed');
    expect(results.filter((r) => r.outcome === 'duplicate').map((r) => r.outcome === 'duplicate' && r.holder)).toEqual(Array(24).fill(`copy-${holder}`));
  });

  it('gives a key whose window closed to the next event, and to only one of simultaneous copies', async () => {
    const key = freshKey();
    await claims.claim(claimOf('first', key, at('08:00:00')));
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => claims.claim(claimOf(`late-${i}`, key, at('09:00:01')))));
    expect(results.filter((r) => r.outcome === 'claimed')).toHaveLength(1);
    expect(results.some((r) => r.outcome === 'duplicate' && r.holder === 'first')).toBe(false);
  });

  it('gives a released key to the next copy, and only when its holder releases it', async () => {
    const key = freshKey();
    await claims.claim(claimOf('failed', key));
    await claims.release(claimOf('someone-else', key).id, 'someone-else', at('10:05:00'));
    expect(await claims.claim(claimOf('retry', key, at('10:06:00')))).toEqual({ outcome: 'duplicate', holder: 'failed' });

    await claims.release(claimOf('failed', key).id, 'failed', at('10:05:00'));
    expect(await claims.claim(claimOf('retry', key, at('10:06:00')))).toEqual({ outcome: 'claimed' });
    expect(await claims.claim(claimOf('another', key, at('10:07:00')))).toEqual({ outcome: 'duplicate', holder: 'retry' });
  });

  it('claims a batch of keys at once: free keys go to their first copy, held ones stay their holder’s, closed windows are taken over', async () => {
    const [held, free, copied, stale] = [freshKey(), freshKey(), freshKey(), freshKey()];
    await claims.claim(claimOf('holder', held));
    await claims.claim(claimOf('old', stale, at('08:00:00')));
    const results = await claims.claimAll([
      claimOf('b-held', held),
      claimOf('b-free', free),
      claimOf('b-copy-1', copied),
      claimOf('b-stale', stale),
      claimOf('b-copy-2', copied),
      claimOf('holder', held),
    ]);
    expect(results).toEqual([
      { outcome: 'duplicate', holder: 'holder' },
      { outcome: 'claimed' },
      { outcome: 'claimed' },
      { outcome: 'claimed' },
      { outcome: 'duplicate', holder: 'b-copy-1' },
      // The holder's own redelivery in the same batch: still its key.
      { outcome: 'claimed' },
    ]);
    expect(await claims.claim(claimOf('later', free, at('10:30:00')))).toEqual({ outcome: 'duplicate', holder: 'b-free' });
    expect(await claims.claim(claimOf('later', stale, at('10:30:00')))).toEqual({ outcome: 'duplicate', holder: 'b-stale' });
  });

  it('claims nothing for a batch with no key to claim', async () => {
    expect(await claims.claimAll([])).toEqual([]);
  });

  it('lets exactly one of two simultaneous batches with the same keys hold each key', async () => {
    const keys = Array.from({ length: 20 }, () => freshKey());
    const [a, b] = await Promise.all(['a', 'b'].map((replica) => claims.claimAll(keys.map((key) => claimOf(`${replica}-${key}`, key)))));
    keys.forEach((key, i) => {
      const winners = [a[i], b[i]].filter((r) => r.outcome === 'claimed');
      expect(winners).toHaveLength(1);
      const loser = [a[i], b[i]].find((r) => r.outcome === 'duplicate');
      expect(loser).toEqual({ outcome: 'duplicate', holder: a[i].outcome === 'claimed' ? `a-${key}` : `b-${key}` });
    });
  });

  it('prunes the claims whose window closed before the cutoff, released ones included', async () => {
    const [open, closed, released] = [freshKey(), freshKey(), freshKey()];
    await claims.claim(claimOf('open', open, at('12:00:00')));
    await claims.claim(claimOf('closed', closed, at('08:00:00')));
    await claims.claim(claimOf('released', released, at('12:00:00')));
    await claims.release(claimOf('released', released).id, 'released', at('12:01:00'));

    await pruneIdempotencyClaims(connection, at('12:30:00'));
    expect(await claims.claim(claimOf('next', open, at('12:40:00')))).toEqual({ outcome: 'duplicate', holder: 'open' });
    const left = await connection.collection('idempotency_keys').find({ _id: { $in: [claimOf('', closed).id, claimOf('', released).id] } as never }).toArray();
    expect(left).toEqual([]);
  });
});
