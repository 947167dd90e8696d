// @ts-check
// The bench's arithmetic: CPU read from /proc, attributed to a window with each process's idle rate
// subtracted, counters per event, percentiles, the backlog's trend. Pure, so it is unit-tested.
'use strict';

/**
 * utime + stime of a /proc/<pid>/stat line, in clock ticks. The command name (field 2) is in
 * parentheses and may hold spaces or parentheses itself, so fields are counted after the last ')'.
 * @param {string} stat
 */
function cpuTicksOf(stat) {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3, utime field 14, stime field 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`not a /proc/<pid>/stat line: ${stat.slice(0, 80)}`);
  return utime + stime;
}

/**
 * @typedef {{ t: number, ms: number }} CpuSample CPU ms used so far by a process, read at time t (ms since the epoch)
 */

/**
 * CPU ms at time t, interpolated between the samples around it (the first or last sample outside them).
 * @param {CpuSample[]} samples in time order
 * @param {number} t
 */
function cpuMsAt(samples, t) {
  if (samples.length === 0) return NaN;
  if (t <= samples[0].t) return samples[0].ms;
  for (let i = 1; i < samples.length; i++) {
    const b = samples[i];
    if (t <= b.t) {
      const a = samples[i - 1];
      return b.t === a.t ? b.ms : a.ms + ((b.ms - a.ms) * (t - a.t)) / (b.t - a.t);
    }
  }
  return samples[samples.length - 1].ms;
}

/**
 * A process's idle rate, CPU ms per second: the median (nearest rank) of its rates over consecutive
 * windows of about `windowMs`. Kafka's and the store's background work comes in bursts (log segments, H2's
 * compaction, the stall sweeper's scan); with the mean over the whole sample, one burst inside it
 * made the idle rate several times the usual, and subtracting that over the whole load window drove
 * the process's row toward zero or below. A burst during the load stays in the load's cost.
 * @param {CpuSample[]} samples in time order
 * @param {number} [windowMs]
 */
function idleRateOf(samples, windowMs = 1000) {
  if (samples.length < 2) return NaN;
  /** @type {number[]} */
  const rates = [];
  let start = samples[0];
  for (const sample of samples.slice(1)) {
    if (sample.t - start.t < windowMs) continue;
    rates.push(((sample.ms - start.ms) * 1000) / (sample.t - start.t));
    start = sample;
  }
  if (rates.length === 0) {
    const last = samples[samples.length - 1];
    return ((last.ms - samples[0].ms) * 1000) / (last.t - samples[0].t);
  }
  return percentile(rates.sort((a, b) => a - b), 50);
}

/**
 * @typedef {'service' | 'kafka' | 'store' | 'load' | 'supervisor'} ProcessKind
 * load and supervisor are shown apart: the load generator is not the stack, and `npm start`'s
 * supervisor only relays the services' logs to files, which a deployment does otherwise.
 */

/**
 * @typedef {object} CostRow
 * @property {string} name
 * @property {ProcessKind} kind
 * @property {number} idleMsPerS CPU ms per second before the load
 * @property {number} windowMs CPU ms over the window
 * @property {number} netMs the window's CPU less the idle rate over the window
 * @property {number} perEventMs netMs per event
 */

/**
 * One row per process: its CPU over [from, to], less its idle rate × the window, per event.
 * @param {{ name: string, kind: ProcessKind, samples: CpuSample[], idleMsPerS: number }[]} processes
 * @param {{ from: number, to: number }} window
 * @param {number} events
 * @returns {CostRow[]}
 */
function costRows(processes, window, events) {
  const seconds = (window.to - window.from) / 1000;
  return processes.map(({ name, kind, samples, idleMsPerS }) => {
    const windowMs = cpuMsAt(samples, window.to) - cpuMsAt(samples, window.from);
    const netMs = windowMs - idleMsPerS * seconds;
    return { name, kind, idleMsPerS, windowMs, netMs, perEventMs: netMs / events };
  });
}

/** The whole stack (services, Kafka, the store) summed. @param {CostRow[]} rows */
function stackTotal(rows) {
  const stack = rows.filter((r) => r.kind === 'service' || r.kind === 'kafka' || r.kind === 'store');
  const sum = (/** @type {(r: CostRow) => number} */ f) => stack.reduce((acc, r) => acc + f(r), 0);
  return { idleMsPerS: sum((r) => r.idleMsPerS), windowMs: sum((r) => r.windowMs), netMs: sum((r) => r.netMs), perEventMs: sum((r) => r.perEventMs) };
}

/**
 * Per event: what each counter moved over the window, less what it moves when idle.
 * @param {Record<string, number>} before
 * @param {Record<string, number>} after
 * @param {{ events: number, seconds: number, idlePerS?: Record<string, number> }} per
 * @returns {Record<string, number>} only the counters that moved
 */
function perEvent(before, after, { events, seconds, idlePerS = {} }) {
  /** @type {Record<string, number>} */
  const out = {};
  for (const name of Object.keys(after).sort()) {
    const moved = after[name] - (before[name] ?? 0) - (idlePerS[name] ?? 0) * seconds;
    if (Math.abs(moved) >= 0.5) out[name] = moved / events;
  }
  return out;
}

/** How fast each counter moved per second. @param {Record<string, number>} before @param {Record<string, number>} after @param {number} seconds */
function ratesPerSecond(before, after, seconds) {
  return Object.fromEntries(Object.keys(after).map((name) => [name, (after[name] - (before[name] ?? 0)) / seconds]));
}

/** a − b, counter by counter (the bench's own store commands taken off the server's count). @param {Record<string, number>} a @param {Record<string, number>} b */
function minus(a, b) {
  return Object.fromEntries(Object.entries(a).map(([name, n]) => [name, n - (b[name] ?? 0)]));
}

/**
 * The counters of a `serverStatus` answer, flat: `commands.<name>` (round trips, from
 * metrics.commands), `opcounters.<kind>` (statements) and `documents.<inserted|updated|deleted>`.
 * Real MongoDB and the local server (infra/local/MongoServerMain.java) answer the same shape.
 * @param {any} status
 * @returns {Record<string, number>}
 */
function storeCounters(status) {
  /** @type {Record<string, number>} */
  const out = {};
  for (const [name, c] of Object.entries(status?.metrics?.commands ?? {})) {
    // A real mongod nests some commands a level deeper (e.g. metrics.commands.update.pipeline); only totals count.
    if (c && typeof c === 'object' && 'total' in c) out[`commands.${name}`] = Number(c.total);
  }
  for (const [kind, n] of Object.entries(status?.opcounters ?? {})) out[`opcounters.${kind}`] = Number(n);
  for (const kind of ['inserted', 'updated', 'deleted']) {
    if (status?.metrics?.document?.[kind] !== undefined) out[`documents.${kind}`] = Number(status.metrics.document[kind]);
  }
  return out;
}

/** The value at percentile p of sorted numbers (nearest rank). @param {number[]} sorted @param {number} p */
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * First, middle and last of the backlog samples, and whether it grew: the last exceeds the first
 * by more than one second of the offered rate (a backlog that small drains in about a second).
 * @param {{ t: number, backlog: number }[]} samples
 * @param {number} ratePerS
 */
function backlogTrend(samples, ratePerS) {
  if (samples.length === 0) return null;
  const first = samples[0].backlog;
  const middle = samples[Math.floor(samples.length / 2)].backlog;
  const last = samples[samples.length - 1].backlog;
  return { first, middle, last, grew: last - first > ratePerS };
}

module.exports = { cpuTicksOf, cpuMsAt, idleRateOf, costRows, stackTotal, perEvent, ratesPerSecond, minus, storeCounters, percentile, backlogTrend };
