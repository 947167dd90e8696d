// @ts-check
'use strict';

/**
 * Inlet local infrastructure without Docker: Apache Kafka (KRaft, single node) and a MongoDB-wire
 * server (mongo-java-server), both as plain JVM child processes, jars fetched from Maven Central.
 *
 * Node 20 built-ins only: this runs before `npm install` has completed in some paths.
 * See README.md in this directory.
 */

const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const os = require('node:os');
const net = require('node:net');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');
const { pathToFileURL } = require('node:url');

const KAFKA_VERSION = '3.9.1';
const MONGO_JAVA_SERVER_VERSION = '1.47.0';
const HERE = __dirname;
const MARKER = '.inlet-complete';
/**
 * The Java sources compiled for the local store: its launcher, the parent watchdog, and a class of
 * mongo-java-server patched for speed (`patched/`), which replaces the library's own on the classpath.
 */
const LAUNCHER_SOURCES = ['MongoServerMain.java', 'ExitWithParent.java', 'patched/de/bwaldvogel/mongo/backend/Utils.java'];
const TEMP_PREFIX = 'inlet-kafka-';
const OWNER_FILE = '.inlet-owner.json';
const KAFKA_READY_RE = /Kafka Server started/;
const BIND_ERROR_RE = /Address already in use|BindException/;

/** @typedef {(msg: string) => void} Logger */

/**
 * @typedef {object} Artifacts
 * @property {string} cacheDir
 * @property {string} kafkaLibs        directory of Kafka jars (use as `<kafkaLibs>/*`)
 * @property {string} mongoLibs        directory of mongo-java-server jars
 * @property {string | null} classesDir compiled LAUNCHER_SOURCES (null: no javac, source launch without the patched class)
 * @property {string} java             java executable
 * @property {string} kafkaVersion
 * @property {string} mongoJavaServerVersion
 */

/**
 * @typedef {object} ManagedChild
 * @property {string} name
 * @property {import('node:child_process').ChildProcess} child
 * @property {number} pid
 * @property {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} exited
 * @property {{ code: number | null, signal: NodeJS.Signals | null } | null} exitInfo
 * @property {() => string} outputTail
 * @property {string | null} removeOnExit  directory to delete once the process is gone (ephemeral data)
 * @property {Promise<void> | null} stopping
 */

/** @type {Logger} */
const noop = () => {};

// ---------------------------------------------------------------------------------------------
// Small helpers

/** @returns {string} */
function getCacheDir() {
  return path.resolve(process.env.INLET_CACHE_DIR || path.join(os.homedir(), '.cache', 'inlet'));
}

/** @param {string} tool */
function jdkTool(tool) {
  const home = process.env.JAVA_HOME;
  if (home && fs.existsSync(path.join(home, 'bin', tool))) return path.join(home, 'bin', tool);
  return tool;
}

/** @param {string | Buffer} data */
function sha256(data) {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {string} text
 * @param {number} [lines]
 */
function tailLines(text, lines = 40) {
  const all = text.split('\n');
  return all.slice(Math.max(0, all.length - lines)).join('\n');
}

/**
 * Runs a command to completion, capturing output.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [opts]
 * @returns {Promise<{ code: number | null, output: string }>}
 */
function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env || process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    /** @type {Buffer[]} */
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', (err) => {
      const e = /** @type {NodeJS.ErrnoException} */ (err);
      if (e.code === 'ENOENT') reject(new Error(`'${cmd}' not found on PATH (needed by infra/local)`));
      else reject(err);
    });
    child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/**
 * A free TCP port on 127.0.0.1 (there is an unavoidable small race until the server binds it).
 * @param {number[]} [exclude]
 * @returns {Promise<number>}
 */
async function freePort(exclude = []) {
  for (let i = 0; i < 20; i++) {
    const port = await new Promise((resolve, reject) => {
      const srv = net.createServer();
      srv.unref();
      srv.on('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const addr = srv.address();
        const p = addr && typeof addr === 'object' ? addr.port : 0;
        srv.close(() => resolve(p));
      });
    });
    if (port && !exclude.includes(port)) return port;
  }
  throw new Error('could not find a free port');
}

/**
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function isPortFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const done = (/** @type {boolean} */ ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/**
 * Reads a file from `offset` (returns '' if missing). Restarts from 0 if the file was rotated.
 * @param {string} file
 * @param {number} offset
 * @returns {Promise<{ text: string, size: number }>}
 */
async function readFrom(file, offset) {
  let fh;
  try {
    fh = await fsp.open(file, 'r');
  } catch {
    return { text: '', size: offset };
  }
  try {
    const { size } = await fh.stat();
    const start = size < offset ? 0 : offset;
    const len = size - start;
    if (len <= 0) return { text: '', size };
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, start);
    return { text: buf.toString('utf8'), size };
  } finally {
    await fh.close();
  }
}

/** @param {string} file */
function fileSize(file) {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** @param {string} file */
function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Renames `from` to `to`; if `to` already exists and is valid (another process won a race), keeps it.
 * @param {string} from
 * @param {string} to
 * @param {() => boolean} isValid
 */
async function publishDir(from, to, isValid) {
  if (fs.existsSync(to)) {
    if (isValid()) return;
    await fsp.rm(to, { recursive: true, force: true });
  }
  try {
    await fsp.rename(from, to);
  } catch (err) {
    const e = /** @type {NodeJS.ErrnoException} */ (err);
    if ((e.code === 'ENOTEMPTY' || e.code === 'EEXIST') && isValid()) return;
    throw err;
  }
}

/**
 * Removes leftovers of interrupted downloads/compiles older than an hour.
 * @param {string} dir
 * @param {string} prefix
 */
async function removeStale(dir, prefix) {
  let names = [];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.startsWith(prefix)) continue;
    const p = path.join(dir, n);
    try {
      if (Date.now() - (await fsp.stat(p)).mtimeMs > 3600_000) await fsp.rm(p, { recursive: true, force: true });
    } catch {
      /* ignore */
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Artifacts

/** @type {Map<string, Promise<Artifacts>>} */
const ensureCache = new Map();

/**
 * Downloads Kafka and mongo-java-server jars with Maven into the cache dir
 * (`$INLET_CACHE_DIR` or `~/.cache/inlet`) and compiles the Java launchers once.
 * Skipped when already done (marker file written after success; a half-download is retried).
 * @param {{ log?: Logger }} [opts]
 * @returns {Promise<Artifacts>}
 */
function ensureArtifacts({ log = noop } = {}) {
  const dir = getCacheDir();
  let p = ensureCache.get(dir);
  if (!p) {
    p = doEnsureArtifacts(dir, log);
    ensureCache.set(dir, p);
    p.catch(() => ensureCache.delete(dir));
  }
  return p;
}

/**
 * @param {string} dir
 * @param {Logger} log
 * @returns {Promise<Artifacts>}
 */
async function doEnsureArtifacts(dir, log) {
  const java = jdkTool('java');
  const jv = await run(java, ['-version']).catch((err) => {
    throw new Error(`${err.message}. Java 17+ is required (set JAVA_HOME or put java on PATH).`);
  });
  const major = Number((/version "(\d+)/.exec(jv.output) || [])[1] || 0);
  if (major && major < 17) throw new Error(`Java 17+ is required, found: ${jv.output.split('\n')[0]}`);

  await fsp.mkdir(dir, { recursive: true });
  const kafkaLibs = path.join(dir, `kafka-${KAFKA_VERSION}`, 'libs');
  const mongoLibs = path.join(dir, `mongo-java-server-${MONGO_JAVA_SERVER_VERSION}`, 'libs');
  // Sequential on purpose: Maven 3.8 does not lock its local repository.
  await fetchLibs(`Kafka ${KAFKA_VERSION}`, path.join(HERE, 'kafka.pom.xml'), kafkaLibs, log);
  await fetchLibs(`mongo-java-server ${MONGO_JAVA_SERVER_VERSION}`, path.join(HERE, 'mongo.pom.xml'), mongoLibs, log);
  const classesDir = await compileLaunchers(dir, mongoLibs, log);
  return {
    cacheDir: dir,
    kafkaLibs,
    mongoLibs,
    classesDir,
    java,
    kafkaVersion: KAFKA_VERSION,
    mongoJavaServerVersion: MONGO_JAVA_SERVER_VERSION,
  };
}

/**
 * @param {string} what
 * @param {string} pom
 * @param {string} libsDir
 * @param {Logger} log
 */
async function fetchLibs(what, pom, libsDir, log) {
  const pomText = await fsp.readFile(pom);
  const pomSha = sha256(pomText);
  const isValid = () => (readJson(path.join(libsDir, MARKER)) || {}).pomSha256 === pomSha;
  if (isValid()) return;

  const parent = path.dirname(libsDir);
  await fsp.mkdir(parent, { recursive: true });
  await removeStale(parent, 'tmp-');
  const tmp = await fsp.mkdtemp(path.join(parent, 'tmp-'));
  try {
    // Run Maven on a copy of the pom outside the repo tree so nothing is ever written next to it.
    const pomCopy = path.join(tmp, 'pom.xml');
    await fsp.writeFile(pomCopy, pomText);
    const out = path.join(tmp, 'libs');
    const mvn = process.env.INLET_MVN || 'mvn';
    const t0 = Date.now();
    log(`fetching ${what} jars from Maven Central into ${libsDir} ...`);
    const r = await run(mvn, ['-B', '-q', '-f', pomCopy, 'dependency:copy-dependencies', `-DoutputDirectory=${out}`], {
      cwd: tmp,
    });
    if (r.code !== 0) throw new Error(`mvn failed (exit ${r.code}) fetching ${what}:\n${tailLines(r.output, 60)}`);
    const jars = (await fsp.readdir(out).catch(() => [])).filter((f) => f.endsWith('.jar')).sort();
    if (jars.length === 0) throw new Error(`mvn fetched no jars for ${what}:\n${tailLines(r.output, 60)}`);
    await fsp.writeFile(
      path.join(out, MARKER),
      JSON.stringify({ pomSha256: pomSha, jars, completedAt: new Date().toISOString() }, null, 2),
    );
    await publishDir(out, libsDir, isValid);
    log(`fetched ${what}: ${jars.length} jars in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  } finally {
    await fsp.rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Compiles the Java launchers once per source hash (a source-file launch recompiles on every
 * start: ~1.1 s vs ~0.25 s to ready for mongo). Returns null if javac is not available.
 * @param {string} dir
 * @param {string} mongoLibs
 * @param {Logger} log
 * @returns {Promise<string | null>}
 */
async function compileLaunchers(dir, mongoLibs, log) {
  const sources = LAUNCHER_SOURCES.map((f) => path.join(HERE, f));
  const hash = sha256(
    [MONGO_JAVA_SERVER_VERSION, ...sources.map((s) => fs.readFileSync(s, 'utf8'))].join('\0'),
  ).slice(0, 16);
  const base = path.join(dir, 'launchers');
  const classesDir = path.join(base, hash);
  const isValid = () => fs.existsSync(path.join(classesDir, MARKER));
  if (isValid()) return classesDir;

  await fsp.mkdir(base, { recursive: true });
  await removeStale(base, 'tmp-');
  const tmp = await fsp.mkdtemp(path.join(base, 'tmp-'));
  try {
    let r;
    try {
      r = await run(jdkTool('javac'), ['--release', '17', '-nowarn', '-cp', path.join(mongoLibs, '*'), '-d', tmp, ...sources]);
    } catch (err) {
      log(`javac unavailable (${/** @type {Error} */ (err).message}); using single-file source launch`);
      return null;
    }
    if (r.code !== 0) throw new Error(`javac failed compiling infra/local launchers:\n${tailLines(r.output)}`);
    await fsp.writeFile(path.join(tmp, MARKER), JSON.stringify({ sources: LAUNCHER_SOURCES, hash }));
    await fsp.chmod(tmp, 0o755); // mkdtemp creates 0700
    await publishDir(tmp, classesDir, isValid);
    return classesDir;
  } finally {
    await fsp.rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Classpath and main-class arguments for one of the launchers.
 * @param {Artifacts} art
 * @param {string} libs
 * @param {'MongoServerMain' | 'ExitWithParent'} main
 * @param {boolean} [libraryFirst] the library's jars before the compiled classes: its own classes, not the patched ones
 * @returns {string[]}
 */
function launcherArgs(art, libs, main, libraryFirst = false) {
  const libsGlob = path.join(libs, '*');
  // The compiled classes first: the patched library class must win over the jar's (unless asked not to).
  const classpath = libraryFirst ? [libsGlob, art.classesDir] : [art.classesDir, libsGlob];
  if (art.classesDir) return ['-cp', classpath.join(path.delimiter), main];
  return ['-cp', libsGlob, path.join(HERE, `${main}.java`)];
}

// ---------------------------------------------------------------------------------------------
// Child-process management: children never outlive this Node process.
//  - stop(): SIGTERM, SIGKILL after a timeout
//  - parent 'exit': SIGTERM (SIGKILL for ephemeral instances, whose temp data is then deleted)
//  - parent SIGINT/SIGTERM/SIGHUP: if the application handles the signal itself, leave the order
//    of shutdown to it (npm start stops the services before the broker they commit to); otherwise
//    stop children and re-raise it so the default behaviour (terminate) still happens
//  - parent SIGKILLed: the JVMs watch their stdin pipe and exit on EOF (ExitWithParent /
//    MongoServerMain --exit-on-stdin-eof)

/** @type {Set<ManagedChild>} */
const live = new Set();
const SIGNALS = /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']);
let handlersInstalled = false;
let signalCount = 0;
/** @type {Record<string, () => void>} */
const signalHandlers = {};
for (const sig of SIGNALS) signalHandlers[sig] = () => onParentSignal(sig);

function onParentExit() {
  for (const mc of live) {
    try {
      process.kill(mc.pid, mc.removeOnExit ? 'SIGKILL' : 'SIGTERM');
    } catch {
      /* already gone */
    }
    if (mc.removeOnExit) {
      try {
        fs.rmSync(mc.removeOnExit, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        /* best effort */
      }
    }
  }
}

/** @param {NodeJS.Signals} sig */
function onParentSignal(sig) {
  if (process.listenerCount(sig) > 1) return;
  signalCount++;
  const reraise = () => {
    removeHandlers();
    process.kill(process.pid, sig);
  };
  if (signalCount > 1) {
    // second signal: no more waiting
    for (const mc of live) {
      try {
        process.kill(mc.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    reraise();
    return;
  }
  Promise.all([...live].map((mc) => stopManaged(mc))).finally(reraise);
}

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', onParentExit);
  for (const sig of SIGNALS) process.on(sig, signalHandlers[sig]);
}

function removeHandlers() {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  signalCount = 0;
  process.removeListener('exit', onParentExit);
  for (const sig of SIGNALS) process.removeListener(sig, signalHandlers[sig]);
}

/**
 * Spawns a JVM in its own process group (so a terminal Ctrl-C reaches only Node, which then stops
 * the children in order) with stdin as a pipe that the JVM watches for EOF.
 * @param {string} name
 * @param {string} java
 * @param {string[]} args
 * @param {{ cwd?: string, log: Logger, removeOnExit?: string | null, onLine?: (line: string, stream: 'stdout' | 'stderr') => void }} opts
 * @returns {ManagedChild}
 */
function spawnManaged(name, java, args, opts) {
  const child = spawn(java, args, { cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  /** @type {string[]} */
  const tail = [];
  /** @type {ManagedChild} */
  const mc = {
    name,
    child,
    pid: child.pid || -1,
    exitInfo: null,
    exited: /** @type {any} */ (null),
    outputTail: () => tail.join('\n'),
    removeOnExit: opts.removeOnExit || null,
    stopping: null,
  };
  mc.exited = new Promise((resolve) => {
    child.once('error', (err) => {
      tail.push(`spawn error: ${err.message}`);
      mc.exitInfo = { code: null, signal: null };
      resolve(mc.exitInfo);
    });
    child.once('exit', (code, signal) => {
      mc.exitInfo = { code, signal };
      resolve(mc.exitInfo);
    });
  });
  mc.exited.then(() => {
    live.delete(mc);
    if (live.size === 0) removeHandlers();
  });
  // Never write to stdin; just keep it open. Ignore EPIPE if the JVM dies first.
  child.stdin?.on('error', () => {});
  for (const stream of /** @type {const} */ (['stdout', 'stderr'])) {
    let partial = '';
    child[stream]?.setEncoding('utf8');
    child[stream]?.on('data', (/** @type {string} */ chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() || '';
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 200) tail.shift();
        if (opts.onLine) opts.onLine(line, stream);
      }
    });
  }
  if (child.pid) {
    live.add(mc);
    installHandlers();
  }
  return mc;
}

/**
 * SIGTERM, wait for exit, SIGKILL after `timeoutMs`; then delete ephemeral data.
 * @param {ManagedChild} mc
 * @param {number} [timeoutMs]
 * @returns {Promise<void>}
 */
function stopManaged(mc, timeoutMs = 15_000) {
  if (!mc.stopping) {
    mc.stopping = (async () => {
      if (!mc.exitInfo) {
        try {
          mc.child.kill('SIGTERM');
        } catch {
          /* gone */
        }
        const timer = setTimeout(() => {
          try {
            mc.child.kill('SIGKILL');
          } catch {
            /* gone */
          }
        }, timeoutMs);
        await mc.exited;
        clearTimeout(timer);
      }
      mc.child.stdin?.destroy();
      if (mc.removeOnExit) await fsp.rm(mc.removeOnExit, { recursive: true, force: true, maxRetries: 3 });
    })();
  }
  return mc.stopping;
}

// ---------------------------------------------------------------------------------------------
// Kafka

/**
 * @typedef {object} KafkaHandle
 * @property {string} brokers            '127.0.0.1:PORT' (the PLAINTEXT listener; never the controller port)
 * @property {number} port
 * @property {number} controllerPort
 * @property {string} dataDir
 * @property {string} logFile            Kafka's own log (dataDir/logs/server.log)
 * @property {number} pid
 * @property {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} exited
 * @property {() => Promise<void>} stop
 */

/**
 * @typedef {object} StartKafkaOptions
 * @property {number} [port]             PLAINTEXT port on 127.0.0.1; 0/undefined = pick a free one
 * @property {number} [controllerPort]   KRaft controller port; 0/undefined = pick a free one
 * @property {string} [dataDir]          persistent dir (formatted once, survives restarts); default: temp dir deleted on stop
 * @property {Logger} [log]
 * @property {string[]} [javaOpts]       replaces the default heap options (-Xms256m -Xmx1g)
 * @property {number} [startTimeoutMs]   default 120000
 * @property {number} [stopTimeoutMs]    default 15000
 */

/**
 * Starts a single-node Kafka 3.9.1 in KRaft combined mode (broker+controller, node.id=1).
 * Resolves once the log says "Kafka Server started" and the PLAINTEXT port accepts connections.
 * @param {StartKafkaOptions} [opts]
 * @returns {Promise<KafkaHandle>}
 */
async function startKafka(opts = {}) {
  const log = opts.log || noop;
  const art = await ensureArtifacts({ log });
  const ephemeral = !opts.dataDir;
  if (ephemeral) await removeOrphanedTempDirs();
  const dataDir = opts.dataDir
    ? path.resolve(opts.dataDir)
    : await fsp.mkdtemp(path.join(os.tmpdir(), TEMP_PREFIX));
  const autoPorts = !opts.port || !opts.controllerPort;
  const attempts = autoPorts ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startKafkaOnce(art, dataDir, ephemeral, opts, log);
    } catch (err) {
      const e = /** @type {Error & { code?: string }} */ (err);
      if (e.code === 'EADDRINUSE' && attempt < attempts) {
        log(`kafka: port taken while starting, retrying with other ports (${attempt}/${attempts - 1})`);
        continue;
      }
      if (ephemeral) await fsp.rm(dataDir, { recursive: true, force: true });
      throw err;
    }
  }
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
}

/** Deletes ephemeral Kafka dirs left behind when the owning Node process was SIGKILLed. */
async function removeOrphanedTempDirs() {
  const tmp = os.tmpdir();
  const names = await fsp.readdir(tmp).catch(() => /** @type {string[]} */ ([]));
  for (const n of names) {
    if (!n.startsWith(TEMP_PREFIX)) continue;
    const owner = readJson(path.join(tmp, n, OWNER_FILE));
    if (!owner || isAlive(owner.nodePid) || isAlive(owner.jvmPid)) continue;
    await fsp.rm(path.join(tmp, n), { recursive: true, force: true }).catch(() => {});
  }
}

/**
 * @param {Artifacts} art
 * @param {string} dataDir
 * @param {boolean} ephemeral
 * @param {StartKafkaOptions} opts
 * @param {Logger} log
 * @returns {Promise<KafkaHandle>}
 */
async function startKafkaOnce(art, dataDir, ephemeral, opts, log) {
  for (const [name, p] of /** @type {const} */ ([['port', opts.port], ['controllerPort', opts.controllerPort]])) {
    if (p && !(await isPortFree(p))) {
      throw Object.assign(new Error(`kafka: ${name} ${p} on 127.0.0.1 is already in use (another Kafka running?)`), {
        code: 'EPORTBUSY',
      });
    }
  }
  const port = opts.port || (await freePort([opts.controllerPort || 0]));
  const controllerPort = opts.controllerPort || (await freePort([port]));
  if (port === controllerPort) throw new Error('kafka: port and controllerPort must differ');

  const logsDir = path.join(dataDir, 'logs');
  const logDirs = path.join(dataDir, 'data');
  await fsp.mkdir(logsDir, { recursive: true });
  await fsp.mkdir(logDirs, { recursive: true });
  const serverProps = path.join(dataDir, 'server.properties');
  const log4jProps = path.join(dataDir, 'log4j.properties');
  const logFile = path.join(logsDir, 'server.log');
  await fsp.writeFile(serverProps, kafkaServerProperties({ port, controllerPort, logDirs }));
  await fsp.writeFile(log4jProps, kafkaLog4jProperties(logFile));
  const log4jOpt = `-Dlog4j.configuration=${pathToFileURL(log4jProps).href}`;
  const kafkaCp = path.join(art.kafkaLibs, '*');

  if (!fs.existsSync(path.join(logDirs, 'meta.properties'))) {
    // As Kafka's own Uuid.randomUuid(): an id starting with '-' is read by StorageTool as an option (1 run in 64).
    let clusterId;
    do clusterId = crypto.randomBytes(16).toString('base64url');
    while (clusterId.startsWith('-'));
    log(`kafka: formatting ${logDirs} (cluster id ${clusterId})`);
    const r = await run(
      art.java,
      ['-Xmx256m', '-XX:TieredStopAtLevel=1', log4jOpt, '-cp', kafkaCp, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', serverProps],
      { cwd: dataDir },
    );
    if (r.code !== 0) throw new Error(`kafka: StorageTool format failed (exit ${r.code}):\n${tailLines(r.output)}`);
  }

  const javaOpts = opts.javaOpts || ['-Xms256m', '-Xmx1g'];
  const args = [
    ...javaOpts,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    log4jOpt,
    `-Dkafka.logs.dir=${logsDir}`,
    ...launcherArgs(art, art.kafkaLibs, 'ExitWithParent'),
    'kafka.Kafka',
    serverProps,
  ];
  const logOffset = fileSize(logFile);
  const t0 = Date.now();
  log(`kafka: starting on 127.0.0.1:${port} (controller ${controllerPort}), data ${dataDir}`);
  const mc = spawnManaged('kafka', art.java, args, {
    cwd: dataDir,
    log,
    removeOnExit: ephemeral ? dataDir : null,
    onLine: (line, stream) => {
      if (stream === 'stderr' && line.trim()) log(`kafka[stderr]: ${line}`);
    },
  });

  if (ephemeral && mc.pid > 0) {
    // lets a later startKafka delete this dir if both processes die without cleanup (parent SIGKILLed)
    await fsp.writeFile(path.join(dataDir, OWNER_FILE), JSON.stringify({ nodePid: process.pid, jvmPid: mc.pid }));
  }
  const stopTimeoutMs = opts.stopTimeoutMs ?? 15_000;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 120_000);
  let offset = logOffset;
  let seen = '';
  let ready = false;
  try {
    while (!ready) {
      const r = await readFrom(logFile, offset);
      offset = r.size;
      seen = (seen + r.text).slice(-200_000);
      if (BIND_ERROR_RE.test(seen) || BIND_ERROR_RE.test(mc.outputTail())) {
        throw Object.assign(new Error(`kafka: address already in use (port ${port} / ${controllerPort})`), {
          code: 'EADDRINUSE',
        });
      }
      if (mc.exitInfo) {
        throw new Error(
          `kafka exited before it was ready (code ${mc.exitInfo.code}, signal ${mc.exitInfo.signal}).\n` +
            `--- ${logFile} (tail) ---\n${tailLines(seen)}\n--- stdout/stderr (tail) ---\n${tailLines(mc.outputTail(), 20)}`,
        );
      }
      if (KAFKA_READY_RE.test(seen) && (await canConnect(port))) {
        ready = true;
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `kafka not ready after ${opts.startTimeoutMs ?? 120_000} ms.\n` +
            `--- ${logFile} (tail) ---\n${tailLines(seen)}\n--- stdout/stderr (tail) ---\n${tailLines(mc.outputTail(), 20)}`,
        );
      }
      await sleep(100);
    }
  } catch (err) {
    mc.removeOnExit = null; // startKafka retries in the same dir, or deletes it
    await stopManaged(mc, 5_000);
    throw err;
  }
  log(`kafka: ready at 127.0.0.1:${port} in ${((Date.now() - t0) / 1000).toFixed(1)}s (pid ${mc.pid})`);
  return {
    brokers: `127.0.0.1:${port}`,
    port,
    controllerPort,
    dataDir,
    logFile,
    pid: mc.pid,
    exited: mc.exited,
    stop: () => stopManaged(mc, stopTimeoutMs),
  };
}

/**
 * @param {{ port: number, controllerPort: number, logDirs: string }} p
 */
function kafkaServerProperties({ port, controllerPort, logDirs }) {
  return `# Generated by infra/local/index.js on every start; edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controllerPort}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${logDirs}

# single node
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true

# small shared box
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.cleaner.threads=1
`;
}

/** @param {string} logFile */
function kafkaLog4jProperties(logFile) {
  // reload4j reads backslashes as escapes; paths here are POSIX.
  return `# Generated by infra/local/index.js. Kafka logs go to a file, not stdout.
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=${logFile}
log4j.appender.file.MaxFileSize=20MB
log4j.appender.file.MaxBackupIndex=3
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n

log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.controller=INFO
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.authorizer.logger=WARN
log4j.logger.org.apache.kafka.clients=WARN
`;
}

// ---------------------------------------------------------------------------------------------
// MongoDB (mongo-java-server)

/**
 * @typedef {object} MongoHandle
 * @property {string} url                'mongodb://127.0.0.1:PORT'
 * @property {number} port
 * @property {'memory' | 'h2'} backend
 * @property {string | null} persistentFile
 * @property {number} pid
 * @property {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} exited
 * @property {() => Promise<void>} stop
 */

/**
 * @typedef {object} StartMongoOptions
 * @property {number} [port]             0/undefined = ephemeral port chosen by the server itself (no race)
 * @property {string} [persistentFile]   H2 MVStore file (e.g. .data/mongo/inlet.mv); default: memory backend
 * @property {number} [wireVersion]      maxWireVersion to report (default: mongo-java-server's 8, fine for mongoose 8)
 * @property {Logger} [log]
 * @property {string[]} [javaOpts]       replaces the default heap options (-Xms64m, and -Xmx2g on a file, -Xmx1g in memory)
 * @property {boolean} [libraryClassesFirst] run mongo-java-server's own classes, not infra/local's patched ones (tools/bench-store.js --ab)
 * @property {number} [startTimeoutMs]   default 60000
 * @property {number} [stopTimeoutMs]    default 15000
 */

/**
 * Starts mongo-java-server on 127.0.0.1: memory backend, or H2 when `persistentFile` is given.
 * @param {StartMongoOptions} [opts]
 * @returns {Promise<MongoHandle>}
 */
async function startMongo(opts = {}) {
  const log = opts.log || noop;
  const art = await ensureArtifacts({ log });
  const persistentFile = opts.persistentFile ? path.resolve(opts.persistentFile) : null;
  if (persistentFile) await fsp.mkdir(path.dirname(persistentFile), { recursive: true });
  // On a file, 2 GB: H2's page cache is 256 MB by estimate, and a query the store cannot answer from
  // an index (it has no secondary indexes) holds every match at once; with 1 GB the JVM ran out of
  // heap under a growing backlog after about 70,000 events (twice, in bench runs).
  const javaOpts = opts.javaOpts || ['-Xms64m', persistentFile ? '-Xmx2g' : '-Xmx1g'];
  const args = [
    ...javaOpts,
    '-XX:+UseSerialGC',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    ...launcherArgs(art, art.mongoLibs, 'MongoServerMain', opts.libraryClassesFirst),
    '--host',
    '127.0.0.1',
    '--port',
    String(opts.port || 0),
    '--exit-on-stdin-eof',
  ];
  if (persistentFile) args.push('--h2', persistentFile);
  if (opts.wireVersion) args.push('--wire-version', String(opts.wireVersion));

  const t0 = Date.now();
  /** @type {(port: number) => void} */
  let onReady = () => {};
  const readyLine = new Promise((resolve) => (onReady = resolve));
  const mc = spawnManaged('mongo', art.java, args, {
    log,
    onLine: (line, stream) => {
      const m = /^MONGO_SERVER_READY port=(\d+)/.exec(line);
      if (m) onReady(Number(m[1]));
      // stdout too: the JVM reports an OutOfMemoryError there before it exits.
      else if (line.trim()) log(`mongo[${stream}]: ${line}`);
    },
  });

  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  let port;
  try {
    port = await Promise.race([
      readyLine,
      mc.exited.then((info) => {
        throw new Error(
          `mongo-java-server exited before it was ready (code ${info.code}, signal ${info.signal}):\n${tailLines(mc.outputTail())}`,
        );
      }),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`mongo-java-server not ready after ${timeoutMs} ms:\n${tailLines(mc.outputTail())}`)),
          timeoutMs,
        );
      }),
    ]);
    if (!(await canConnect(port))) throw new Error(`mongo-java-server reported ready but port ${port} refuses connections`);
  } catch (err) {
    await stopManaged(mc, 5_000);
    throw err;
  } finally {
    clearTimeout(timer);
  }
  log(
    `mongo: ready at 127.0.0.1:${port} (${persistentFile ? `h2 ${persistentFile}` : 'memory'}) in ${(
      (Date.now() - t0) /
      1000
    ).toFixed(1)}s (pid ${mc.pid})`,
  );
  const stopTimeoutMs = opts.stopTimeoutMs ?? 15_000;
  return {
    url: `mongodb://127.0.0.1:${port}`,
    port,
    backend: persistentFile ? 'h2' : 'memory',
    persistentFile,
    pid: mc.pid,
    exited: mc.exited,
    stop: () => stopManaged(mc, stopTimeoutMs),
  };
}

module.exports = {
  ensureArtifacts,
  startKafka,
  startMongo,
  getCacheDir,
  freePort,
  KAFKA_VERSION,
  MONGO_JAVA_SERVER_VERSION,
};
