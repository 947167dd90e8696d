// @ts-check
// The source environments the load goes to: the demo's development environment that `npm start`
// seeds, and for BENCH_SOURCES=N, N − 1 more (bench-2 ... bench-N) made through the api like the
// demo: verification as the demo has it (not enforced, X-Knock-Signature), a signing key, and for
// BENCH_EVENT=demo the demo's two mappings. The api shows a key's secret only once, so the endpoint
// tokens and keys are kept in .data/bench-sources.json and a later run reuses them.
'use strict';
const { chmodSync, existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dataDir = join(__dirname, '..', '..', '.data');
const stateFile = join(dataDir, 'bench-sources.json');
const ENVIRONMENT = 'development';

/** The demo's mappings (apps/api/src/config-store/config-store.service.ts, seedDemo). */
const DEMO_MAPPINGS = [
  { event_type: 'user.signed_up', action_type: 'identify_user', params: { id: { path: 'data.user.id' }, email: { path: 'data.user.email' }, name: { path: 'data.user.name' } } },
  { event_type: 'user.signed_up', action_type: 'trigger_workflow', params: { key: { literal: 'welcome' }, recipients: { path: 'data.user.id' }, 'data.email': { path: 'data.user.email' } } },
];

/** @typedef {import('./load').Target} Target */

/** @param {string} name */
function fromData(name) {
  const file = join(dataDir, name);
  if (!existsSync(file)) throw new Error(`.data/${name} is missing: start the stack with \`npm start\` first`);
  return readFileSync(file, 'utf8').trim();
}

/**
 * @param {{ api: URL, sources: number, event: 'demo' | 'unmapped' }} opts
 * @returns {Promise<{ targets: Target[], created: boolean }>} created: the gateway needs a moment to learn new sources
 */
async function prepareTargets(opts) {
  /** @type {Target[]} */
  const targets = [{ token: process.env.BENCH_ENDPOINT_TOKEN ?? fromData('demo-endpoint-token'), signingKey: fromData('demo-signing-key') }];
  if (opts.sources === 1) return { targets, created: false };
  const api = apiClient(opts.api, fromData('api-key'));
  /** @type {Record<string, Target>} */
  const kept = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
  let created = false;
  for (let n = 2; n <= opts.sources; n++) {
    const key = `bench-${n}`;
    const ready = await reusable(api, key, kept[key]);
    if (!ready) {
      kept[key] = await createSource(api, key);
      writeFileSync(stateFile, `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600 });
      chmodSync(stateFile, 0o600);
      created = true;
    }
    if (opts.event === 'demo') created = (await ensureDemoMappings(api, key)) || created;
    targets.push(kept[key]);
  }
  return { targets, created };
}

/** A kept source still there with the same endpoint. @param {ReturnType<typeof apiClient>} api @param {string} key @param {Target | undefined} kept */
async function reusable(api, key, kept) {
  if (!kept) return false;
  const env = await api.get(`/v1/sources/${key}/environments/${ENVIRONMENT}`);
  return env !== null && String(env.endpoint).endsWith(`/${kept.token}`);
}

/** A new source (or a fresh endpoint and key for one the state file lost). @param {ReturnType<typeof apiClient>} api @param {string} key */
async function createSource(api, key) {
  if ((await api.get(`/v1/sources/${key}`)) === null) await api.post('/v1/sources', { key, name: `Bench ${key}`, description: 'Created by npm run bench', type: 'custom' });
  const env = await api.post(`/v1/sources/${key}/environments/${ENVIRONMENT}/endpoint/regenerate`, {});
  const signing = await api.post(`/v1/sources/${key}/environments/${ENVIRONMENT}/signing-keys`, {});
  return { token: String(env.endpoint).split('/').pop() ?? '', signingKey: signing.secret };
}

/** Creates the demo's mappings where the source has none for its event type. @param {ReturnType<typeof apiClient>} api @param {string} key */
async function ensureDemoMappings(api, key) {
  const path = `/v1/sources/${key}/environments/${ENVIRONMENT}/mappings`;
  const existing = await api.get(`${path}?event_type=user.signed_up`);
  if ((existing?.entries ?? []).length > 0) return false;
  for (const mapping of DEMO_MAPPINGS) await api.post(path, mapping);
  return true;
}

/** @param {URL} base @param {string} apiKey */
function apiClient(base, apiKey) {
  /** @param {string} method @param {string} path @param {unknown} [body] */
  const call = async (method, path, body) => {
    const res = await fetch(new URL(path, base), {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch((err) => {
      throw new Error(`the api at ${base.origin} did not answer (${err.message}): is \`npm start\` running?`);
    });
    if (method === 'GET' && res.status === 404) return null;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return { get: (/** @type {string} */ path) => call('GET', path), post: (/** @type {string} */ path, /** @type {unknown} */ body) => call('POST', path, body) };
}

module.exports = { prepareTargets };
