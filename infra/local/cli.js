#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * node infra/local/cli.js up      Kafka + MongoDB-wire server in the foreground, persistent data in .data/
 * node infra/local/cli.js fetch   only download the jars into the cache
 */

const fs = require('node:fs');
const path = require('node:path');
const { ensureArtifacts, startKafka, startMongo } = require('./index.js');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** @param {string} msg */
const log = (msg) => process.stderr.write(`[inlet-infra] ${msg}\n`);

/**
 * @param {string} name
 * @param {number} def
 */
function envPort(name, def) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got '${raw}'`);
  return n;
}

async function fetch() {
  const t0 = Date.now();
  const art = await ensureArtifacts({ log });
  log(`artifacts ready in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  log(`kafka libs: ${art.kafkaLibs}`);
  log(`mongo libs: ${art.mongoLibs}`);
  log(`launchers:  ${art.classesDir || '(source launch: javac not found)'}`);
}

async function up() {
  const kafkaPort = envPort('INLET_KAFKA_PORT', 9092);
  const controllerPort = envPort('INLET_KAFKA_CONTROLLER_PORT', 9093);
  const mongoPort = envPort('INLET_MONGO_PORT', 27017);
  const wireVersion = process.env.INLET_MONGO_WIRE_VERSION ? Number(process.env.INLET_MONGO_WIRE_VERSION) : undefined;
  const dataRoot = path.resolve(process.env.INLET_DATA_DIR || path.join(REPO_ROOT, '.data'));
  fs.mkdirSync(dataRoot, { recursive: true });
  const ignore = path.join(dataRoot, '.gitignore');
  if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# local infra data (infra/local/cli.js)\n*\n');

  /** @type {Array<{ stop: () => Promise<void> }>} */
  const running = [];
  let stopping = false;
  /** @param {number} code */
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    log('stopping ...');
    await Promise.allSettled(running.map((r) => r.stop()));
    log('stopped');
    process.exit(code);
  };
  let signals = 0;
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(sig, () => {
      if (++signals > 1) process.exit(130); // second Ctrl-C: index.js SIGKILLs the JVMs on exit
      void shutdown(0);
    });
  }

  const t0 = Date.now();
  await ensureArtifacts({ log });
  const results = await Promise.allSettled([
    startKafka({ port: kafkaPort, controllerPort, dataDir: path.join(dataRoot, 'kafka'), log }),
    startMongo({ port: mongoPort, persistentFile: path.join(dataRoot, 'mongo', 'inlet.mv'), wireVersion, log }),
  ]);
  for (const r of results) if (r.status === 'fulfilled') running.push(r.value);
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) {
    for (const f of failed) log(`failed to start: ${/** @type {PromiseRejectedResult} */ (f).reason?.message || f}`);
    await shutdown(1);
    return;
  }
  if (stopping) return;
  const kafka = /** @type {import('./index.js').KafkaHandle} */ (running[0]);
  const mongo = /** @type {import('./index.js').MongoHandle} */ (running[1]);
  kafka.exited.then((i) => {
    if (!stopping) {
      log(`kafka exited unexpectedly (code ${i.code}, signal ${i.signal}); see ${kafka.logFile}`);
      void shutdown(1);
    }
  });
  mongo.exited.then((i) => {
    if (!stopping) {
      log(`mongo exited unexpectedly (code ${i.code}, signal ${i.signal})`);
      void shutdown(1);
    }
  });

  log(`up in ${((Date.now() - t0) / 1000).toFixed(1)}s; data in ${dataRoot}; Kafka log ${kafka.logFile}`);
  process.stdout.write(`KAFKA_BROKERS=${kafka.brokers}\nMONGO_URL=${mongo.url}\n`);
  log('press Ctrl-C to stop');
}

function usage() {
  process.stderr.write(`usage: node infra/local/cli.js <up|fetch>

  up     start Kafka ${require('./index.js').KAFKA_VERSION} (KRaft) and mongo-java-server in the foreground,
         persistent data in $INLET_DATA_DIR (default <repo>/.data); Ctrl-C stops both
  fetch  download the jars with Maven into $INLET_CACHE_DIR (default ~/.cache/inlet)

env: INLET_KAFKA_PORT=9092 INLET_KAFKA_CONTROLLER_PORT=9093 INLET_MONGO_PORT=27017
     INLET_MONGO_WIRE_VERSION (default 8) INLET_DATA_DIR INLET_CACHE_DIR INLET_MVN JAVA_HOME
`);
}

const cmd = process.argv[2];
const main = cmd === 'up' ? up : cmd === 'fetch' ? fetch : null;
if (!main) {
  usage();
  process.exit(cmd === undefined || cmd === '-h' || cmd === '--help' ? 0 : 2);
} else {
  main().catch((err) => {
    log(err && err.message ? err.message : String(err));
    process.exit(1);
  });
}
