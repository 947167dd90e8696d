import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Kafka } from 'kafkajs';
import { createConnection } from 'mongoose';
import { ConfigView, createKafka, ensureTopics } from '@inlet/platform/kafka';
import { createLogger } from '@inlet/platform/observability';
import { createServiceApp } from '@inlet/platform/service';
import { startPrivateKafka, testInfrastructure, testNamespace, waitFor, type TestNamespace } from '@inlet/testing';
import { ApiModule } from '../api.module';
import { ApiConfigSchema } from '../config';
import { ConfigStore } from './config-store.service';
import { API_ERROR_STATUS } from '../shared/api-errors';

jest.setTimeout(120_000);

const logger = createLogger({ service: 'api-int', level: 'error' });
const API_KEY = randomBytes(24).toString('hex');
const MASTER_KEY = randomBytes(32).toString('hex');

type Answer = { status: number; body: Record<string, unknown> };

/** The api module in this process, against a real broker and store, with a config view reading what it publishes. */
class Harness {
  app!: NestExpressApplication;
  url!: string;
  readonly views: ConfigView[] = [];

  constructor(
    readonly ns: TestNamespace,
    readonly brokers: string[],
    readonly kafka: Kafka,
  ) {}

  async startApi(): Promise<void> {
    const { mongoUrl } = testInfrastructure();
    const config = ApiConfigSchema.parse({
      PORT: '0',
      KAFKA_BROKERS: this.brokers.join(','),
      KAFKA_TOPIC_SUFFIX: this.ns.topicSuffix,
      MONGO_URL: mongoUrl,
      MONGO_DB: this.ns.dbName,
      INLET_API_KEY: API_KEY,
      INLET_MASTER_KEY: MASTER_KEY,
      CONFIG_RELAY_EVERY_MS: '300',
    });
    this.app = await createServiceApp({ module: ApiModule.forRoot(config, logger), logger, errorStatus: API_ERROR_STATUS });
    await this.app.listen(0, '127.0.0.1');
    this.url = `http://127.0.0.1:${(this.app.getHttpServer().address() as AddressInfo).port}`;
  }

  async view(): Promise<ConfigView> {
    const view = new ConfigView(this.kafka, { topicSuffix: this.ns.topicSuffix, service: 'api-int', logger });
    this.views.push(view);
    await view.start();
    return view;
  }

  async api(method: string, path: string, body?: unknown): Promise<Answer> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${API_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  /** How many stored config documents wait for the relay. */
  lagging(): Promise<number> {
    return this.app.get(ConfigStore).lagging();
  }

  async stop(): Promise<void> {
    await this.app?.close();
    for (const view of this.views.splice(0)) await view.stop();
  }
}

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const identify = { event_type: 'user.created', action_type: 'identify_user', params: { id: { path: 'data.id' } } };

describe('configuration writes against the shared broker and store', () => {
  const ns = testNamespace('api-config');
  const { kafkaBrokers } = testInfrastructure();
  const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'api-config-int', logger });
  const harness = new Harness(ns, kafkaBrokers, kafka);
  let view: ConfigView;

  beforeAll(async () => {
    await ensureTopics(kafka, ns.topicSuffix);
    await harness.startApi();
    view = await harness.view();
    expect((await harness.api('POST', '/v1/sources', { key: 'shop', name: 'Shop' })).status).toBe(201);
  });

  afterAll(() => harness.stop());

  it('keeps every signing key created at once: none is silently dropped', async () => {
    const path = '/v1/sources/shop/environments/development/signing-keys';
    const answers = await Promise.all(Array.from({ length: 8 }, () => harness.api('POST', path, { previous_valid_until: inAnHour() })));

    // A lost race on adding a key is retried by the api: every request gets its key.
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    const created = answers.map((a) => a.body.id as string).sort();
    const listed = ((await harness.api('GET', path)).body.entries as { id: string }[]).map((k) => k.id).sort();
    expect(listed).toEqual(created);
    // And the pipeline's view holds all of them.
    await waitFor('all eight keys in the config view', () => {
      const ids = view.sourceEnvironmentById('shop.development')?.signingKeys.map((k) => k.id).sort();
      return JSON.stringify(ids) === JSON.stringify(created) || undefined;
    });
  });

  it('answers concurrent PATCHes of one mapping with 200 or 409 conflict, never a silent lost update', async () => {
    const base = '/v1/sources/shop/environments/development/mappings';
    const created = await harness.api('POST', base, identify);
    expect(created.body).toMatchObject({ version: 1 });
    const id = created.body.id as string;

    const types = Array.from({ length: 6 }, (_, i) => `user.type_${i}`);
    const answers = await Promise.all(types.map((event_type) => harness.api('PATCH', `${base}/${id}`, { event_type })));

    const won = answers.filter((a) => a.status === 200);
    const lost = answers.filter((a) => a.status !== 200);
    expect(won.length).toBeGreaterThanOrEqual(1);
    for (const a of lost) expect(a).toEqual({ status: 409, body: { error: { code: 'conflict', message: expect.stringContaining(`Mapping "${id}"`) } } });
    // Every success is a version of its own, and the last one is what is stored and published.
    expect(won.map((a) => a.body.version).sort()).toEqual(Array.from({ length: won.length }, (_, i) => i + 2));
    const last = won.find((a) => a.body.version === won.length + 1)!;
    const stored = await harness.api('GET', `${base}/${id}`);
    expect(stored.body).toMatchObject({ event_type: last.body.event_type, version: won.length + 1 });
    await waitFor('the last change in the config view', () => (view.mappingsFor('shop.development', last.body.event_type as string)[0]?.version === won.length + 1) || undefined);
  });

  it('refuses a PATCH that names a version other than the current one with 409 conflict', async () => {
    const path = '/v1/sources/shop/environments/production';
    const current = await harness.api('GET', path);
    const version = current.body.version as number;

    const stale = await harness.api('PATCH', path, { event_type_path: 'kind', version: version - 1 >= 1 ? version - 1 : version + 1 });
    expect(stale).toEqual({ status: 409, body: { error: { code: 'conflict', message: expect.stringContaining(`Source environment shop/production is at version ${version}`) } } });
    const fresh = await harness.api('PATCH', path, { event_type_path: 'kind', version });
    expect(fresh).toMatchObject({ status: 200, body: { version: version + 1, settings: { event_type_path: 'kind' } } });
  });

  it('leaves every key at its stored version on the topic when two api replicas write and relay at once', async () => {
    const second = new Harness(ns, kafkaBrokers, kafka);
    await second.startApi();
    try {
      const base = '/v1/sources/shop/environments/development/mappings';
      const ids = await Promise.all(['a', 'b', 'c'].map(async (n) => (await harness.api('POST', base, { ...identify, event_type: `replica.${n}` })).body.id as string));
      // Every mapping changed through both replicas at once, several times over.
      await Promise.all(
        ids.flatMap((id, i) => Array.from({ length: 4 }, (_, round) => [harness, second][(i + round) % 2].api('PATCH', `${base}/${id}`, { active: round % 2 === 0 }))),
      );
      for (const id of ids) {
        const stored = (await harness.api('GET', `${base}/${id}`)).body;
        await waitFor(`mapping ${id} at its stored version in the view`, () => {
          const seen = view.mappingsFor('shop.development', stored.event_type as string)[0];
          return (seen?.version === stored.version && seen.active === stored.active) || undefined;
        });
      }
      await waitFor('nothing left to publish', async () => ((await harness.lagging()) === 0) || undefined);
    } finally {
      await second.stop();
    }
  });

  it('publishes at boot what was stored but never published', async () => {
    const base = '/v1/sources/shop/environments/development/mappings';
    const id = (await harness.api('POST', base, { ...identify, event_type: 'order.paid' })).body.id as string;
    await waitFor('the mapping in the view', () => view.mappingsFor('shop.development', 'order.paid')[0] ?? undefined);
    await harness.app.close();

    // What an api that died between its write and its publish leaves behind.
    const store = await createConnection(testInfrastructure().mongoUrl, { dbName: ns.dbName }).asPromise();
    try {
      await store.collection('mappings').updateOne({ _id: id as never }, { $set: { active: false, published: false }, $inc: { version: 1 } });
    } finally {
      await store.close();
    }
    expect(view.mappingsFor('shop.development', 'order.paid')[0]?.active).toBe(true);

    await harness.startApi();
    await waitFor('the stored change in the view', () => (view.mappingsFor('shop.development', 'order.paid')[0]?.active === false) || undefined);
  });

  it('keeps publishing other changes while a stored document breaks the contract', async () => {
    const base = '/v1/sources/shop/environments/development/mappings';
    const store = await createConnection(testInfrastructure().mongoUrl, { dbName: ns.dbName }).asPromise();
    try {
      // A mapping id with a dot cannot key an action log: the contract refuses it, so the publisher would refuse the whole send.
      const bad = { _id: 'stored.by.hand', sourceEnvironmentId: 'shop.development', eventType: 'order.bad', actionType: 'identify_user', params: {}, active: true, version: 1, published: false };
      await store.collection('mappings').insertOne(bad as never);
      const id = (await harness.api('POST', base, { ...identify, event_type: 'order.good' })).body.id as string;

      await waitFor('the valid mapping in the view', () => view.mappingsFor('shop.development', 'order.good')[0] ?? undefined);
      expect((await store.collection('mappings').findOne({ _id: id as never }))?.published).toBe(true);
      expect((await store.collection('mappings').findOne({ _id: 'stored.by.hand' as never }))?.published).toBe(false);
      await store.collection('mappings').deleteOne({ _id: 'stored.by.hand' as never });
    } finally {
      await store.close();
    }
  });

  it('deletes a mapping through a tombstone that reaches the view, then forgets it', async () => {
    const base = '/v1/sources/shop/environments/development/mappings';
    const id = (await harness.api('POST', base, { ...identify, event_type: 'order.refunded' })).body.id as string;
    await waitFor('the mapping in the view', () => view.mappingsFor('shop.development', 'order.refunded')[0] ?? undefined);

    expect((await harness.api('DELETE', `${base}/${id}`)).status).toBe(204);
    expect((await harness.api('GET', `${base}/${id}`)).status).toBe(404);
    await waitFor('the deletion in the view', () => view.mappingsFor('shop.development', 'order.refunded').length === 0 || undefined);
    const store = await createConnection(testInfrastructure().mongoUrl, { dbName: ns.dbName }).asPromise();
    try {
      await waitFor('the tombstone to go once published', async () => ((await store.collection('mappings').countDocuments({ _id: id as never })) === 0) || undefined);
    } finally {
      await store.close();
    }
  });
});

describe('configuration writes while the broker is away', () => {
  const ns = testNamespace('api-outbox');
  let broker: Awaited<ReturnType<typeof startPrivateKafka>>;
  let harness: Harness;

  beforeAll(async () => {
    broker = await startPrivateKafka((line) => process.stderr.write(`[private-kafka] ${line}\n`));
    const kafka = createKafka({ brokers: [broker.brokers], clientId: 'api-outbox-int', logger });
    await ensureTopics(kafka, ns.topicSuffix);
    harness = new Harness(ns, [broker.brokers], kafka);
    await harness.startApi();
  });

  afterAll(async () => {
    await harness?.stop();
    await broker?.stop();
  });

  it('answers writes success while Kafka is down, and publishes them once Kafka is back, without a restart', async () => {
    expect((await harness.api('POST', '/v1/sources', { key: 'crm', name: 'CRM' })).status).toBe(201);
    expect((await harness.api('POST', '/v1/sources', { key: 'erp', name: 'ERP' })).status).toBe(201);
    await broker.stop();
    const during = await harness.api('PATCH', '/v1/sources/crm/environments/development', { event_type_path: 'event.name' });
    expect(during).toMatchObject({ status: 200, body: { settings: { event_type_path: 'event.name' }, version: 2 } });
    // A source deleted and created again before its deletion could be published: the new one wins.
    expect((await harness.api('DELETE', '/v1/sources/erp')).status).toBe(204);
    expect((await harness.api('POST', '/v1/sources', { key: 'erp', name: 'ERP again' })).status).toBe(201);
    const recreated = await harness.api('GET', '/v1/sources/erp/environments/development');
    expect(recreated.body).toMatchObject({ version: 3, settings: { event_type_path: 'type' } });
    const token = (recreated.body.endpoint as string).split('/').pop()!;

    await broker.restart();
    const view = await harness.view();
    await waitFor('the change made during the outage in the view', () => (view.sourceEnvironmentById('crm.development')?.settings.eventTypePath === 'event.name') || undefined, 60_000);
    expect(view.sourceEnvironmentById('crm.development')?.version).toBe(2);
    await waitFor('the source created again in the view', () => (view.sourceEnvironmentById('erp.development')?.version === 3) || undefined, 30_000);
    expect(view.sourceEnvironmentById('erp.development')?.endpointTokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    await waitFor('nothing left to publish', async () => ((await harness.lagging()) === 0) || undefined);
  });
});
