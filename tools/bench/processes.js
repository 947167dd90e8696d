// @ts-check
// The processes of a stack started by `npm start` (tools/start.js), found by their command line in
// /proc, and their CPU (utime + stime) sampled from /proc/<pid>/stat.
'use strict';
const { readFileSync, readdirSync, readlinkSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const { MAX_REPLICAS, REPLICA_PORT_STEP, SERVICE_PORTS, replicaName } = require('../replicas');
const { cpuTicksOf } = require('./figures');

/** @typedef {{ pid: number, name: string, kind: import('./figures').ProcessKind }} StackProcess */

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/**
 * Every process of the stack on this machine: each service replica (`node dist/apps/<service>/src/main.js`
 * on its `npm start` port, named as `npm start` names it), Kafka (`kafka.Kafka`) and the store
 * (`MongoServerMain`) listening on the ports given, `npm start`'s supervisor, and this load generator.
 * The ports keep out the Kafka, stores and services an integration test may have running beside it.
 * @param {{ kafkaPort: number, storePort: number }} ports
 * @returns {StackProcess[]}
 */
function findStack(ports) {
  const listening = listeningSockets();
  /** @type {StackProcess[]} */
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const cmdline = readOr(`/proc/${pid}/cmdline`).split('\0');
    const named = nameOf(pid, cmdline);
    if (!named) continue;
    const port = named.kind === 'kafka' ? ports.kafkaPort : named.kind === 'store' ? ports.storePort : null;
    if (port !== null && !listensOn(pid, port, listening)) continue;
    found.push({ pid, ...named });
  }
  found.push({ pid: process.pid, name: 'load generator (this bench)', kind: 'load' });
  const order = ['service', 'kafka', 'store', 'supervisor', 'load'];
  return found.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.name.localeCompare(b.name));
}

/** @param {number} pid @param {string[]} cmdline @returns {Omit<StackProcess, 'pid'> | null} */
function nameOf(pid, cmdline) {
  const main = cmdline.find((arg) => /dist\/apps\/[a-z-]+\/src\/main\.js$/.test(arg));
  if (main) {
    const service = /** @type {keyof typeof SERVICE_PORTS} */ (/dist\/apps\/([a-z-]+)\/src\/main\.js$/.exec(main)?.[1]);
    const n = replicaNumber(pid, service);
    return n === null ? null : { name: replicaName(service, n), kind: 'service' };
  }
  // Kafka runs under infra/local's ExitWithParent launcher, with kafka.Kafka as its argument.
  if (cmdline.includes('kafka.Kafka')) return { name: 'kafka', kind: 'kafka' };
  if (cmdline.some((arg) => arg === 'MongoServerMain' || arg.endsWith('/MongoServerMain.java'))) return { name: 'store (MongoServerMain)', kind: 'store' };
  if (cmdline.some((arg) => arg.endsWith('tools/start.js'))) return { name: 'npm start (supervisor, log relay)', kind: 'supervisor' };
  return null;
}

/**
 * Replica n of a service listens on its first port + 100 × (n − 1) (tools/replicas.js); null for a
 * process on any other port (a test's).
 * @param {number} pid @param {keyof typeof SERVICE_PORTS} service
 */
function replicaNumber(pid, service) {
  const port = Number(/(?:^|\0)PORT=(\d+)/.exec(readOr(`/proc/${pid}/environ`))?.[1]);
  const base = Number(process.env[`INLET_${service.toUpperCase().replace('-', '_')}_PORT`] ?? SERVICE_PORTS[service]);
  const step = (port - base) / REPLICA_PORT_STEP;
  return Number.isInteger(step) && step >= 0 && step < MAX_REPLICAS ? step + 1 : null;
}

/** Listening TCP sockets: socket inode → port, from /proc/net/tcp and tcp6. */
function listeningSockets() {
  /** @type {Map<string, number>} */
  const sockets = new Map();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readOr(file).split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is <hex ip>:<hex port>; state 0A is LISTEN; field 10 is the inode.
      if (f[3] === '0A') sockets.set(f[9], parseInt(f[1].split(':')[1], 16));
    }
  }
  return sockets;
}

/** @param {number} pid @param {number} port @param {Map<string, number>} listening */
function listensOn(pid, port, listening) {
  let fds = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  return fds.some((fd) => {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      return inode !== undefined && listening.get(inode) === port;
    } catch {
      return false;
    }
  });
}

/** CPU ms a process has used so far, or null once it is gone. @param {number} pid */
function cpuMs(pid) {
  const stat = readOr(`/proc/${pid}/stat`);
  return stat === '' ? null : cpuTicksOf(stat) * TICK_MS;
}

/**
 * Samples every process's CPU every `everyMs` until stopped. A process that exits (a crash the
 * supervisor restarts) is reported as gone: its successor is not in the table.
 * @param {StackProcess[]} processes
 * @param {number} everyMs
 */
function startSampler(processes, everyMs) {
  /** @type {Map<number, import('./figures').CpuSample[]>} */
  const samples = new Map(processes.map((p) => [p.pid, []]));
  /** @type {Set<string>} */
  const gone = new Set();
  const sample = () => {
    const t = Date.now();
    for (const p of processes) {
      const ms = cpuMs(p.pid);
      if (ms === null) gone.add(p.name);
      else samples.get(p.pid)?.push({ t, ms });
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    /** Takes a last sample and stops. */
    stop() {
      clearInterval(timer);
      sample();
      return { samples, gone: [...gone] };
    },
  };
}

/** @param {string} file */
function readOr(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

module.exports = { findStack, startSampler, cpuMs };
