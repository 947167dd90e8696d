import { createHash, randomBytes } from 'node:crypto';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SourceSettingsSchema, type SourceEnvironmentConfig } from '@inlet/contracts';
import { ConsumerRunner, createKafka, ensureTopics, publishConfig, Publisher, type ReceivedMessage } from '@inlet/platform/kafka';
import { createLogger } from '@inlet/platform/observability';
import { createServiceApp } from '@inlet/platform/service';
import { testInfrastructure, testNamespace, waitFor } from '@inlet/testing';
import { GatewayConfigSchema, httpLimitsOf } from './config';
import { GatewayModule } from './gateway.module';
import { intakeRoute } from './intake-route';
import { BodyBudget } from './read-body';

jest.setTimeout(60_000);

const MIB = 1024 * 1024;

/** What came back on a raw connection, and when the gateway closed it. */
type RawExchange = { socket: Socket; closed: Promise<{ text: string; afterMs: number }> };

/**
 * The gateway module in this process, with short timeouts, against the real broker: what slow,
 * greedy and credential-carrying senders get back. Raw sockets, because fetch cannot stall.
 */
describe('the gateway edge, against slow and greedy senders', () => {
  const ns = testNamespace('gateway-edge');
  const logger = createLogger({ service: 'test', level: 'error' });
  const token = randomBytes(24).toString('hex');
  const environment: SourceEnvironmentConfig = {
    kind: 'source_environment',
    id: 'edge:development',
    sourceKey: 'edge',
    sourceType: 'custom',
    environment: 'development',
    endpointTokenHash: createHash('sha256').update(token).digest('hex'),
    settings: SourceSettingsSchema.parse({ maxBodyBytes: 16 * MIB }),
    signingKeys: [],
  };
  let app: NestExpressApplication;
  let port: number;
  let reader: ConsumerRunner;
  let publisher: Publisher;
  const received: ReceivedMessage<'intakeReceived'>[] = [];

  beforeAll(async () => {
    const { kafkaBrokers } = testInfrastructure();
    const kafka = createKafka({ brokers: kafkaBrokers, clientId: 'gateway-edge-int', logger });
    await ensureTopics(kafka, ns.topicSuffix);
    publisher = new Publisher(kafka, { topicSuffix: ns.topicSuffix, logger });
    await publisher.connect();
    await publishConfig(publisher, [environment]);
    reader = new ConsumerRunner(kafka, { groupId: `${ns.groupPrefix}.reader`, topicSuffix: ns.topicSuffix, publisher, logger });
    await reader.start(['intakeReceived'], async (batch) => void received.push(...batch), { fromBeginning: true });

    const config = GatewayConfigSchema.parse({
      PORT: '0',
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKA_TOPIC_SUFFIX: ns.topicSuffix,
      INLET_MASTER_KEY: randomBytes(32).toString('hex'),
      GATEWAY_HEADERS_TIMEOUT_MS: '500',
      GATEWAY_REQUEST_TIMEOUT_MS: '20000',
      GATEWAY_BODY_IDLE_TIMEOUT_MS: '300',
      GATEWAY_MAX_HEADER_BYTES: '4096',
      GATEWAY_MAX_HEADER_COUNT: '20',
      GATEWAY_MAX_INFLIGHT_BYTES: String(16 * MIB),
    });
    app = await createServiceApp({ module: GatewayModule.forRoot(config, logger), logger, bodyParser: false, http: httpLimitsOf(config), rawRoute: intakeRoute });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await app?.close();
    await reader?.stop();
    await publisher?.close();
  });

  const path = `/integrations/receive/${token}`;
  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { id?: string; error?: { code: string; message: string } } };
  };
  /** Opens a connection, writes `head`, and collects everything until the gateway closes it. */
  const raw = (head: string): RawExchange => {
    const socket = connect(port, '127.0.0.1');
    const started = Date.now();
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    const closed = new Promise<{ text: string; afterMs: number }>((resolve) =>
      socket.once('close', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), afterMs: Date.now() - started })),
    );
    socket.write(head);
    return { socket, closed };
  };
  /** Writes one byte every `everyMs` until the socket closes, so the sender is slow but never idle. */
  const trickle = (socket: Socket, everyMs: number, byte = ' ') => {
    const timer = setInterval(() => (socket.writable ? socket.write(byte) : clearInterval(timer)), everyMs);
    socket.once('close', () => clearInterval(timer));
    return () => clearInterval(timer);
  };
  const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
  const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { error: { code: string } };
  const budget = () => app.get(BodyBudget);

  it('closes a connection whose headers trickle in past the headers timeout, with 408', async () => {
    const { socket, closed } = raw(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
    trickle(socket, 100, 'x');

    const { text, afterMs } = await closed;
    expect(statusOf(text)).toBe(408);
    expect(bodyOf(text).error.code).toBe('request_timeout');
    expect(afterMs).toBeGreaterThanOrEqual(450);
    expect(afterMs).toBeLessThan(5_000);
  });

  it('answers 408 to a body that stalls, closes the connection and frees its bytes', async () => {
    const { closed } = raw(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"half":`);

    const { text } = await closed;
    expect(statusOf(text)).toBe(408);
    expect(bodyOf(text).error.code).toBe('request_timeout');
    await waitFor('the stalled body to be released', () => (budget().inFlight === 0 ? true : undefined), 5_000);
  });

  it('answers 503 overloaded with Retry-After while the budget is held by a large body, and accepts again once it is gone', async () => {
    const { socket, closed } = raw(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${16 * MIB}\r\n\r\n[`);
    const stop = trickle(socket, 100);
    await waitFor('the large body to hold the budget', () => (budget().inFlight === 16 * MIB ? true : undefined), 5_000);

    const refused = await post('{"n":1}');
    expect(refused).toMatchObject({ status: 503, retryAfter: '5', body: { error: { code: 'overloaded' } } });

    stop();
    socket.destroy();
    await closed;
    await waitFor('the budget to be released', () => (budget().inFlight === 0 ? true : undefined), 5_000);
    const accepted = await post('{"n":2}');
    expect(accepted.status).toBe(202);
  });

  it('releases the budget of every answered request', async () => {
    const answers = await Promise.all([post('{"n":3}'), post('not json'), post('{"n":4}')]);

    expect(answers.map((a) => a.status)).toEqual([202, 400, 202]);
    await waitFor('every hold to be released', () => (budget().inFlight === 0 ? true : undefined), 5_000);
  });

  it('refuses more header fields than allowed with 431', async () => {
    const many = Array.from({ length: 25 }, (_, i) => `X-Extra-${i}: ${i}\r\n`).join('');
    const { text } = await raw(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${many}Content-Length: 2\r\nConnection: close\r\n\r\n{}`).closed;

    expect(statusOf(text)).toBe(431);
    expect(bodyOf(text).error.code).toBe('too_many_headers');
  });

  it('refuses headers larger than allowed with 431', async () => {
    const { text } = await raw(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(5000)}\r\nContent-Length: 2\r\n\r\n{}`).closed;

    expect(statusOf(text)).toBe(431);
    expect(bodyOf(text).error.code).toBe('headers_too_large');
  });

  it('publishes a request without its credential headers, keeping the signature header', async () => {
    const res = await post('{"n":5}', { authorization: 'Bearer sk_live_secret', cookie: 'session=secret', 'x-api-key': 'key_secret', 'x-knock-signature': 'abc123', 'x-request-id': 'r1' });
    expect(res.status).toBe(202);

    const message = await waitFor('the accepted request', () => received.find((m) => m.value.eventId === res.body.id));
    expect(message.value.payload.headers).toMatchObject({ 'x-knock-signature': 'abc123', 'x-request-id': 'r1' });
    expect(Object.keys(message.value.payload.headers)).not.toEqual(expect.arrayContaining(['authorization']));
    expect(JSON.stringify(message.value)).not.toMatch(/sk_live_secret|session=secret|key_secret/);
  });
});
