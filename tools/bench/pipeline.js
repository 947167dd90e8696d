// @ts-check
// What the bench reads of the pipeline: Kafka (messages produced per topic, the consumer groups'
// backlog) and the store (its command counters, the source logs' final status and timestamps).
'use strict';
const { Kafka, logLevel } = require('kafkajs');
const mongoose = require('mongoose');
const { storeCounters } = require('./figures');

/** Pipeline topics and the services' consumer groups start so (libs/contracts/src/topics.ts, libs/platform/pipeline). */
const PREFIX = 'inlet.';

/** @param {string} brokers */
async function connectKafka(brokers) {
  const admin = new Kafka({ clientId: 'inlet-bench', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(PREFIX)).sort();
  return {
    /** Messages ever produced to each pipeline topic: the sum of its partitions' high watermarks. */
    async produced() {
      /** @type {Record<string, number>} */
      const out = {};
      for (const topic of topics) out[topic] = (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
      return out;
    },
    /** Messages not yet consumed by the services' groups (a partition never committed counts whole). */
    async backlog() {
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(PREFIX));
      /** @type {Map<string, Map<number, { high: number, low: number }>>} */
      const ends = new Map();
      let lag = 0;
      for (const groupId of groups) {
        for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
          if (!ends.has(topic)) ends.set(topic, new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, { high: Number(p.high), low: Number(p.low) }])));
          for (const { partition, offset } of partitions) {
            const end = ends.get(topic)?.get(partition);
            if (end) lag += Math.max(0, end.high - (Number(offset) < 0 ? end.low : Number(offset)));
          }
        }
      }
      return lag;
    },
    close: () => admin.disconnect(),
  };
}

/** @param {string} url @param {string} dbName */
async function connectStore(url, dbName) {
  const connection = await mongoose.createConnection(url, { dbName, monitorCommands: true }).asPromise();
  const db = /** @type {import('mongoose').mongo.Db} */ (connection.db);
  /** Source logs are keyed by their event id, a string. */
  const logs = /** @type {import('mongoose').mongo.Collection<{ _id: string, status: string, receivedAt: Date, finalAt?: Date, projectedAt?: Date }>} */ (/** @type {unknown} */ (connection.collection('source_logs')));
  /** The bench's own commands, by name, so they are taken off the server's count. */
  /** @type {Record<string, number>} */
  const own = {};
  connection.getClient().on('commandStarted', (e) => {
    own[`commands.${e.commandName}`] = (own[`commands.${e.commandName}`] ?? 0) + 1;
    if (e.commandName === 'find') own['opcounters.query'] = (own['opcounters.query'] ?? 0) + 1;
    else if (e.commandName === 'getMore') own['opcounters.getmore'] = (own['opcounters.getmore'] ?? 0) + 1;
    else own['opcounters.command'] = (own['opcounters.command'] ?? 0) + 1;
  });
  return {
    /** The server's counters (see figures.storeCounters) and the bench's own so far. */
    async counters() {
      const server = storeCounters(await db.admin().command({ serverStatus: 1 }));
      return { server, own: { ...own } };
    },
    /**
     * Of these log ids, those whose status is final, with receipt and final time (`finalAt`; a log
     * ended before the event-log kept it has `projectedAt`). By `_id` alone: a compound filter is a
     * collection scan on the local MongoDB-wire server.
     * @param {string[]} ids
     * @returns {Promise<Map<string, { receivedAt: number, finalAt: number }>>}
     */
    async finalOf(ids) {
      const out = new Map();
      for (let i = 0; i < ids.length; i += 1000) {
        const docs = await logs.find({ _id: { $in: ids.slice(i, i + 1000) } }, { projection: { status: 1, receivedAt: 1, finalAt: 1, projectedAt: 1 } }).toArray();
        for (const d of docs) {
          if (d.status === 'pending') continue;
          out.set(String(d._id), { receivedAt: d.receivedAt.getTime(), finalAt: (d.finalAt ?? d.projectedAt ?? d.receivedAt).getTime() });
        }
      }
      return out;
    },
    close: () => connection.close(),
  };
}

/**
 * Waits until every id's log is final: Kafka's backlog is polled (cheap for the stack) and the
 * store is asked only once the backlog is empty (or every 15 s, should a group's last commit lag),
 * and then only for the logs not yet final, so the bench's reads weigh little on the store it
 * measures. Answers the final logs found by the deadline.
 * @param {{ kafka: Awaited<ReturnType<typeof connectKafka>>, store: Awaited<ReturnType<typeof connectStore>>, ids: string[], timeoutMs: number }} p
 */
async function waitFinal({ kafka, store, ids, timeoutMs }) {
  /** @type {Map<string, { receivedAt: number, finalAt: number }>} */
  const done = new Map();
  const deadline = Date.now() + timeoutMs;
  let asked = Date.now();
  while (done.size < ids.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    if ((await kafka.backlog()) > 0 && Date.now() - asked < 15_000) continue;
    asked = Date.now();
    for (const [id, times] of await store.finalOf(ids.filter((id) => !done.has(id)))) done.set(id, times);
  }
  return done;
}

module.exports = { connectKafka, connectStore, waitFinal };
