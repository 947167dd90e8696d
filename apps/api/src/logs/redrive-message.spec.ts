import type { SourceLog } from '@inlet/store/source-logs';
import { redriveMessage } from './redrive-message';

const now = new Date('2026-05-01T12:00:00.000Z');
const action = (mappingId: string, status?: 'success' | 'failed' | 'skipped') => ({
  actionId: `evt_1:${mappingId}`,
  mappingId,
  actionType: 'identify_user',
  position: 0,
  configured: {},
  at: now,
  ...(status ? { status } : {}),
});
const log = (partial: Partial<SourceLog> = {}): SourceLog => ({
  _id: 'evt_1',
  sourceEnvironmentId: 'env_1',
  sourceKey: 'tasks',
  environment: 'development',
  status: 'partially_failed',
  receivedAt: new Date('2026-05-01T10:00:00.000Z'),
  edgeVerification: 'enforced:verified',
  verifiedKeyId: 'key_1',
  request: { contentType: 'application/json', headers: { 'x-knock-signature': '[redacted]', 'content-type': 'application/json' }, body: { type: 'a', n: 1 } },
  actions: { m1: action('m1', 'success'), m2: action('m2', 'failed'), m3: action('m3', 'skipped'), m4: action('m4') },
  timeline: {},
  version: 3,
  ...partial,
});

describe('redriveMessage', () => {
  it('sends the event again under its own id, with the kept request and the edge verdict', () => {
    const built = redriveMessage(log(), 'bootstrap', now);
    if (!built.ok) throw new Error(built.refusal.message);
    expect(built.value).toEqual(
      expect.objectContaining({ eventId: 'evt_1', sourceEnvironmentId: 'env_1', sourceKey: 'tasks', environment: 'development', producedAt: '2026-05-01T12:00:00.000Z' }),
    );
    expect(built.value.payload).toEqual(
      expect.objectContaining({ receivedAt: '2026-05-01T10:00:00.000Z', verification: 'enforced:verified', verifiedKeyId: 'key_1', sensitiveHeaders: ['x-knock-signature'] }),
    );
    expect(JSON.parse(Buffer.from(built.value.payload.bodyBase64, 'base64').toString('utf8'))).toEqual({ type: 'a', n: 1 });
  });

  it('numbers the attempt and retries only the actions that did not succeed', () => {
    const built = redriveMessage(log({ redrive: { attempt: 1, requestedAt: now, requestedBy: 'k1' } }), 'key_7', now);
    expect(built.ok && built.value.payload.redrive).toEqual({ attempt: 2, requestedAt: '2026-05-01T12:00:00.000Z', requestedBy: 'key_7', retryActions: ['m2', 'm3', 'm4'] });
  });

  it.each<[string, Partial<SourceLog>, string]>([
    ['a processed event', { status: 'processed' }, 'not_redrivable'],
    ['an event still pending', { status: 'pending' }, 'not_redrivable'],
    ['a duplicate', { status: 'duplicate' }, 'not_redrivable'],
    ['a body too large to keep', { request: { contentType: 'application/json', headers: {}, bodyOmitted: 'body of 2000000 bytes is larger than the 1048576 a log keeps' } }, 'body_not_kept'],
    ['no request logged at all', { request: undefined }, 'body_not_kept'],
  ])('refuses %s', (_case, partial, code) => {
    const built = redriveMessage(log(partial), 'bootstrap', now);
    expect(built.ok ? null : built.refusal.code).toBe(code);
  });
});
