import { createHmac, randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { sampleValue, testInfrastructure, waitFor } from '@inlet/testing';
import { startStack, type ServiceName, type Stack } from './stack';

// One busy source environment, two processes of every consumer service. Every stage message is
// keyed by its event id, so the demo source's events spread over all six partitions of each topic
// and both replicas of each service take a share, handling events of the same users at the same
// time. Signed webhooks go out in rounds over many connections, each round naming the same users
// again, some requests sent twice at once with one idempotency key; then what a user would check:
// every log final, one workflow run per event that ran, one copy of each key run, each user holding
// the traits of its latest round, and both replicas of each service having done work.

jest.setTimeout(420_000);

const log = (line: string) => void process.stderr.write(`[replicas] ${line}\n`);
const SIGNING_KEY = `whsec_${randomBytes(24).toString('hex')}`;
const CONSUMERS = ['verifier', 'mapping-engine', 'action-executor', 'event-log'] as const satisfies readonly ServiceName[];
/** Users named by every round: fewer than a round's requests, so each user's events meet on both replicas. */
const USERS = 300;
/** Requests per round, and rounds: a user's traits change from round to round. */
const PER_ROUND = 1000;
const ROUNDS = 3;
/** Every this many requests, one is sent twice at once with the same idempotency key. */
const TWICE_EVERY = 20;
/** Requests in flight at once, each sender on its own connection. */
const SENDERS = 32;

type Request = { key: string; userId: string; round: number; email: string; name: string; body: string };
type Sent = Request & { eventId: string };
type StoredLog = { _id: string; status: string; idempotency?: { outcome: string; originalEventId?: string } };

describe('one busy source over two replicas of every consumer service', () => {
  let stack: Stack;
  let client: mongoose.mongo.MongoClient;
  const run = `r${Date.now()}`;

  beforeAll(async () => {
    stack = await startStack('replicas', {
      apiEnv: { INLET_DEMO_SIGNING_KEY: SIGNING_KEY },
      replicas: Object.fromEntries(CONSUMERS.map((s) => [s, 2])),
    });
    const patched = await stack.api('/v1/sources/demo/environments/development', {
      method: 'PATCH',
      body: { verification: { enabled: true }, idempotency: { enabled: true, key_path: 'id' } },
    });
    expect(patched.status).toBe(200);
    await waitFor('the gateway to enforce signatures', async () => ((await stack.send(stack.demoToken, '{}')).status === 401 ? true : undefined));
    // Both verifiers must claim keys before the load: a run of claimed warm-up events, each on a
    // partition picked by its id, is one both have (a stale replica would log the key `disabled`).
    let claimedInARow = 0;
    let warmUps = 0;
    await waitFor(
      'both verifiers to claim idempotency keys',
      async () => {
        const sent = await send(request(`warm-${run}`, 0, warmUps++));
        const warm = await stack.log<{ idempotency: { outcome: string } | null }>(sent.eventId);
        claimedInARow = warm.idempotency?.outcome === 'claimed' ? claimedInARow + 1 : 0;
        return claimedInARow >= 12 ? true : undefined;
      },
      60_000,
      0,
    );
    client = await new mongoose.mongo.MongoClient(testInfrastructure().mongoUrl).connect();
  });

  afterAll(async () => {
    await client?.close();
    await stack?.stop();
  });

  /** A signed `user.signed_up` for the demo source: identify the user with these traits, then trigger `welcome` for them. */
  function request(userId: string, round: number, n: number): Request {
    const key = `${run}-${round}-${n}`;
    const email = `${userId}+round${round}@example.com`;
    const name = `User ${userId}, request ${key}`;
    const body = JSON.stringify({ id: key, type: 'user.signed_up', data: { user: { id: userId, email, name } } });
    return { key, userId, round, email, name, body };
  }

  async function send(r: Request): Promise<Sent> {
    const res = await fetch(`${stack.services.gateway.url}/integrations/receive/${stack.demoToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-knock-signature': createHmac('sha256', SIGNING_KEY).update(r.body).digest('hex') },
      body: r.body,
    });
    const answer = (await res.json()) as { id?: string };
    if (res.status !== 202 || !answer.id) throw new Error(`request ${r.key} answered ${res.status}: ${JSON.stringify(answer)}`);
    return { ...r, eventId: answer.id };
  }

  /** Sends the requests from SENDERS concurrent senders; a request listed twice in a row goes out twice at about the same time. */
  async function sendAll(requests: Request[]): Promise<Sent[]> {
    const sent: Sent[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < requests.length) sent.push(await send(requests[next++]));
      }),
    );
    return sent;
  }

  const userOf = (round: number, n: number) => `u-${run}-${(n * 7 + round) % USERS}`;

  it('every event reaches its final status, each action takes effect once, and both replicas of each service did work', async () => {
    const db = client.db(stack.dbName);
    const logs = db.collection<StoredLog>('source_logs');
    const all: Sent[] = [];
    const started = Date.now();

    for (let round = 1; round <= ROUNDS; round++) {
      const requests = Array.from({ length: PER_ROUND }, (_, n) => request(userOf(round, n), round, n)).flatMap((r, n) => (n % TWICE_EVERY === 0 ? [r, r] : [r]));
      const sent = await sendAll(requests);
      all.push(...sent);
      const ids = sent.map((s) => s.eventId);
      // A round ends when every log of it is final: the next round's traits are sent after this round's took effect.
      await waitFor(
        `round ${round}: ${ids.length} logs to leave pending`,
        async () => ((await logs.countDocuments({ _id: { $in: ids }, status: { $ne: 'pending' } })) === ids.length ? true : undefined),
        180_000,
        500,
      );
      log(`round ${round}: ${sent.length} requests accepted and final after ${Math.round((Date.now() - started) / 1000)} s`);
    }

    // Every 202 reached its final status: processed, except the copies of a key already claimed.
    const stored = new Map((await logs.find({ _id: { $in: all.map((s) => s.eventId) } }, { projection: { status: 1, idempotency: 1 } }).toArray()).map((l) => [l._id, l]));
    expect(stored.size).toBe(all.length);
    const copies = new Map<string, Sent[]>();
    for (const s of all) copies.set(s.key, [...(copies.get(s.key) ?? []), s]);
    const ran: Sent[] = [];
    const problems: string[] = [];
    for (const [key, sentCopies] of copies) {
      const processed = sentCopies.filter((s) => stored.get(s.eventId)!.status === 'processed');
      if (processed.length !== 1) problems.push(`${key}: ${processed.length} of ${sentCopies.length} copies processed`);
      for (const s of sentCopies) {
        const l = stored.get(s.eventId)!;
        if (l.status === 'processed') continue;
        // The other copy of a key sent twice: a duplicate of the copy that ran.
        if (l.status !== 'duplicate' || l.idempotency?.originalEventId !== processed[0]?.eventId) problems.push(`${s.eventId} (${key}): ${JSON.stringify(l)}`);
      }
      ran.push(...processed);
    }
    expect(problems).toEqual([]);
    expect(all.length - ran.length).toBe(ROUNDS * Math.ceil(PER_ROUND / TWICE_EVERY));

    // One workflow run per event that ran, for its user; none for a duplicate, none twice.
    const runs = await db
      .collection<{ eventId: string; recipient: { id: string } }>('workflow_runs')
      .find({ 'recipient.id': { $regex: `^u-${run}-` } }, { projection: { eventId: 1, recipient: 1 } })
      .toArray();
    const runsByEvent = new Map<string, string[]>();
    for (const r of runs) runsByEvent.set(r.eventId, [...(runsByEvent.get(r.eventId) ?? []), r.recipient.id]);
    expect(runs).toHaveLength(ran.length);
    expect(ran.filter((s) => runsByEvent.get(s.eventId)?.join() !== s.userId)).toEqual([]);

    // Each user once, with the email of the latest round, and the name of one of that round's requests for it.
    const users = await db
      .collection<{ id: string; email: string; name: string }>('directory_users')
      .find({ environment: 'development', id: { $regex: `^u-${run}-` } })
      .toArray();
    expect(users).toHaveLength(USERS);
    const latest = (userId: string) => ran.filter((s) => s.userId === userId && s.round === Math.max(...ran.filter((t) => t.userId === userId).map((t) => t.round)));
    const stale = users.filter((u) => {
      const candidates = latest(u.id);
      return !candidates.some((s) => s.email === u.email && s.name === u.name);
    });
    expect(stale.map((u) => ({ id: u.id, email: u.email, name: u.name }))).toEqual([]);

    // Both processes of each consumer service did a share of the work, by its own counter of work done.
    const source = { source: 'demo', environment: 'development' };
    const work: Record<(typeof CONSUMERS)[number], [string, Record<string, string>]> = {
      verifier: ['inlet_verifier_events_total', { ...source, outcome: 'normalized' }],
      'mapping-engine': ['inlet_mapping_events_total', { ...source, outcome: 'planned' }],
      'action-executor': ['inlet_executor_actions_total', { ...source, action_type: 'trigger_workflow', status: 'completed' }],
      'event-log': ['inlet_event_log_final_total', { ...source, status: 'processed' }],
    };
    for (const service of CONSUMERS) {
      const [name, labels] = work[service];
      const counts = await Promise.all(stack.replicas[service].map(async (p) => sampleValue(await (await fetch(`${p.url}/metrics`)).text(), name, labels) ?? 0));
      log(`${service}: ${name} per replica ${counts.join(' + ')}`);
      expect(counts).toHaveLength(2);
      for (const count of counts) expect(count).toBeGreaterThan(0);
      // Together they handled every event that ran (a redelivery may count one twice, never less).
      expect(counts[0] + counts[1]).toBeGreaterThanOrEqual(ran.length);
    }
  });
});
