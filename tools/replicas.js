// @ts-check
// `INLET_REPLICAS` and the restart schedule of `npm start`'s supervisor; pure, so both are unit-tested.
'use strict';

/** Services `npm start` runs, with the port of their first replica. */
const SERVICE_PORTS = {
  gateway: 3000,
  api: 3001,
  verifier: 3002,
  'mapping-engine': 3003,
  'action-executor': 3004,
  'event-log': 3005,
};

/**
 * Replica n (from 1) of a service listens on its port + 100 × (n - 1): action-executor on 3004, 3104,
 * 3204. 100 apart keeps them clear of the other services' ports (3000 to 3005).
 */
const REPLICA_PORT_STEP = 100;

/**
 * Every pipeline topic has 6 partitions (libs/contracts/src/topics.ts) and each partition goes to one
 * member of a group: a seventh replica would only idle.
 */
const MAX_REPLICAS = 6;

/**
 * The gateway and the api take one process each: on one machine nothing balances requests across
 * ports, so a second one would answer nobody at the address printed.
 */
const SINGLE_PROCESS = ['gateway', 'api'];

/**
 * Parses `INLET_REPLICAS` (`action-executor=3,event-log=2`) into a count per service, every service
 * not named at 1. Answers `{ ok: false, message }` naming the first bad entry.
 * @param {string | undefined} text
 * @returns {{ ok: true, counts: Record<string, number> } | { ok: false, message: string }}
 */
function parseReplicas(text) {
  /** @type {Record<string, number>} */
  const counts = Object.fromEntries(Object.keys(SERVICE_PORTS).map((name) => [name, 1]));
  const seen = new Set();
  for (const raw of (text ?? '').split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const fail = (/** @type {string} */ why) => ({ ok: /** @type {const} */ (false), message: `INLET_REPLICAS: "${entry}": ${why}` });
    const match = /^([a-z-]+)\s*=\s*(\S+)$/.exec(entry);
    if (!match) return fail('expected <service>=<count>, e.g. action-executor=3');
    const [, name, value] = match;
    if (!(name in SERVICE_PORTS)) return fail(`unknown service "${name}" (one of ${Object.keys(SERVICE_PORTS).join(', ')})`);
    if (seen.has(name)) return fail(`${name} is named twice`);
    seen.add(name);
    if (!/^\d+$/.test(value)) return fail(`"${value}" is not a whole number`);
    const count = Number(value);
    if (count < 1) return fail('a service needs at least 1 process');
    if (count > MAX_REPLICAS) return fail(`at most ${MAX_REPLICAS} (each topic has ${MAX_REPLICAS} partitions; more replicas would idle)`);
    if (count > 1 && SINGLE_PROCESS.includes(name)) {
      return fail(`${name} runs as one process under npm start (nothing here balances requests across ports); scale it on a cluster, behind its Service`);
    }
    counts[name] = count;
  }
  return { ok: true, counts };
}

/** The port of replica `n` (from 1) of a service whose first replica listens on `basePort`. */
function replicaPort(/** @type {number} */ basePort, /** @type {number} */ n) {
  return basePort + REPLICA_PORT_STEP * (n - 1);
}

/** Name of replica `n` on the terminal and of its log file: the first keeps the service's own name. */
function replicaName(/** @type {string} */ service, /** @type {number} */ n) {
  return n === 1 ? service : `${service}-${n}`;
}

/** A process up this long before it crashed counts as healthy: its next crash restarts at once again. */
const STABLE_AFTER_MS = 60_000;
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

/**
 * How long to wait before restarting a process that exited, doubling per crash in a row (0.5 s, 1 s,
 * 2 s, ... at most 30 s), so a process that dies at boot (the store away, a bad setting) does not spin
 * the CPU, while one that ran for a minute is back after half a second.
 * @param {number} crashesInARow crashes counted before this one (0 for the first)
 * @param {number} upForMs how long the process ran before this crash
 * @returns {{ delayMs: number, crashesInARow: number }} the delay, and the count to carry to the next crash
 */
function restartDelay(crashesInARow, upForMs) {
  const previous = upForMs >= STABLE_AFTER_MS ? 0 : crashesInARow;
  return { delayMs: Math.min(FIRST_DELAY_MS * 2 ** previous, MAX_DELAY_MS), crashesInARow: previous + 1 };
}

module.exports = { SERVICE_PORTS, REPLICA_PORT_STEP, MAX_REPLICAS, STABLE_AFTER_MS, parseReplicas, replicaPort, replicaName, restartDelay };
