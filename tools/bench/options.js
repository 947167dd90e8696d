// @ts-check
// `npm run bench`'s options, read from the environment (and `--json`); pure, so it is unit-tested.
'use strict';

/**
 * @typedef {object} BenchOptions
 * @property {'pipeline' | 'gateway'} mode pipeline: wait for every event's final log status; gateway: the load alone
 * @property {'demo' | 'unmapped'} event
 * @property {number} events measured events (closed loop; with a rate: rate × duration)
 * @property {number} warmup warm-up requests, drained before the idle rate is measured
 * @property {number} concurrency connections
 * @property {number} sources source environments the load is spread over
 * @property {number | null} rate offered events/s (open loop), null for a closed loop
 * @property {number | null} duration seconds at that rate
 * @property {number} idleSeconds how long the idle rate is measured
 * @property {number} bodyBytes size of each request body
 * @property {string | null} json where the JSON result goes
 * @property {URL} gateway
 * @property {URL} api
 * @property {string} mongoUrl
 * @property {string} mongoDb
 * @property {string} kafkaBrokers
 * @property {number} kafkaPort the first broker's port: the Kafka process of the stack listens on it
 * @property {number} storePort MONGO_URL's port: the store process listens on it
 */

/** An option the bench cannot run with: its code names it, its message says what is expected. */
class BenchOptionError extends Error {
  /** @param {string} code @param {string} message */
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/**
 * @param {Record<string, string | undefined>} env
 * @param {string[]} argv the arguments after the script
 * @returns {BenchOptions}
 */
function parseOptions(env, argv) {
  const rate = optionalNumber(env, 'BENCH_RATE', 1);
  const duration = optionalNumber(env, 'BENCH_DURATION', 1);
  if ((rate === null) !== (duration === null)) throw new BenchOptionError('bench_rate_needs_duration', 'BENCH_RATE and BENCH_DURATION go together (events/s for so many seconds)');
  const mode = oneOf(env, 'BENCH_MODE', ['pipeline', 'gateway']);
  if (mode === 'gateway' && rate !== null) throw new BenchOptionError('bench_gateway_rate', 'BENCH_MODE=gateway measures the accept rate: leave BENCH_RATE out');
  const kafkaBrokers = env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  const mongoUrl = env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
  const jsonIndex = argv.indexOf('--json');
  const json = env.BENCH_JSON ?? (jsonIndex >= 0 ? argv[jsonIndex + 1] ?? 'bench-result.json' : null);
  return {
    mode,
    event: oneOf(env, 'BENCH_EVENT', ['demo', 'unmapped']),
    events: rate !== null && duration !== null ? Math.round(rate * duration) : number(env, 'BENCH_EVENTS', 10000, 1),
    warmup: number(env, 'BENCH_WARMUP', 2000, 0),
    concurrency: number(env, 'BENCH_CONCURRENCY', 64, 1),
    sources: number(env, 'BENCH_SOURCES', 1, 1),
    rate,
    duration,
    idleSeconds: number(env, 'BENCH_IDLE_SECONDS', 15, 1),
    bodyBytes: number(env, 'BENCH_BODY_BYTES', 1024, 256),
    json: json === '' ? null : json,
    gateway: url(env, 'GATEWAY_URL', 'http://127.0.0.1:3000'),
    api: url(env, 'API_URL', 'http://127.0.0.1:3001'),
    mongoUrl,
    mongoDb: env.MONGO_DB ?? 'inlet',
    kafkaBrokers,
    kafkaPort: portOf(`//${kafkaBrokers.split(',')[0]}`, 9092),
    storePort: portOf(mongoUrl, 27017),
  };
}

/** @param {Record<string, string | undefined>} env @param {string} name @param {number} fallback @param {number} min */
function number(env, name, fallback, min) {
  return optionalNumber(env, name, min) ?? fallback;
}

/** @param {Record<string, string | undefined>} env @param {string} name @param {number} min */
function optionalNumber(env, name, min) {
  const text = env[name];
  if (text === undefined || text === '') return null;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new BenchOptionError('bench_bad_number', `${name}: "${text}" is not a whole number of at least ${min}`);
  return value;
}

/**
 * @template {string} T
 * @param {Record<string, string | undefined>} env @param {string} name @param {readonly [T, ...T[]]} values the first is the default
 * @returns {T}
 */
function oneOf(env, name, values) {
  const text = env[name];
  if (text === undefined || text === '') return values[0];
  const found = values.find((v) => v === text);
  if (found === undefined) throw new BenchOptionError('bench_bad_choice', `${name}: "${text}" is not one of ${values.join(', ')}`);
  return found;
}

/** @param {Record<string, string | undefined>} env @param {string} name @param {string} fallback */
function url(env, name, fallback) {
  try {
    return new URL(env[name] ?? fallback);
  } catch {
    throw new BenchOptionError('bench_bad_url', `${name}: "${env[name]}" is not a URL`);
  }
}

/** The port of `//host:port...` (a broker, a mongodb:// URL's first host), or the default. @param {string} url @param {number} fallback */
function portOf(url, fallback) {
  const port = /\/\/[^/:,]+:(\d+)/.exec(url)?.[1];
  return port === undefined ? fallback : Number(port);
}

module.exports = { parseOptions, BenchOptionError };
