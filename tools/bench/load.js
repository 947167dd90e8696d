// @ts-check
// The load: signed webhooks of a fixed size, each with a unique event_id, sent over a pool of
// keep-alive connections, either as fast as the gateway answers (closed loop) or at a fixed offered
// rate (open loop, latency from each request's scheduled time).
'use strict';
const http = require('node:http');
const { createHmac } = require('node:crypto');

/** The demo environment's signature header (libs/domain/signature: hex HMAC-SHA256 of the raw body). */
const SIGNATURE_HEADER = 'x-knock-signature';
/** No mapping has this type, so the event ends as `no_mappings` after the mapping-engine. */
const UNMAPPED_TYPE = 'bench.unmapped';

/**
 * The body of event i: the demo's `user.signed_up` (identify the user, then trigger `welcome`) or
 * an unmapped type, padded to exactly `bytes` bytes.
 * @param {'demo' | 'unmapped'} kind @param {string} eventId @param {number} i @param {number} bytes
 */
function eventBody(kind, eventId, i, bytes) {
  const user = { id: `bench_${i % 5000}`, email: `bench${i}@example.com`, name: `Bench ${i}` };
  const event = { type: kind === 'demo' ? 'user.signed_up' : UNMAPPED_TYPE, event_id: eventId, data: { user, padding: '' } };
  const padding = bytes - Buffer.byteLength(JSON.stringify(event));
  if (padding < 0) throw new Error(`an event body needs more than ${bytes} bytes`);
  event.data.padding = 'x'.repeat(padding);
  return JSON.stringify(event);
}

/** Hex HMAC-SHA256 of the body with the signing key, as a sender signs. @param {string} key @param {string} body */
function sign(key, body) {
  return createHmac('sha256', key).update(body).digest('hex');
}

/**
 * @typedef {{ token: string, signingKey: string }} Target a source environment's endpoint token and signing key
 * @typedef {{ status: number, id?: string, ms: number }} Sent status, log id when accepted, latency
 */

/**
 * @param {{ gateway: URL, concurrency: number, event: 'demo' | 'unmapped', bodyBytes: number, targets: Target[] }} opts
 */
function createSender(opts) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const runId = Date.now().toString(36);
  let n = 0;
  /**
   * Sends the next event, round-robin over the targets; latency counts from `since` (ms, performance.now()).
   * @param {number} [since]
   * @returns {Promise<Sent>}
   */
  function send(since = performance.now()) {
    const i = n++;
    const target = opts.targets[i % opts.targets.length];
    const body = eventBody(opts.event, `${runId}-${i}`, i, opts.bodyBytes);
    const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), [SIGNATURE_HEADER]: sign(target.signingKey, body) };
    return new Promise((resolve) => {
      const req = http.request({ host: opts.gateway.hostname, port: opts.gateway.port, path: `/integrations/receive/${target.token}`, method: 'POST', agent, headers }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, id: res.statusCode === 202 ? JSON.parse(text).id : undefined, ms: performance.now() - since }));
      });
      // A refused or reset connection is an answer too (status 0), not the end of the run.
      req.on('error', () => resolve({ status: 0, ms: performance.now() - since }));
      req.end(body);
    });
  }
  return { send, close: () => agent.destroy() };
}

/** `total` events, `concurrency` at a time, each connection sending its next once answered. @param {ReturnType<typeof createSender>} sender @param {number} total @param {number} concurrency */
async function closedLoop(sender, total, concurrency) {
  /** @type {Sent[]} */
  const results = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (started < total) {
        started++;
        results.push(await sender.send());
      }
    }),
  );
  return results;
}

/**
 * Event i is due at i / rate seconds: sent then whatever the answers before it, so a slow stack
 * queues requests (on the connection pool) rather than lowering the offered rate, and each latency
 * counts from the due time.
 * @param {ReturnType<typeof createSender>} sender @param {number} rate @param {number} seconds
 */
async function openLoop(sender, rate, seconds) {
  const total = Math.round(rate * seconds);
  /** @type {Promise<Sent>[]} */
  const pending = [];
  const start = performance.now();
  while (pending.length < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - start) / 1000) * rate) + 1);
    while (pending.length < due) pending.push(sender.send(start + (pending.length * 1000) / rate));
    await new Promise((r) => setTimeout(r, 1));
  }
  return Promise.all(pending);
}

module.exports = { eventBody, sign, createSender, closedLoop, openLoop, UNMAPPED_TYPE };
