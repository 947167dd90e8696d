import { createHmac, randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { startPrivateKafka, startPrivateStore, waitFor, type PrivateServer } from '@inlet/testing';
import { startStack, type ServiceName, type Stack } from './stack';

// Any process can die at any moment. For each process of the pipeline, a steady stream of signed
// webhooks runs while it is killed with -9 and started again; then what the senders saw is checked
// against what happened: every 202 reaches a final status and its workflow run exists exactly once,
// every refusal is a 503 with Retry-After, nothing refused ran, and nothing ran twice.

jest.setTimeout(240_000);

// The servers' own output is not shown; what the launcher and the test say is.
const log = (line: string) => void (/\[(stdout|stderr)\]/.test(line) || process.stderr.write(`[faults] ${line}\n`));
const SIGNING_KEY = `whsec_${randomBytes(24).toString('hex')}`;
/** Senders running at once; each sends its next request when the previous one is answered. */
const SENDERS = 4;
/** Requests accepted before the kill, and again after the restart, before the stream stops. */
const ACCEPTED_AROUND_FAULT = 40;
/** How long the killed process stays down: longer than the gateway waits to send a queued request. */
const OUTAGE_MS = 7_000;
/** A sender's pause after an answer: keeps the stream steady (about 80 requests/s) rather than as fast as the machine goes. */
const PACE_MS = 50;

type Sent = { n: number; userId: string; status: number; retryAfter: string | null; eventId?: string; error?: string };

describe('every accepted event survives a process killed mid-stream', () => {
  let kafka: Awaited<ReturnType<typeof startPrivateKafka>>;
  let store: Awaited<ReturnType<typeof startPrivateStore>>;
  let stack: Stack;
  let client: mongoose.mongo.MongoClient;

  beforeAll(async () => {
    [kafka, store] = await Promise.all([startPrivateKafka(log), startPrivateStore(log)]);
    stack = await startStack('faults', { infra: { kafkaBrokers: [kafka.brokers], mongoUrl: store.url }, apiEnv: { INLET_DEMO_SIGNING_KEY: SIGNING_KEY } });
    const enforced = await stack.api('/v1/sources/demo/environments/development', { method: 'PATCH', body: { verification: { enabled: true } } });
    expect(enforced.status).toBe(200);
    await waitFor('the gateway to enforce signatures', async () => ((await stack.send(stack.demoToken, '{}')).status === 401 ? true : undefined));
    client = await new mongoose.mongo.MongoClient(store.url, { serverSelectionTimeoutMS: 30_000 }).connect();
  });

  afterAll(async () => {
    await client?.close();
    await stack?.stop();
    await Promise.all([kafka?.stop(), store?.stop()]);
  });

  /** One signed `user.signed_up` webhook to the demo source: it identifies its user, then triggers `welcome` for them. */
  async function sendOne(run: string, n: number): Promise<Sent> {
    const userId = `u-${run}-${n}`;
    const body = JSON.stringify({ type: 'user.signed_up', data: { user: { id: userId, email: `${userId}@example.com`, name: `User ${n}` } } });
    const signature = createHmac('sha256', SIGNING_KEY).update(body).digest('hex');
    try {
      const res = await fetch(`${stack.services.gateway.url}/integrations/receive/${stack.demoToken}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-knock-signature': signature },
        body,
        signal: AbortSignal.timeout(120_000),
      });
      const answer = (await res.json()) as { id?: string };
      return { n, userId, status: res.status, retryAfter: res.headers.get('retry-after'), eventId: res.status === 202 ? answer.id : undefined };
    } catch (err) {
      // Only a dead gateway leaves a sender with no answer at all.
      return { n, userId, status: 0, retryAfter: null, error: String((err as Error).cause ?? err) };
    }
  }

  /** Streams webhooks, kills the target once some were accepted, restarts it, and stops once more were accepted after. */
  async function streamThroughFault(run: string, fault: { kill(): Promise<void>; restart(): Promise<void> }): Promise<Sent[]> {
    const sent: Sent[] = [];
    let next = 0;
    let streaming = true;
    const accepted = () => sent.filter((s) => s.status === 202).length;
    const senders = Array.from({ length: SENDERS }, async () => {
      while (streaming) {
        const answer = await sendOne(run, next++);
        sent.push(answer);
        // A sender told to come back later (or left without an answer) pauses longer, as real ones do.
        await new Promise((resolve) => setTimeout(resolve, answer.status === 202 ? PACE_MS : 4 * PACE_MS));
      }
    });
    try {
      await waitFor('requests accepted before the fault', () => (accepted() >= ACCEPTED_AROUND_FAULT ? true : undefined), 60_000);
      await fault.kill();
      // Senders keep going while the process is down: what they get is checked afterwards.
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      const restarting = Date.now();
      await fault.restart();
      log(`${run}: restarted and ready in ${Date.now() - restarting} ms`);
      const acceptedAtRestart = accepted();
      await waitFor('requests accepted after the restart', () => (accepted() >= acceptedAtRestart + ACCEPTED_AROUND_FAULT ? true : undefined), 120_000);
    } finally {
      streaming = false;
      await Promise.all(senders);
    }
    return sent;
  }

  async function checkOutcome(sent: Sent[], target: string): Promise<void> {
    // Read straight from the store: thousands of events, which paging through the api would make the slowest part of the suite.
    const db = client.db(stack.dbName);
    // What the senders saw: accepted, or told to retry later; no answer only when the gateway itself was dead.
    for (const s of sent) {
      if (s.status === 202) expect(s.eventId).toEqual(expect.any(String));
      else if (s.status === 503) expect(s.retryAfter).toMatch(/^\d+$/);
      else if (target === 'gateway') expect(s).toMatchObject({ status: 0, error: expect.stringMatching(/ECONNREFUSED|ECONNRESET|socket|closed/i) });
      else throw new Error(`request ${s.n} got ${s.status} while ${target} was down: ${JSON.stringify(s)}`);
    }
    const accepted = sent.filter((s) => s.status === 202);
    const ids = accepted.map((s) => s.eventId!);

    // Every 202 reaches a final status.
    const logs = await waitFor(
      `${ids.length} logs to leave pending`,
      async () => {
        const found = await db
          .collection<{ _id: string; status: string }>('source_logs')
          .find({ _id: { $in: ids } }, { projection: { status: 1 } })
          .toArray();
        return found.length === ids.length && found.every((l) => l.status !== 'pending') ? found : undefined;
      },
      180_000,
      1_000,
    );
    expect(logs.filter((l) => l.status !== 'processed')).toEqual([]);

    // Each action took effect once: every request has its own recipient, so its workflow runs are
    // counted by recipient. An accepted request made exactly one; a 503 none; a request the dead
    // gateway left unanswered may or may not have been accepted (its sender cannot know), but not twice.
    const runs = await db
      .collection<{ eventId: string; recipient: { id: string } }>('workflow_runs')
      .find({ 'recipient.id': { $in: sent.map((s) => s.userId) } }, { projection: { eventId: 1, recipient: 1 } })
      .toArray();
    const runsOf = (s: Sent) => runs.filter((r) => r.recipient.id === s.userId);
    expect(accepted.filter((s) => runsOf(s).length !== 1 || runsOf(s)[0].eventId !== s.eventId)).toEqual([]);
    expect(sent.filter((s) => s.status === 503 && runsOf(s).length > 0)).toEqual([]);
    expect(sent.filter((s) => s.status === 0 && runsOf(s).length > 1)).toEqual([]);
    const users = db.collection<{ environment: string; id: string }>('directory_users');
    const refusedUsers = await users.find({ environment: 'development', id: { $in: sent.filter((s) => s.status === 503).map((s) => s.userId) } }).toArray();
    expect(refusedUsers.map((u) => u.id)).toEqual([]);
    const identified = await users.countDocuments({ environment: 'development', id: { $in: accepted.map((s) => s.userId) } });
    expect(identified).toBe(accepted.length);
    log(`${target}: ${sent.length} sent, ${accepted.length} accepted, ${sent.filter((s) => s.status === 503).length} answered 503, ${sent.filter((s) => s.status === 0).length} unanswered; all accepted processed once`);
  }

  const services: ServiceName[] = ['gateway', 'verifier', 'mapping-engine', 'action-executor', 'event-log'];
  it.each(services)('%s killed with -9 and restarted: nothing accepted is lost, stuck or doubled', async (service) => {
    const run = `${service}-${Date.now()}`;
    const sent = await streamThroughFault(run, { kill: () => stack.kill(service), restart: () => stack.restart(service) });
    await checkOutcome(sent, service);
  });

  it.each([
    ['the Kafka broker', () => kafka],
    ['the store', () => store],
  ] as [string, () => PrivateServer][])('%s killed with -9 and restarted: nothing accepted is lost, stuck or doubled', async (name, server) => {
    const run = `${name.split(' ').pop()}-${Date.now()}`;
    const sent = await streamThroughFault(run, server());
    await checkOutcome(sent, name);
  });
});
