import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SourceSettingsSchema, type SourceEnvironmentConfig } from '@inlet/contracts';
import { ConsumerRunner, createKafka, ensureTopics, publishConfig, Publisher, type ReceivedMessage } from '@inlet/platform/kafka';
import { createLogger } from '@inlet/platform/observability';
import { createServiceApp } from '@inlet/platform/service';
import { testInfrastructure, testNamespace, waitFor } from '@inlet/testing';
import { GatewayConfigSchema, httpLimitsOf } from './config';
import { GatewayModule } from './gateway.module';
import { intakeRoute } from './intake-route';

jest.setTimeout(60_000);

type Out = ReceivedMessage<'intakeReceived' | 'eventRejected'>;

/** The gateway module in this process, against the real broker: what a legacy sender gets back, and what reaches Kafka. */
describe('legacy HTTP intake, through the gateway and Kafka', () => {
  const ns = testNamespace('gateway-legacy');
  const logger = createLogger({ service: 'test', level: 'error' });
  const legacyToken = randomBytes(24).toString('hex');
  const customToken = randomBytes(24).toString('hex');
  const environment = (id: string, token: string, sourceType: SourceEnvironmentConfig['sourceType']): SourceEnvironmentConfig => ({
    kind: 'source_environment',
    id,
    sourceKey: id,
    sourceType,
    environment: 'development',
    endpointTokenHash: createHash('sha256').update(token).digest('hex'),
    settings: SourceSettingsSchema.parse({}),
    signingKeys: [],
  });
  let app: NestExpressApplication;
  let url: string;
  let reader: ConsumerRunner;
  let publisher: Publisher;
  const out: Out[] = [];

  beforeAll(async () => {
    const { kafkaBrokers } = testInfrastructure();
    const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'gateway-int', logger });
    await ensureTopics(kafka, ns.topicSuffix);
    publisher = new Publisher(kafka, { topicSuffix: ns.topicSuffix, logger });
    await publisher.connect();
    await publishConfig(publisher, [environment('legacy', legacyToken, 'legacy_http'), environment('custom', customToken, 'custom')]);
    reader = new ConsumerRunner(kafka, { groupId: `${ns.groupPrefix}.reader`, topicSuffix: ns.topicSuffix, publisher, logger });
    await reader.start(['intakeReceived', 'eventRejected'], async (batch) => {
      out.push(...batch);
    }, { fromBeginning: true });

    const config = GatewayConfigSchema.parse({ PORT: '0', KAFKA_BROKERS: kafkaBrokers.join(','), KAFKA_TOPIC_SUFFIX: ns.topicSuffix, INLET_MASTER_KEY: randomBytes(32).toString('hex') });
    app = await createServiceApp({ module: GatewayModule.forRoot(config, logger), logger, bodyParser: false, http: httpLimitsOf(config), rawRoute: intakeRoute });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await reader?.stop();
    await publisher?.close();
  });

  const post = async (path: string, body: unknown, contentType = 'application/json; charset=utf-8') => {
    const res = await fetch(`${url}/integrations/receive/${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, logId: res.headers.get('x-inlet-log-id'), text, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
  };
  const messageOf = (eventId: string) => waitFor(`the message of ${eventId}`, () => out.find((m) => m.value.eventId === eventId));
  const bodyOf = (m: Out) => {
    const base64 = m.topic === 'intakeReceived' ? m.value.payload.bodyBase64 : m.value.payload.request?.bodyBase64;
    try {
      return JSON.parse(Buffer.from(base64 ?? '', 'base64').toString('utf8')) as unknown;
    } catch {
      return undefined; // the refused bodies that are not JSON
    }
  };
  const track = (n: number) => ({ type: 'track', event: 'Order Completed', userId: `u_${n}`, messageId: `m_${randomBytes(6).toString('hex')}`, properties: { n } });

  it('answers a valid track event 204 with no body, once Kafka holds the exact request', async () => {
    const raw = `{ "type": "track",  "event": "Order Completed", "anonymousId": "a_1" }`;
    const res = await post(legacyToken, raw);

    expect(res).toMatchObject({ status: 204, text: '' });
    const message = await messageOf(res.logId as string);
    expect(message.topic).toBe('intakeReceived');
    expect(message.value).toMatchObject({ sourceEnvironmentId: 'legacy', payload: { verification: 'none', bodyBase64: Buffer.from(raw).toString('base64') } });
  });

  it.each([
    ['an identify call', { type: 'identify', userId: 'u_1', traits: {} }, 'type', 'type: "identify" is not accepted: only "track" events'],
    ['a track call without event', { type: 'track', userId: 'u_1' }, 'event', 'event: required'],
    ['a track call without userId or anonymousId', { type: 'track', event: 'x' }, 'userId', 'userId: required unless anonymousId is present'],
  ])('refuses %s with 400 invalid_event and logs it with the field', async (_name, body, field, message) => {
    const res = await post(legacyToken, body);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_event', message } });
    const logged = await messageOf(res.logId as string);
    expect(logged.topic === 'eventRejected' && logged.value.payload).toMatchObject({ reason: 'invalid_event', field, message, verification: 'none' });
  });

  it('refuses a body that is not JSON with 400 invalid_json', async () => {
    const res = await post(legacyToken, '{"type": "track",');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_json', message: expect.stringMatching(/^body: /) } });
    expect((await messageOf(res.logId as string)).value.payload).toMatchObject({ reason: 'invalid_json' });
  });

  it('refuses anything but application/json with 415, logged with the body', async () => {
    const res = await post(legacyToken, track(1), 'text/plain');

    expect(res.status).toBe(415);
    expect(res.body).toEqual({ error: { code: 'unsupported_media_type', message: 'headers.content-type: must be application/json, not "text/plain"' } });
    const logged = await messageOf(res.logId as string);
    expect(logged.value.payload).toMatchObject({ reason: 'unsupported_media_type', field: 'headers.content-type' });
    expect(bodyOf(logged)).toMatchObject({ type: 'track' });
  });

  it('answers a batch item by item: accepted ones stored as their own events, refused ones logged on their own', async () => {
    const batch = [track(1), { type: 'track', userId: 'u_2' }, track(3), { type: 'page', name: 'Home', userId: 'u_4' }];
    const res = await post(`${legacyToken}/batch`, { batch });

    expect(res.status).toBe(200);
    expect(res.logId).toBeNull();
    expect(res.body).toEqual({
      items: [
        { index: 0, status: 'accepted', id: expect.any(String) },
        { index: 1, status: 'rejected', id: expect.any(String), error: { code: 'invalid_event', message: 'event: required' } },
        { index: 2, status: 'accepted', id: expect.any(String) },
        { index: 3, status: 'rejected', id: expect.any(String), error: { code: 'invalid_event', message: 'type: "page" is not accepted: only "track" events' } },
      ],
      accepted: 2,
      rejected: 2,
    });
    const items = res.body?.items as { index: number; status: string; id: string }[];
    for (const { index, status, id } of items) {
      const message = await messageOf(id);
      expect(message.topic).toBe(status === 'accepted' ? 'intakeReceived' : 'eventRejected');
      expect(bodyOf(message)).toEqual(batch[index]);
    }
    const refused = items.filter((item) => item.status === 'rejected').map((item) => out.find((m) => m.value.eventId === item.id)?.value.payload);
    expect(refused).toEqual([expect.objectContaining({ reason: 'invalid_event', field: 'event' }), expect.objectContaining({ reason: 'invalid_event', field: 'type', message: 'type: "page" is not accepted: only "track" events' })]);
  });

  it.each([
    ['a single event', track(1), 'batch: required: the body must be {"batch": [ ...events ]}'],
    ['an empty batch', { batch: [] }, 'batch: must hold at least one event'],
  ])('refuses %s on the batch endpoint with 400 naming batch', async (_name, body, message) => {
    const res = await post(`${legacyToken}/batch`, body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_event', message } });
    expect((await messageOf(res.logId as string)).value.payload).toMatchObject({ reason: 'invalid_event', field: 'batch' });
  });

  it('refuses a batch over 500 KB with 413', async () => {
    const big = { batch: [{ ...track(1), properties: { pad: 'x'.repeat(500 * 1024) } }] };
    const res = await post(`${legacyToken}/batch`, big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('keeps custom sources as they were: 202 with an id, and no batch endpoint', async () => {
    const single = await post(customToken, { type: 'anything' }, 'text/plain');
    expect(single.status).toBe(202);
    expect(single.body).toEqual({ id: single.logId });

    const batch = await post(`${customToken}/batch`, { batch: [track(1)] });
    expect(batch.status).toBe(404);
    expect(batch.body).toMatchObject({ error: { code: 'endpoint_not_found' } });
  });

  it('answers the whole batch 503 when its events cannot be stored', async () => {
    // The app's own producer closed: every publish fails as retriable, as when Kafka is down.
    await app.get(Publisher).close();
    const res = await post(`${legacyToken}/batch`, { batch: [track(1), { type: 'track' }] });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ error: { code: 'unavailable' } });
  });
});
