'use strict';
const { parseReplicas, replicaPort, replicaName, restartDelay } = require('./replicas');

describe('parseReplicas', () => {
  it('starts one process of every service when unset', () => {
    expect(parseReplicas(undefined)).toEqual({
      ok: true,
      counts: { gateway: 1, api: 1, verifier: 1, 'mapping-engine': 1, 'action-executor': 1, 'event-log': 1 },
    });
  });

  it('takes a count per service named, spaces and empty entries allowed', () => {
    const parsed = parseReplicas(' action-executor=3, event-log = 2,');
    expect(parsed.ok && parsed.counts).toMatchObject({ 'action-executor': 3, 'event-log': 2, verifier: 1, gateway: 1 });
  });

  it.each([
    ['executor=2', 'INLET_REPLICAS: "executor=2": unknown service "executor"'],
    ['action-executor=0', 'INLET_REPLICAS: "action-executor=0": a service needs at least 1 process'],
    ['action-executor=two', 'INLET_REPLICAS: "action-executor=two": "two" is not a whole number'],
    ['action-executor=1.5', '"1.5" is not a whole number'],
    ['action-executor=-1', '"-1" is not a whole number'],
    ['action-executor', 'expected <service>=<count>'],
    ['verifier=7', 'at most 6'],
    ['verifier=2,verifier=3', 'verifier is named twice'],
    ['gateway=2', 'gateway runs as one process under npm start'],
    ['api=3', 'api runs as one process under npm start'],
  ])('refuses %s, naming the entry', (text, message) => {
    const parsed = parseReplicas(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(message);
  });

  it('accepts gateway=1 and api=1', () => {
    expect(parseReplicas('gateway=1,api=1').ok).toBe(true);
  });
});

describe('replica ports and names', () => {
  it.each([
    [3004, 1, 3004],
    [3004, 2, 3104],
    [3005, 6, 3505],
  ])('base %i, replica %i → port %i', (base, n, port) => {
    expect(replicaPort(base, n)).toBe(port);
  });

  it('keeps the service name for the first replica and numbers the others', () => {
    expect([1, 2, 3].map((n) => replicaName('event-log', n))).toEqual(['event-log', 'event-log-2', 'event-log-3']);
  });
});

describe('restartDelay', () => {
  it('doubles per crash in a row from 0.5 s up to 30 s', () => {
    const delays = [];
    let crashes = 0;
    for (let i = 0; i < 9; i += 1) {
      const next = restartDelay(crashes, 1_000);
      delays.push(next.delayMs);
      crashes = next.crashesInARow;
    }
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('starts again from 0.5 s after a process ran for a minute', () => {
    expect(restartDelay(6, 60_000)).toEqual({ delayMs: 500, crashesInARow: 1 });
    expect(restartDelay(6, 59_999)).toEqual({ delayMs: 30_000, crashesInARow: 7 });
  });
});
