// @ts-check
// `npm start`: installs what is missing, builds, starts the local Kafka and MongoDB-wire server
// unless KAFKA_BROKERS and MONGO_URL are set, creates the topics, starts every service as its own
// process (INLET_REPLICAS of them where asked, each restarted with backoff when it exits), and prints
// where each listens with an example to send. Ctrl-C stops everything.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { chmodSync, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { ensureDeps } = require('./ensure-deps');
const { SERVICE_PORTS, parseReplicas, replicaName, replicaPort } = require('./replicas');
const { supervise } = require('./supervise');
const { showsOnTerminal } = require('./terminal-lines');

const root = join(__dirname, '..');
const dataDir = join(root, '.data');
const env = process.env;

/** @type {{ stop: () => Promise<unknown> }[]} */
const running = [];
/** @type {(() => Promise<void>)[]} */
const infraStops = [];
let stopping = false;

async function main() {
  // A bad INLET_REPLICAS stops npm start before anything is built or started.
  const replicas = parseReplicas(env.INLET_REPLICAS);
  if (!replicas.ok) {
    process.stderr.write(`${replicas.message}\n`);
    process.exit(1);
  }
  ensureDeps();
  run('npm', ['run', '--silent', 'build']);
  // .data/ holds the master key, endpoint tokens and every raw request: this user's eyes only.
  // chmod too, since mkdir leaves an existing directory (from an earlier start) as it was.
  mkdirSync(join(dataDir, 'logs'), { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  chmodSync(join(dataDir, 'logs'), 0o700);

  let kafkaBrokers = env.KAFKA_BROKERS;
  let mongoUrl = env.MONGO_URL;
  if (!kafkaBrokers || !mongoUrl) {
    const local = require('../infra/local');
    const infraLog = createWriteStream(join(dataDir, 'logs', 'infra.log'), { flags: 'a', mode: 0o600 });
    // The servers' own output goes to the file; the terminal shows what the launcher says.
    const log = (/** @type {string} */ line) => {
      infraLog.write(`${line}\n`);
      if (!/\[(stdout|stderr)\]/.test(line)) process.stdout.write(`[infra] ${line}\n`);
    };
    process.stdout.write('Starting the local Kafka and MongoDB-wire server (first run downloads them from Maven Central)...\n');
    const [kafka, mongo] = await Promise.all([
      local.startKafka({
        port: Number(env.INLET_KAFKA_PORT ?? 9092),
        controllerPort: Number(env.INLET_KAFKA_CONTROLLER_PORT ?? 9093),
        dataDir: join(dataDir, 'kafka'),
        log,
      }),
      local.startMongo({ port: Number(env.INLET_MONGO_PORT ?? 27017), persistentFile: join(dataDir, 'mongo.mv'), log }),
    ]);
    infraStops.push(() => kafka.stop(), () => mongo.stop());
    // Nothing restarts them: say so on the terminal instead of leaving the services retrying in silence.
    for (const [what, handle] of /** @type {const} */ ([['Kafka', kafka], ['The MongoDB-wire server', mongo]])) {
      handle.exited.then(({ code, signal }) => {
        if (!stopping) process.stderr.write(`[infra] ${what} exited (code ${code}, signal ${signal}); the services wait for it. See .data/logs/infra.log, then Ctrl-C and npm start again.\n`);
      });
    }
    kafkaBrokers = kafka.brokers;
    mongoUrl = mongo.url;
  }

  await require('./create-topics').createTopics(String(kafkaBrokers));

  const apiKey = env.INLET_API_KEY ?? remembered('api-key', () => `inlet_${randomBytes(24).toString('hex')}`);
  const demoToken = remembered('demo-endpoint-token', () => randomBytes(24).toString('hex'));
  const demoSigningKey = remembered('demo-signing-key', () => `isk_${randomBytes(32).toString('hex')}`);
  // Seals signing keys at rest; losing it makes the stored keys unreadable, so it is kept with the data.
  const masterKey = env.INLET_MASTER_KEY ?? remembered('master-key', () => randomBytes(32).toString('hex'));
  const port = (/** @type {string} */ name) => Number(env[`INLET_${name.toUpperCase().replace('-', '_')}_PORT`] ?? SERVICE_PORTS[/** @type {keyof typeof SERVICE_PORTS} */ (name)]);

  /** @type {{ name: string, port: number }[]} */
  const processes = [];
  for (const [service, count] of Object.entries(replicas.counts)) {
    for (let n = 1; n <= count; n += 1) {
      const name = replicaName(service, n);
      const at = replicaPort(port(service), n);
      const replicaEnv = {
        ...env,
        PORT: String(at),
        KAFKA_BROKERS: kafkaBrokers,
        MONGO_URL: mongoUrl,
        ...(service === 'api' ? { INLET_API_KEY: apiKey, INLET_DEMO_ENDPOINT_TOKEN: demoToken, INLET_DEMO_SIGNING_KEY: demoSigningKey } : {}),
        ...(['api', 'gateway'].includes(service) ? { INLET_MASTER_KEY: masterKey } : {}),
      };
      const file = createWriteStream(join(dataDir, 'logs', `${name}.log`), { flags: 'a', mode: 0o600 });
      running.push(
        supervise({
          name,
          start: () => {
            const child = spawn(process.execPath, [join(root, 'dist/apps', service, 'src/main.js')], { cwd: root, env: replicaEnv, stdio: ['ignore', 'pipe', 'pipe'] });
            relay(name, child, file);
            return child;
          },
          log: (line) => {
            process.stderr.write(`[${name}] ${line}. See .data/logs/${name}.log\n`);
            file.write(`${JSON.stringify({ level: 'warn', time: Date.now(), service: 'npm-start', msg: line })}\n`);
          },
        }),
      );
      processes.push({ name, port: at });
    }
  }

  await Promise.all(processes.map(({ name, port: at }) => waitReady(name, at)));
  const gateway = `http://127.0.0.1:${port('gateway')}`;
  const api = `http://127.0.0.1:${port('api')}`;
  process.stdout.write(`
Inlet is running.
  dashboard      ${api}/   (log in with the api key below)
  gateway        ${gateway}   (webhook intake: POST /integrations/receive/<token>)
  api            ${api}   (management API; key below)
  ${processes.filter(({ name }) => !['gateway', 'api'].includes(name)).map(({ name, port: at }) => `${name} :${at}`).join(', ')}   (/health, /ready, /metrics)
  logs           .data/logs/<service>.log (warnings and errors are shown here too)
  api key        ${apiKey}

Send a signed webhook to the demo source (in development, a user.signed_up event identifies its user and then triggers
the welcome workflow for them; the signature is hex HMAC-SHA256 of the exact body with its signing key, kept in
.data/demo-signing-key):

  BODY='{"type":"user.signed_up","data":{"user":{"id":"user_123","email":"ada@example.com","name":"Ada Lovelace"}}}'
  SIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac '${demoSigningKey}' -r | cut -d' ' -f1)
  curl -s -X POST ${gateway}/integrations/receive/${demoToken} \\
    -H 'Content-Type: application/json' -H "X-Knock-Signature: $SIG" -d "$BODY"

It answers {"id":"<event id>"}. Then read its source log (every stage, the verification result, both actions and
their results), the user, and the workflow run (also published on the inlet.workflow.triggered.v1 topic):

  curl -s -H 'Authorization: Bearer ${apiKey}' ${api}/v1/logs/<event id>
  curl -s -H 'Authorization: Bearer ${apiKey}' '${api}/v1/users/user_123?environment=development'
  curl -s -H 'Authorization: Bearer ${apiKey}' '${api}/v1/workflow-runs?environment=development&event_id=<event id>'

Manage sources, settings, signing keys, mappings and workflows under ${api}/v1 (see README.md and ${api}/docs).

Ctrl-C stops everything.
`);
}

/** A generated value kept in .data/ so it survives restarts. */
function remembered(/** @type {string} */ name, /** @type {() => string} */ make) {
  const file = join(dataDir, name);
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    return readFileSync(file, 'utf8').trim();
  }
  const value = make();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

/** Full logs to .data/logs/<name>.log (one file across restarts); warnings and errors also to the terminal. */
function relay(/** @type {string} */ name, /** @type {import('node:child_process').ChildProcess} */ child, /** @type {import('node:fs').WriteStream} */ file) {
  let buffered = '';
  const onData = (/** @type {Buffer} */ chunk) => {
    file.write(chunk);
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (showsOnTerminal(line)) process.stderr.write(`[${name}] ${line}\n`);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
}

async function waitReady(/** @type {string} */ name, /** @type {number} */ port) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const res = await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} was not ready on port ${port} within 120 s; see .data/logs/${name}.log`);
}

function run(/** @type {string} */ cmd, /** @type {string[]} */ args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

async function shutdown(/** @type {number} */ code) {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nStopping...\n');
  await Promise.all(running.map((supervised) => supervised.stop()));
  for (const stop of infraStops) await stop().catch(() => undefined);
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((err) => {
  process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  void shutdown(1);
});
