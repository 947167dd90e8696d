// @ts-check
// `npm run bench`: pushes signed webhooks through the stack `npm start` runs (in another terminal)
// and prints accepted events/s, gateway latency p50/p99, pipeline events/s and end-to-end latency
// p50/p99 (received at the gateway → the log's final status), then what each event cost: CPU ms per
// event for every process (each service replica, Kafka, the store, the load generator) with each
// process's idle rate subtracted, Kafka messages produced per event by topic, and store round
// trips, statements and documents written per event. docs/benchmarks.md describes the method.
//   BENCH_EVENTS (10000)       measured events, after the warm-up
//   BENCH_WARMUP (2000)        warm-up requests, drained before the idle rate is measured
//   BENCH_CONCURRENCY (64)     connections
//   BENCH_EVENT (demo)         demo: user.signed_up, which identifies a user and triggers `welcome`;
//                              unmapped: a type no mapping has (the event ends as no_mappings)
//   BENCH_MODE (pipeline)      gateway: the accept rate and the edge's cost alone, no wait for the drain
//   BENCH_SOURCES (1)          spread the load over N source environments (the demo's, then bench-2..N,
//                              made through the api and kept in .data/bench-sources.json for the next run)
//   BENCH_RATE, BENCH_DURATION events/s for so many seconds, open loop: latency from each request's
//                              scheduled time; the consumer groups' backlog sampled every 5 s
//   BENCH_JSON=<path> or --json [path]   the whole result as JSON too
//   BENCH_IDLE_SECONDS (15)    how long the idle rate is measured;  BENCH_BODY_BYTES (1024)
//   GATEWAY_URL (http://127.0.0.1:3000)  API_URL (http://127.0.0.1:3001)  KAFKA_BROKERS (127.0.0.1:9092)
//   MONGO_URL (mongodb://127.0.0.1:27017)  MONGO_DB (inlet)  BENCH_ENDPOINT_TOKEN (the demo's, from .data/)
'use strict';
const { execFileSync } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const os = require('node:os');
const { parseOptions } = require('./bench/options');
const { findStack, startSampler } = require('./bench/processes');
const { createSender, closedLoop, openLoop } = require('./bench/load');
const { connectKafka, connectStore, waitFinal } = require('./bench/pipeline');
const { prepareTargets } = require('./bench/sources');
const { backlogTrend, costRows, idleRateOf, minus, percentile, perEvent, ratesPerSecond, stackTotal } = require('./bench/figures');
const { formatReport } = require('./bench/report');

const SAMPLE_EVERY_MS = 250;
const DRAIN_TIMEOUT_MS = 300_000;
const BACKLOG_EVERY_MS = 5000;
const say = (/** @type {string} */ line) => process.stdout.write(`${line}\n`);
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const opts = parseOptions(process.env, process.argv.slice(2));
  const stack = findStack({ kafkaPort: opts.kafkaPort, storePort: opts.storePort });
  requireStack(stack);
  const kafka = await connectKafka(opts.kafkaBrokers);
  const store = await connectStore(opts.mongoUrl, opts.mongoDb);
  const { targets, created } = await prepareTargets(opts);
  // New sources reach the gateway through the config topic within about a second.
  if (created) await sleep(3000);
  const sender = createSender({ ...opts, targets });
  try {
    await warmUp(opts, sender, kafka, store);
    const idle = await measureIdle(stack, kafka, store, opts.idleSeconds);
    const result = await measure(opts, stack, sender, kafka, store, idle);
    say(formatReport(result));
    if (opts.json) {
      writeFileSync(opts.json, `${JSON.stringify(result, null, 2)}\n`);
      say(`JSON result written to ${opts.json}`);
    }
    if (result.pipeline && result.pipeline.final < result.load.accepted) process.exitCode = 1;
  } finally {
    sender.close();
    await kafka.close();
    await store.close();
  }
}

/** Stops with what to run when the stack is not there. @param {import('./bench/processes').StackProcess[]} stack */
function requireStack(stack) {
  const missing = [];
  if (!stack.some((p) => p.name === 'gateway')) missing.push('the gateway');
  if (!stack.some((p) => p.kind === 'kafka')) missing.push('Kafka (kafka.Kafka)');
  if (!stack.some((p) => p.kind === 'store')) missing.push('the store (MongoServerMain)');
  if (missing.length === 0) return;
  process.stderr.write(`bench: no process of ${missing.join(', ')} on this machine. Start the stack with \`npm start\` in another terminal, wait for "Inlet is running", then run \`npm run bench\` again.\n`);
  process.exit(1);
}

/**
 * @param {ReturnType<typeof parseOptions>} opts @param {ReturnType<typeof createSender>} sender
 * @param {Awaited<ReturnType<typeof connectKafka>>} kafka @param {Awaited<ReturnType<typeof connectStore>>} store
 */
async function warmUp(opts, sender, kafka, store) {
  if (opts.warmup === 0) return;
  say(`Warming up with ${opts.warmup} requests, then waiting for them to drain...`);
  const ids = acceptedIds(await closedLoop(sender, opts.warmup, opts.concurrency));
  const done = await waitFinal({ kafka, store, ids, timeoutMs: DRAIN_TIMEOUT_MS });
  if (done.size < ids.length) throw new Error(`the warm-up did not drain: ${ids.length - done.size} of ${ids.length} logs still pending after ${DRAIN_TIMEOUT_MS / 1000} s`);
  // The last stage's batch commits and the services' timers settle before the idle rate is read.
  await sleep(1000);
}

/**
 * Each process's CPU per second, Kafka messages and store commands per second, with no load.
 * @param {import('./bench/processes').StackProcess[]} stack @param {Awaited<ReturnType<typeof connectKafka>>} kafka
 * @param {Awaited<ReturnType<typeof connectStore>>} store @param {number} seconds
 */
async function measureIdle(stack, kafka, store, seconds) {
  say(`Measuring the stack's idle rate for ${seconds} s...`);
  const before = await counters(kafka, store);
  const sampler = startSampler(stack, SAMPLE_EVERY_MS);
  await sleep(seconds * 1000);
  const { samples } = sampler.stop();
  const after = await counters(kafka, store);
  const elapsed = (after.at - before.at) / 1000;
  return {
    cpuMsPerS: new Map(stack.map((p) => [p.pid, idleRateOf(samples.get(p.pid) ?? [])])),
    kafkaPerS: ratesPerSecond(before.produced, after.produced, elapsed),
    storePerS: ratesPerSecond(before.store, after.store, elapsed),
  };
}

/** Kafka's produced counts and the store's counters less the bench's own commands, read now. @param {Awaited<ReturnType<typeof connectKafka>>} kafka @param {Awaited<ReturnType<typeof connectStore>>} store */
async function counters(kafka, store) {
  const produced = await kafka.produced();
  const { server, own } = await store.counters();
  return { at: Date.now(), produced, store: minus(server, own) };
}

/**
 * The measured load and (but for BENCH_MODE=gateway) its drain, with the CPU sampled throughout.
 * @param {ReturnType<typeof parseOptions>} opts @param {import('./bench/processes').StackProcess[]} stack
 * @param {ReturnType<typeof createSender>} sender @param {Awaited<ReturnType<typeof connectKafka>>} kafka
 * @param {Awaited<ReturnType<typeof connectStore>>} store @param {Awaited<ReturnType<typeof measureIdle>>} idle
 */
async function measure(opts, stack, sender, kafka, store, idle) {
  const before = await counters(kafka, store);
  const sampler = startSampler(stack, SAMPLE_EVERY_MS);
  const backlog = opts.rate === null ? null : sampleBacklog(kafka);
  say(opts.rate === null ? `Sending ${opts.events} events over ${opts.concurrency} connections to ${opts.gateway.origin}...` : `Offering ${opts.rate} events/s for ${opts.duration} s to ${opts.gateway.origin}...`);
  const loadStart = Date.now();
  const results = opts.rate === null || opts.duration === null ? await closedLoop(sender, opts.events, opts.concurrency) : await openLoop(sender, opts.rate, opts.duration);
  const loadEnd = Date.now();
  const backlogSamples = backlog ? await backlog.stop() : [];
  const ids = acceptedIds(results);
  let final = new Map();
  if (opts.mode === 'pipeline') {
    say('Waiting for every accepted event to reach its final log status...');
    final = await waitFinal({ kafka, store, ids, timeoutMs: DRAIN_TIMEOUT_MS });
  }
  const lastFinal = Math.max(loadEnd, ...[...final.values()].map((d) => d.finalAt));
  const window = { from: loadStart, to: opts.mode === 'gateway' ? loadEnd : lastFinal };
  const { samples, gone } = sampler.stop();
  const after = await counters(kafka, store);
  const events = Math.max(1, ids.length);
  const rows = costRows(stack.map((p) => ({ ...p, samples: samples.get(p.pid) ?? [], idleMsPerS: idle.cpuMsPerS.get(p.pid) ?? 0 })), window, events);
  const counted = { events, seconds: (after.at - before.at) / 1000 };
  const storePerEvent = perEvent(before.store, after.store, { ...counted, idlePerS: idle.storePerS });
  const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
  const e2e = [...final.values()].map((d) => d.finalAt - d.receivedAt).sort((a, b) => a - b);
  const firstReceived = Math.min(...[...final.values()].map((d) => d.receivedAt));
  return {
    ...provenance(),
    mode: opts.mode,
    options: { ...opts, gateway: opts.gateway.origin, api: opts.api.origin },
    load: {
      sent: results.length,
      accepted: ids.length,
      statuses: countBy(results.map((r) => String(r.status))),
      seconds: (loadEnd - loadStart) / 1000,
      acceptedPerS: ids.length / ((loadEnd - loadStart) / 1000),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
    },
    pipeline:
      opts.mode === 'gateway'
        ? null
        : { final: final.size, eventsPerS: final.size / ((lastFinal - firstReceived) / 1000), p50Ms: percentile(e2e, 50), p99Ms: percentile(e2e, 99) },
    backlog: opts.rate === null ? null : { ...backlogTrend(backlogSamples, opts.rate), samples: backlogSamples },
    window: { ...window, seconds: (window.to - window.from) / 1000 },
    cost: { rows, total: stackTotal(rows), gone },
    kafka: { perEvent: perEvent(before.produced, after.produced, { ...counted, idlePerS: idle.kafkaPerS }) },
    store: {
      perEvent: storePerEvent,
      documentsWritten: ['inserted', 'updated', 'deleted'].reduce((sum, k) => sum + (storePerEvent[`documents.${k}`] ?? 0), 0),
    },
  };
}

/** The services' consumer-group backlog every 5 s until stopped. @param {Awaited<ReturnType<typeof connectKafka>>} kafka */
function sampleBacklog(kafka) {
  /** @type {{ t: number, backlog: number }[]} */
  const samples = [];
  let running = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      samples.push({ t: Date.now(), backlog: await kafka.backlog() });
    });
  }, BACKLOG_EVERY_MS);
  return {
    async stop() {
      clearInterval(timer);
      await running;
      samples.push({ t: Date.now(), backlog: await kafka.backlog() });
      return samples;
    },
  };
}

/** @param {import('./bench/load').Sent[]} results */
function acceptedIds(results) {
  return results.flatMap((r) => (r.status === 202 && r.id ? [r.id] : []));
}

/** @param {string[]} values */
function countBy(values) {
  /** @type {Record<string, number>} */
  const out = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** What was measured where: the commit (with the count of files changed beside it), the date, the machine. */
function provenance() {
  const git = (/** @type {string[]} */ args) => execFileSync('git', args, { cwd: `${__dirname}/..`, encoding: 'utf8' }).trim();
  const changed = git(['status', '--porcelain', '--', 'apps', 'libs', 'infra']).split('\n').filter(Boolean).length;
  return {
    commit: `${git(['rev-parse', '--short', 'HEAD'])}${changed > 0 ? ` (+${changed} uncommitted files in apps/libs/infra)` : ''}`,
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown' },
  };
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err.code ? `${err.code}: ` : ''}${err.message}\n`);
  process.exit(1);
});
