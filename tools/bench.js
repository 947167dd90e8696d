// @ts-check
// `npm run bench`: pushes N events through the running stack (`npm start` in another terminal) and
// prints accepted events/s, gateway latency p50/p99, pipeline throughput and end-to-end latency
// p50/p99 (received at the gateway → projected by the event-log), read from the source logs.
//   BENCH_EVENTS (default 20000)  BENCH_CONCURRENCY (default 64)
//   GATEWAY_URL (http://127.0.0.1:3000)  MONGO_URL (mongodb://127.0.0.1:27017)  MONGO_DB (inlet)
//   BENCH_ENDPOINT_TOKEN (default: the demo endpoint token npm start keeps in .data/)
'use strict';
const http = require('node:http');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const env = process.env;
const total = Number(env.BENCH_EVENTS ?? 20000);
const concurrency = Number(env.BENCH_CONCURRENCY ?? 64);
const gateway = new URL(env.GATEWAY_URL ?? 'http://127.0.0.1:3000');
const token = env.BENCH_ENDPOINT_TOKEN ?? readFileSync(join(__dirname, '..', '.data', 'demo-endpoint-token'), 'utf8').trim();
/** Each event carries a unique `event_id`, so a run with idempotency on (key path `event_id`) measures the claims. */
const runId = Date.now().toString(36);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

/** @returns {Promise<{ status: number, id?: string, ms: number }>} */
function send(/** @type {number} */ i) {
  const body = JSON.stringify({ type: 'user.signed_up', event_id: `${runId}-${i}`, data: { user: { id: `bench_${i % 5000}`, email: `bench${i}@example.com`, name: `Bench ${i}` } } });
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: gateway.hostname, port: gateway.port, path: `/integrations/receive/${token}`, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          resolve({ status: res.statusCode ?? 0, id: res.statusCode === 202 ? JSON.parse(text).id : undefined, ms });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const pct = (/** @type {number[]} */ sorted, /** @type {number} */ p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const fmt = (/** @type {number} */ n) => n.toFixed(1);

async function main() {
  process.stdout.write(`Sending ${total} events with ${concurrency} concurrent connections to ${gateway.origin}...\n`);
  /** @type {{ status: number, id?: string, ms: number }[]} */
  const results = [];
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) results.push(await send(next++));
    }),
  );
  const sendSeconds = (Date.now() - started) / 1000;
  const accepted = results.filter((r) => r.status === 202);
  const gatewayMs = results.map((r) => r.ms).sort((a, b) => a - b);
  const statuses = Object.entries(results.reduce((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), /** @type {Record<number, number>} */ ({})));

  process.stdout.write('Waiting for the pipeline to project every accepted event...\n');
  const mongoose = require('mongoose');
  const connection = await mongoose.createConnection(env.MONGO_URL ?? 'mongodb://127.0.0.1:27017', { dbName: env.MONGO_DB ?? 'inlet' }).asPromise();
  const logs = connection.collection('source_logs');
  const ids = accepted.map((r) => /** @type {string} */ (r.id));
  /** @type {Map<string, { receivedAt: Date, projectedAt: Date }>} */
  const done = new Map();
  const deadline = Date.now() + 300_000;
  while (done.size < ids.length && Date.now() < deadline) {
    const pending = ids.filter((id) => !done.has(id));
    for (let i = 0; i < pending.length; i += 1000) {
      // Filter on _id alone: the local MongoDB-wire server scans the collection for compound filters.
      const docs = await logs.find({ _id: { $in: pending.slice(i, i + 1000) } }, { projection: { status: 1, receivedAt: 1, projectedAt: 1 } }).toArray();
      for (const d of docs) if (d.status !== 'pending') done.set(String(d._id), { receivedAt: d.receivedAt, projectedAt: d.projectedAt });
    }
    if (done.size < ids.length) await new Promise((r) => setTimeout(r, 500));
  }
  await connection.close();

  const e2e = [...done.values()].map((d) => d.projectedAt.getTime() - d.receivedAt.getTime()).sort((a, b) => a - b);
  const first = Math.min(...[...done.values()].map((d) => d.receivedAt.getTime()));
  const last = Math.max(...[...done.values()].map((d) => d.projectedAt.getTime()));
  process.stdout.write(`
events sent                ${total} (${statuses.map(([s, n]) => `${n} × ${s}`).join(', ')})
accepted events/s          ${fmt(accepted.length / sendSeconds)}
gateway latency p50 / p99  ${fmt(pct(gatewayMs, 50))} ms / ${fmt(pct(gatewayMs, 99))} ms
projected                  ${done.size} of ${accepted.length}
pipeline events/s          ${fmt(done.size / ((last - first) / 1000))} (first received → last projected)
end-to-end p50 / p99       ${fmt(pct(e2e, 50))} ms / ${fmt(pct(e2e, 99))} ms (received → projected)
`);
  agent.destroy();
  if (done.size < accepted.length) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err.message}\n`);
  process.exit(1);
});
