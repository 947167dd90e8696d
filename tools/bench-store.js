// @ts-check
// `node tools/bench-store.js`: the local MongoDB-wire server (infra/local) alone, under the writes and
// reads the pipeline makes for demo events: the event-log's upsert of each of four stages and its
// read-back, the executor's action records, user upserts and workflow runs, in flushes of 200 events,
// as the services send them. Prints the store's CPU ms per event (utime + stime from /proc), after a
// warm-up for the JIT. Without the rest of the stack on the same two cores, a change to infra/local
// shows in a few runs instead of drowning in the noise of `npm run bench`.
//   --ab                 alternate runs with the library's own classes first on the classpath (the
//                        store without infra/local/patched) and with infra/local's, and compare them
//   STORE_BENCH_EVENTS (6000)  events per run;  STORE_BENCH_RUNS (1, or 6 pairs with --ab)
'use strict';
const { randomUUID } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { mongo } = require('mongoose');
const local = require('../infra/local');
const { cpuMs } = require('./bench/processes');

const FLUSH = 200;
const WARMUP_EVENTS = 2000;
const events = Number(process.env.STORE_BENCH_EVENTS ?? 6000);
const ab = process.argv.includes('--ab');
const runs = Number(process.env.STORE_BENCH_RUNS ?? (ab ? 6 : 1));

/** Starts the store on a fresh file; `stock`: the library's classes win over infra/local/patched. */
async function startStore(/** @type {boolean} */ stock) {
  const dir = mkdtempSync(join(tmpdir(), 'inlet-bench-store-'));
  const store = await local.startMongo({ persistentFile: join(dir, 'store.mv'), libraryClassesFirst: stock });
  const stop = async () => {
    await store.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { pid: store.pid, url: `${store.url}/?directConnection=true`, stop };
}

const body = {
  type: 'user.signed_up',
  data: { email: 'ada@example.com', profile: { name: 'Ada', tags: ['a', 'b', 'c'], address: { city: 'London', zip: 'N1' } } },
  items: Array.from({ length: 8 }, (_, i) => ({ sku: `sku-${i}`, qty: i, price: i * 1.5 })),
  pad: 'x'.repeat(400),
};

/** One action's planned fields, as the event-log sets them when the plan arrives. */
const planned = (/** @type {string} */ mappingId, /** @type {number} */ position) => ({
  [`actions.${mappingId}.actionId`]: `event:${mappingId}`,
  [`actions.${mappingId}.mappingId`]: mappingId,
  [`actions.${mappingId}.actionType`]: 'identify_user',
  [`actions.${mappingId}.position`]: position,
  [`actions.${mappingId}.configured`]: { id: { path: 'data.id' } },
  [`actions.${mappingId}.resolved`]: { id: 'user' },
});

/** `count` demo events' writes and reads, a flush at a time; `first` numbers their ids. */
async function demoEvents(/** @type {import('mongodb').Db} */ db, /** @type {number} */ first, /** @type {number} */ count) {
  const logs = db.collection('source_logs');
  const upsert = (/** @type {string[]} */ ids, /** @type {(id: string) => object} */ update) =>
    logs.bulkWrite(ids.map((id) => ({ updateOne: { filter: { _id: id }, update: update(id), upsert: true } })), { ordered: true });
  for (let n = first; n < first + count; n += FLUSH) {
    const now = new Date();
    // Time-ordered ids, as the gateway's UUIDv7s are.
    const ids = Array.from({ length: FLUSH }, (_, i) => `${now.getTime().toString(16)}-${String(n + i).padStart(9, '0')}-${randomUUID().slice(0, 8)}`);
    await upsert(ids, (id) => ({
      $set: {
        receivedAt: now,
        edgeVerification: 'none',
        request: { contentType: 'application/json', headers: { 'content-type': 'application/json' }, body: { ...body, data: { ...body.data, id } } },
        'timeline.received': { stage: 'received', at: now, service: 'gateway' },
        projectedAt: now,
      },
      $setOnInsert: { sourceEnvironmentId: 'env', sourceKey: 'demo', environment: 'development', status: 'pending', actions: {} },
      $inc: { version: 1 },
    }));
    await upsert(ids, () => ({
      $set: { eventType: 'user.signed_up', verification: 'none', eventTime: now, timeSource: 'ingestion', idempotency: { outcome: 'disabled' }, 'timeline.normalized': { stage: 'normalized', at: now, service: 'verifier' }, projectedAt: now },
      $inc: { version: 1 },
    }));
    await logs.find({ _id: { $in: ids } }, { projection: { version: 1 } }).toArray();
    await upsert(ids, () => ({
      $set: { plan: { planned: 2, skipped: [] }, ...planned('identify', 0), ...planned('trigger', 1), 'timeline.mapped': { stage: 'mapped', at: now, service: 'mapping-engine' }, projectedAt: now },
      $inc: { version: 1 },
    }));
    await logs.find({ _id: { $in: ids } }, { projection: { version: 1 } }).toArray();
    await db.collection('executed_actions').insertMany(
      ids.flatMap((id) => ['identify', 'trigger'].map((m) => ({ _id: `${id}:${m}`, actionType: m, result: { user_id: 'user' }, executedAt: now }))),
      { ordered: false },
    );
    await db.collection('directory_users').bulkWrite(
      ids.map((_, i) => ({ updateOne: { filter: { _id: `development:user-${(n + i) % 3000}` }, update: { $set: { email: 'ada@example.com', name: 'Ada', updatedAt: now }, $setOnInsert: { createdAt: now } }, upsert: true } })),
      { ordered: true },
    );
    await db.collection('workflow_runs').insertMany(ids.map((id) => ({ _id: `${id}:run`, workflow: 'welcome', recipient: 'user', createdAt: now })));
    const outcome = (/** @type {string} */ m) => ({ [`actions.${m}.status`]: 'success', [`actions.${m}.result`]: { ok: true }, [`actions.${m}.at`]: now, [`timeline.action:${m}`]: { stage: 'action_executed', at: now, service: 'action-executor' } });
    await upsert(ids, () => ({ $set: { ...outcome('identify'), ...outcome('trigger'), status: 'processed', finalAt: now, projectedAt: now }, $inc: { version: 1 } }));
    await logs.find({ _id: { $in: ids } }, { projection: { version: 1 } }).toArray();
  }
}

/** One run on a fresh store: the store's CPU ms per event after the warm-up. */
async function run(/** @type {boolean} */ stock) {
  const store = await startStore(stock);
  const client = await mongo.MongoClient.connect(store.url);
  try {
    const db = client.db('inlet');
    await demoEvents(db, 0, WARMUP_EVENTS);
    const before = cpuMs(store.pid);
    await demoEvents(db, WARMUP_EVENTS, events);
    return (cpuMs(store.pid) - before) / events;
  } finally {
    await client.close();
    await store.stop();
  }
}

const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (/** @type {number[]} */ xs) =>
  `median ${median(xs).toFixed(2)}, range ${Math.min(...xs).toFixed(2)} to ${Math.max(...xs).toFixed(2)} ms per event (${xs.length} runs)`;

async function main() {
  if (ab && !(await local.ensureArtifacts({})).classesDir) throw new Error('--ab needs javac: the patched classes are compiled');
  const variants = ab ? [true, false] : [false];
  /** @type {Map<boolean, number[]>} */
  const results = new Map(variants.map((v) => [v, []]));
  for (let i = 0; i < runs; i++) {
    for (const stock of variants) {
      const ms = await run(stock);
      results.get(stock)?.push(ms);
      process.stdout.write(`${stock ? 'library classes ' : 'infra/local     '} ${ms.toFixed(3)} ms of store CPU per event\n`);
    }
  }
  for (const [stock, xs] of results) process.stdout.write(`${stock ? 'library classes' : 'infra/local'}: ${summary(xs)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
