import { createHash, randomBytes } from 'node:crypto';
import { SourceSettingsSchema } from '@inlet/contracts';
import { Publisher, createKafka, ensureTopics, publishConfig, topicName } from '@inlet/platform/kafka';
import { createLogger } from '@inlet/platform/observability';
import { ServiceProcess, freePort, startPrivateKafka, testNamespace, waitFor } from '@inlet/testing';

jest.setTimeout(240_000);

const logger = createLogger({ service: 'e2e-outage', level: 'error' });

describe('the gateway while the broker is down', () => {
  const ns = testNamespace('outage');
  const token = randomBytes(24).toString('hex');
  let kafka: Awaited<ReturnType<typeof startPrivateKafka>>;
  let gateway: ServiceProcess;

  beforeAll(async () => {
    kafka = await startPrivateKafka((line) => process.stderr.write(`[private-kafka] ${line}\n`));
    const client = createKafka({ brokers: [kafka.brokers], clientId: 'e2e-outage', logger });
    await ensureTopics(client, ns.topicSuffix);
    const publisher = new Publisher(client, { topicSuffix: ns.topicSuffix, logger });
    await publisher.connect();
    await publishConfig(publisher, [
      {
        kind: 'source_environment',
        id: 'env-outage',
        sourceKey: 'outage',
        sourceType: 'custom',
        environment: 'development',
        endpointTokenHash: createHash('sha256').update(token).digest('hex'),
        settings: SourceSettingsSchema.parse({}),
        signingKeys: [],
      },
    ]);
    await publisher.close();
    gateway = await ServiceProcess.start('gateway', {
      PORT: String(await freePort()),
      KAFKA_BROKERS: kafka.brokers,
      KAFKA_TOPIC_SUFFIX: ns.topicSuffix,
      INLET_MASTER_KEY: randomBytes(32).toString('hex'),
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await kafka?.stop();
  });

  const send = async (n: number) => {
    const res = await fetch(`${gateway.url}/integrations/receive/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'outage.test', n }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> };
  };

  it('answers 503 only for what never reached Kafka, holds an in-flight request until it lands, and accepts again once the broker is back', async () => {
    const before = await send(0);
    expect(before.status).toBe(202);

    await kafka.stop();
    // Handed to a send the broker never acknowledged: it may still land, so no 503 for it; it waits.
    const inFlight = send(1);
    await waitFor('the send of request 1 to fail once', () => gateway.lines.some((l) => l.includes('sending the same batch again')) || undefined);
    // Queued behind it, never sent: withdrawn in time, and a 503 is the truth.
    const during = await Promise.all([2, 3].map(send));
    expect(during).toEqual(
      [2, 3].map(() => ({ status: 503, retryAfter: expect.stringMatching(/^\d+$/), body: { error: expect.objectContaining({ code: 'unavailable' }) } })),
    );
    // It stays alive and in rotation: a replica taken out would never send again to learn Kafka is back.
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
    expect((await fetch(`${gateway.url}/ready`)).status).toBe(200);

    await kafka.restart();
    const landed = await inFlight;
    expect(landed.status).toBe(202);
    const after = await waitFor('the gateway to accept again', async () => {
      const answer = await send(4);
      return answer.status === 202 ? answer : undefined;
    }, 120_000, 1000);

    // What Kafka holds is exactly what was answered 202: the first request and the one after.
    const consumer = createKafka({ brokers: [kafka.brokers], clientId: 'e2e-outage-check', logger }).consumer({ groupId: `${ns.groupPrefix}-check` });
    const seen: number[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: topicName('intakeReceived', ns.topicSuffix), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const value = JSON.parse(message.value!.toString('utf8')) as { eventId: string; payload: { bodyBase64: string } };
        seen.push((JSON.parse(Buffer.from(value.payload.bodyBase64, 'base64').toString('utf8')) as { n: number }).n);
      },
    });
    await waitFor('the accepted requests in the intake topic', () => (seen.length >= 3 ? true : undefined), 60_000);
    await new Promise((r) => setTimeout(r, 2000)); // anything else already written would arrive with them
    await consumer.disconnect();
    expect(seen.sort()).toEqual([0, 1, 4]);
    expect([before.body.id, landed.body.id, after.body.id].every((id) => typeof id === 'string')).toBe(true);
  });
});
