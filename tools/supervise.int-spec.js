'use strict';
// npm start's supervisor against real processes: one killed with -9 is started again, and replicas of
// a consumer service share its group's partitions.
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { createKafka, ensureTopics, topicName } = require('../libs/platform/kafka/src');
const { createLogger } = require('../libs/platform/observability/src');
const { testInfrastructure, testNamespace } = require('../libs/testing/src/namespace');
const { freePort } = require('../libs/testing/src/service-process');
const { waitFor } = require('../libs/testing/src/wait-for');
const { supervise } = require('./supervise');

describe('supervise', () => {
  it('restarts a process killed with -9, saying how it ended, and stops it for good on stop()', async () => {
    /** @type {string[]} */
    const lines = [];
    const supervised = supervise({
      name: 'sleeper',
      start: () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }),
      log: (line) => lines.push(line),
    });
    try {
      const first = supervised.child;
      await waitFor('the first process to run', () => (first.pid ? true : undefined));
      process.kill(Number(first.pid), 'SIGKILL');

      const second = await waitFor('a new process', () => (supervised.child !== first && supervised.child.pid ? supervised.child : undefined), 10_000);
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^sleeper \\(pid ${first.pid}\\) exited \\(killed by SIGKILL\\) after .* s; restarting in 0\\.5 s \\(1 exit in a row\\)$`))]);
      expect(second.exitCode).toBeNull();
    } finally {
      await supervised.stop();
    }
    const last = supervised.child;
    expect(last.signalCode).toBe('SIGTERM');
    // Stopped means stopped: no restart follows.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(supervised.child).toBe(last);
  });

  it('runs two action-executor replicas that split the partitions of action.requested, and restarts one killed with -9', async () => {
    const infra = testInfrastructure();
    const ns = testNamespace('supervised-replicas');
    const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'supervise-int-spec', logger: createLogger({ service: 'test', level: 'error' }) });
    await ensureTopics(kafka, ns.topicSuffix);
    const topic = topicName('actionRequested', ns.topicSuffix);
    /** @type {string[]} */
    const restarts = [];
    const replicas = await Promise.all(
      [1, 2].map(async (n) => {
        const port = await freePort();
        /** @type {string[]} */
        const lines = [];
        const supervised = supervise({
          name: `action-executor-${n}`,
          start: () => {
            const child = spawn(process.execPath, [join(__dirname, '..', 'dist/apps/action-executor/src/main.js')], {
              env: { PATH: process.env.PATH ?? '', KAFKA_BROKERS: infra.kafkaBrokers.join(','), KAFKA_TOPIC_SUFFIX: ns.topicSuffix, MONGO_URL: infra.mongoUrl, MONGO_DB: ns.dbName, PORT: String(port) },
              stdio: ['ignore', 'pipe', 'pipe'],
            });
            child.stdout?.on('data', (chunk) => lines.push(...String(chunk).split('\n').filter(Boolean)));
            return child;
          },
          log: (line) => restarts.push(line),
        });
        return { port, lines, supervised };
      }),
    );
    /** The partitions of action.requested each replica was last assigned on joining the group. */
    const assigned = () =>
      replicas.map(({ lines }) => {
        const joins = lines.flatMap((line) => {
          try {
            const entry = JSON.parse(line);
            return entry.msg === 'joined consumer group' ? [entry.assignment?.[topic] ?? []] : [];
          } catch {
            return [];
          }
        });
        return joins.at(-1) ?? [];
      });
    try {
      // Both in the group at once: neither holds every partition, and together they hold all six.
      const split = await waitFor(
        'both replicas to hold partitions of action.requested',
        () => {
          const [a, b] = assigned();
          return a.length > 0 && b.length > 0 && a.length + b.length === 6 && new Set([...a, ...b]).size === 6 ? [a, b] : undefined;
        },
        60_000,
        250,
      );
      expect(split.flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);

      const [first] = replicas;
      const killed = first.supervised.child;
      process.kill(Number(killed.pid), 'SIGKILL');
      await waitFor(
        'the killed replica to be restarted and ready',
        async () => {
          if (first.supervised.child === killed) return undefined;
          const res = await fetch(`http://127.0.0.1:${first.port}/ready`).catch(() => undefined);
          return res?.status === 200 ? true : undefined;
        },
        60_000,
        250,
      );
      expect(restarts).toEqual([expect.stringMatching(/^action-executor-1 \(pid \d+\) exited \(killed by SIGKILL\)/)]);
    } finally {
      await Promise.all(replicas.map(({ supervised }) => supervised.stop()));
    }
  }, 120_000);
});

