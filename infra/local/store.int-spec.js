'use strict';
// The H2 store `npm start` runs (MongoServerMain.java) against its own processes: what it acknowledged
// survives a kill -9 while many connections change the same documents, it answers updates and queries
// as the stock mongo-java-server does (with its patched Utils), and a file in the format before BSON
// storage opens with every document, value type and unique index.
const { spawn } = require('node:child_process');
const { once } = require('node:events');
const { mkdtemp } = require('node:fs/promises');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { mongo } = require('mongoose');
const local = require('./index');

jest.setTimeout(180_000);

const storeFile = async () => join(await mkdtemp(join(tmpdir(), 'inlet-store-spec-')), 'store.mv');
const connect = (url) => mongo.MongoClient.connect(`${url}/?directConnection=true`, { maxPoolSize: 16 });
const UPGRADED = /mongo\[stderr\]: MongoServerMain: rewrote \d+ collections and indexes as BSON/;

describe('the local H2 store', () => {
  /** @type {Array<() => Promise<unknown>>} */
  const cleanup = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /** @param {{ persistentFile: string, log?: (line: string) => void }} opts */
  async function start(opts) {
    const server = await local.startMongo(opts);
    cleanup.push(() => server.stop());
    const client = await connect(server.url);
    cleanup.push(() => client.close(true));
    return { server, client };
  }

  it('keeps every acknowledged update when eight connections change the same documents at once, across a kill -9', async () => {
    const persistentFile = await storeFile();
    const { server, client } = await start({ persistentFile });
    const docs = client.db('spec').collection('docs');
    const ids = Array.from({ length: 200 }, (_, i) => `doc-${String(i).padStart(3, '0')}`);
    await docs.insertMany(ids.map((_id) => ({ _id, n: 0, log: [] })));

    const writers = 8;
    const rounds = 20;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let round = 0; round < rounds; round++) {
          // A new top-level field each time: the update that changes a stored document's shape in place.
          const update = { $inc: { n: 1 }, $push: { log: `${w}.${round}` }, $set: { [`w${w}r${round}`]: round } };
          await docs.bulkWrite(ids.map((_id) => ({ updateOne: { filter: { _id }, update } })), { ordered: false });
        }
      }),
    );
    process.kill(server.pid, 'SIGKILL');
    await server.stop();

    const again = await start({ persistentFile });
    const stored = await again.client.db('spec').collection('docs').find().sort({ _id: 1 }).toArray();
    const everyEntry = Array.from({ length: writers }, (_, w) => Array.from({ length: rounds }, (_, r) => `${w}.${r}`)).flat().sort();
    const fields = Object.fromEntries(Array.from({ length: writers }, (_, w) => Array.from({ length: rounds }, (_, r) => [`w${w}r${r}`, r])).flat());
    expect(stored.map((d) => d._id)).toEqual(ids);
    for (const { _id, n, log, ...rest } of stored) {
      expect({ _id, n, log: [...log].sort(), ...rest }).toEqual({ _id, n: writers * rounds, log: everyEntry, ...fields });
    }
  });

  it("answers updates, dotted-path queries and their errors as the stock server does (infra/local patches the library's Utils)", async () => {
    const ours = await start({ persistentFile: await storeFile() });
    const answers = await runCorpus(ours.client);
    const stock = await withStockBackend(await storeFile(), runCorpus);
    expect(answers).toEqual(stock);
    // The corpus reaches both sides of the paths it exercises: updates applied and updates refused.
    const outcomes = stock.flatMap((r) => (r.outcome ? [r.outcome] : []));
    expect(outcomes.filter((o) => o.code !== undefined).length).toBeGreaterThanOrEqual(6);
    expect(outcomes.filter((o) => o.modified === 1).length).toBeGreaterThanOrEqual(10);

    // The data size, measured when asked rather than kept on every write, is the documents' as BSON.
    // (The stock server's kept size drifts: it counts the refused update of `'a.'` as a change.)
    const db = ours.client.db('corpus');
    const stored = (await Promise.all(UPDATE_CASES.map((_, i) => db.collection(`case${i}`).find({}, { raw: true }).toArray()))).flat();
    expect((await db.command({ dbStats: 1 })).dataSize).toBe(stored.reduce((bytes, raw) => bytes + raw.length, 0));
  });

  it('opens a file the stock H2 backend wrote, with every document, value type and unique index, rewriting it once', async () => {
    const persistentFile = await storeFile();
    const before = await writeWithStockBackend(persistentFile);

    /** @type {string[]} */
    const lines = [];
    const first = await start({ persistentFile, log: (line) => lines.push(line) });
    expect(lines.filter((line) => UPGRADED.test(line))).toHaveLength(1);
    expect(await readAll(first.client)).toEqual(before);
    const typed = first.client.db('spec').collection('typed');
    await expect(typed.insertOne({ key: 'object-id' })).rejects.toMatchObject({ code: 11000 });
    await typed.insertOne({ _id: 'after', key: 'after' });
    await first.server.stop();

    lines.length = 0;
    const second = await start({ persistentFile, log: (line) => lines.push(line) });
    expect(lines.filter((line) => UPGRADED.test(line))).toEqual([]);
    const after = await readAll(second.client);
    expect(after.typed.filter((d) => d._id !== 'after')).toEqual(before.typed);
    expect(after.typed.find((d) => d._id === 'after')).toEqual({ _id: 'after', key: 'after' });
    expect(after.many).toEqual(before.many);
  });
});

const { Binary, Decimal128, Long, ObjectId } = mongo;

const SEED = [
  { _id: 1, a: { b: 1, c: [1, 2, { d: 3 }] }, e: 'x', n: 5, arr: [{ k: 1, v: 'a' }, { k: 2, v: 'b' }], tags: ['p', 'q'], nan: NaN, zero: -0, none: null },
  { _id: 'two', a: { b: 2.5 }, arr: [], n: Long.fromNumber(7) },
];

/**
 * Updates of every path shape the update code splits, joins and matches: dotted paths into missing,
 * existing and array fields, positional and filtered-positional operators, and the paths it refuses.
 * Each runs against a fresh copy of SEED.
 */
const UPDATE_CASES = [
  { filter: { _id: 1 }, update: { $set: { 'a.b': 2, e: 'y' } } },
  { filter: { _id: 1 }, update: { $set: { 'a.new.deeper.deepest': true } } },
  { filter: { _id: 1 }, update: { $set: { 'a.c.1': 9, 'a.c.2.d': 4, 'a.c.5': 'past the end' } } },
  { filter: { _id: 1 }, update: { $set: { 'e.f': 1 } } },
  { filter: { _id: 1 }, update: { $set: { 'a.b': 1 } } },
  { filter: { _id: 1 }, update: { $set: { 'a.b': 1.0, n: 5.0 } } },
  { filter: { _id: 1 }, update: { $set: { a: { c: [1, 2, { d: 3 }], b: 1 }, nan: NaN, zero: 0, none: null } } },
  { filter: { _id: 1 }, update: { $set: { 'a.c': [1, 2, { d: 3, more: true }] } } },
  { filter: { _id: 1 }, update: { $set: { 'a.c': [2, 1, { d: 3 }], tags: ['p'] } } },
  { filter: { _id: 1 }, update: { $set: { none: 0, arr: [{ k: 1, v: 'a' }, { v: 'b', k: 2 }] } } },
  { filter: { _id: 'two' }, update: { $set: { n: Long.fromString('9007199254740993') } } },
  { filter: { _id: 1 }, update: { $unset: { 'a.c.2.d': '', 'a.missing.path': '', tags: '' } } },
  { filter: { _id: 1 }, update: { $inc: { n: 1, 'a.b': 0.5, 'a.counter': 3 } } },
  { filter: { _id: 'two' }, update: { $inc: { n: 1 }, $mul: { 'a.b': 2 }, $min: { 'a.low': 0 }, $max: { 'a.b': 100 } } },
  { filter: { _id: 1, 'arr.k': 2 }, update: { $set: { 'arr.$.v': 'z' } } },
  { filter: { _id: 1 }, update: { $set: { 'arr.$.v': 'z' } } },
  { filter: { _id: 1, 'arr.k': 1 }, update: { $set: { 'arr.$.v.$.x': 1 } } },
  { filter: { _id: 1 }, update: { $set: { 'arr.$[].v': 'all' } } },
  { filter: { _id: 1 }, update: { $set: { 'arr.$[el].v': 'filtered' } }, options: { arrayFilters: [{ 'el.k': { $gte: 2 } }] } },
  { filter: { _id: 1 }, update: { $set: { 'a.': 1 } } },
  { filter: { _id: 1 }, update: { $set: { '.a': 1 } } },
  { filter: { _id: 1 }, update: { $set: { 'a..b': 1 } } },
  { filter: { _id: 1 }, update: { $set: { a: 1, 'a.b': 2 } } },
  { filter: { _id: 1 }, update: { $set: { 'a.c': [] }, $unset: { 'a.c.0': '' } } },
  { filter: { _id: 1 }, update: { $rename: { e: 'renamed', 'a.b': 'a.moved' } } },
  { filter: { _id: 1 }, update: { $push: { 'a.c': { $each: [7, 8], $slice: -3 } }, $addToSet: { tags: 'p' }, $pull: { 'arr': { k: 1 } } } },
  { filter: { _id: 1 }, update: { $set: { _id: 2 } } },
  { filter: { _id: 3 }, update: { $set: { 'x.y': 1, 'x.z.w': [1] }, $setOnInsert: { created: true, 'meta.source': 'upsert' }, $inc: { version: 1 } }, options: { upsert: true } },
  { filter: { _id: 1 }, update: { $set: { 'timeline.stage': { at: 1 } }, $setOnInsert: { ignored: true }, $inc: { version: 1 } }, options: { upsert: true } },
  { filter: { 'a.b': { $gte: 1 } }, update: { $set: { touched: true } }, many: true },
];

/** Each update case's outcome (its counts or its error) and the documents after it, then dotted-path queries. */
async function runCorpus(client) {
  const db = client.db('corpus');
  const outcomes = [];
  for (const [i, { filter, update, options = {}, many }] of UPDATE_CASES.entries()) {
    const docs = db.collection(`case${i}`);
    await docs.insertMany(SEED.map((d) => ({ ...d })));
    let outcome;
    try {
      const r = await (many ? docs.updateMany(filter, update, options) : docs.updateOne(filter, update, options));
      outcome = { matched: r.matchedCount, modified: r.modifiedCount, upserted: r.upsertedId };
    } catch (err) {
      outcome = { code: err.code, message: err.errmsg ?? err.message };
    }
    outcomes.push({ case: i, outcome, after: await docs.find({}, { promoteLongs: false }).sort({ _id: 1 }).toArray() });
  }
  const docs = db.collection('case0');
  outcomes.push({
    queries: [
      await docs.find({ 'a.c.2.d': 3 }).toArray(),
      await docs.find({ 'arr.v': 'b' }, { projection: { 'a.b': 1, 'arr.k': 1 } }).toArray(),
      await docs.find({}, { projection: { 'a.c': 1, 'arr.v': 1 } }).sort({ 'a.b': -1 }).toArray(),
    ],
  });
  return outcomes;
}

/** Writes documents of every kind Inlet stores through the stock backend; returns them as it reads them back. */
async function writeWithStockBackend(persistentFile) {
  return withStockBackend(persistentFile, async (client) => {
    const typed = client.db('spec').collection('typed');
    await typed.createIndex({ key: 1 }, { unique: true });
    await typed.insertMany([
      {
        _id: new ObjectId(),
        key: 'object-id',
        at: new Date('2026-12-01T10:00:00.123Z'),
        long: Long.fromString('9007199254740993'),
        decimal: Decimal128.fromString('1.10'),
        binary: new Binary(Buffer.from([0, 1, 2, 255])),
        list: [1, 'two', { three: 3 }, [4]],
        nested: { deep: { deeper: { deepest: true } } },
        nothing: null,
        double: 1.5,
        int: 42,
        text: 'ünïcödé ✓',
      },
      { _id: 'string-id', key: 'string-id' },
      { _id: 7, key: 'number-id' },
      { _id: { compound: 1 }, key: 'document-id' },
    ]);
    await client
      .db('spec')
      .collection('many')
      .insertMany(Array.from({ length: 500 }, (_, i) => ({ _id: `m-${String(i).padStart(3, '0')}`, i, body: 'x'.repeat(200) })));
    return await readAll(client);
  });
}

/**
 * Runs `use` with a client of mongo-java-server's stock H2 backend (the library's classes only, none
 * of infra/local's) serving `persistentFile`, then stops it.
 * @template T
 * @param {string} persistentFile
 * @param {(client: import('mongodb').MongoClient) => Promise<T>} use
 * @returns {Promise<T>}
 */
async function withStockBackend(persistentFile, use) {
  const art = await local.ensureArtifacts({});
  const stock = spawn(art.java, ['-Dorg.slf4j.simpleLogger.defaultLogLevel=warn', '-cp', join(art.mongoLibs, '*'), join(__dirname, 'testing', 'StockH2Server.java'), persistentFile], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(stock, 'exit');
  try {
    const port = await new Promise((resolve, reject) => {
      stock.stdout.on('data', (chunk) => {
        const ready = /READY (\d+)/.exec(String(chunk));
        if (ready) resolve(Number(ready[1]));
      });
      stock.once('exit', (code) => reject(new Error(`the stock H2 server exited (${code}) before it was ready`)));
    });
    const client = await connect(`mongodb://127.0.0.1:${port}`);
    try {
      return await use(client);
    } finally {
      await client.close();
    }
  } finally {
    stock.stdin.end();
    await exited;
  }
}

async function readAll(client) {
  const db = client.db('spec');
  const options = { promoteLongs: false };
  return {
    typed: await db.collection('typed').find({}, options).sort({ key: 1 }).toArray(),
    many: await db.collection('many').find({}, options).sort({ _id: 1 }).toArray(),
  };
}
