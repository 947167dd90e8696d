import { createKafka, ensureTopics } from '@inlet/platform/kafka';
import { createLogger } from '@inlet/platform/observability';
import { ServiceProcess, freePort, startPrivateKafka, testNamespace, waitFor } from '@inlet/testing';

jest.setTimeout(180_000);

const logger = createLogger({ service: 'e2e-readiness', level: 'error' });

describe('a service whose config consumer died', () => {
  const ns = testNamespace('readiness');
  let kafka: Awaited<ReturnType<typeof startPrivateKafka>>;
  let engine: ServiceProcess | undefined;

  beforeAll(async () => {
    kafka = await startPrivateKafka((line) => process.stderr.write(`[private-kafka] ${line}\n`));
    await ensureTopics(createKafka({ brokers: [kafka.brokers], clientId: 'e2e-readiness', logger }), ns.topicSuffix);
  });

  afterAll(async () => {
    await engine?.stop('SIGKILL');
    await kafka?.stop();
  });

  it('stops reporting ready and exits 1, naming why, instead of idling on stale configuration', async () => {
    engine = await ServiceProcess.start('mapping-engine', {
      PORT: String(await freePort()),
      KAFKA_BROKERS: kafka.brokers,
      KAFKA_TOPIC_SUFFIX: ns.topicSuffix,
      // kafkajs restarts a consumer that cannot reach the broker forever; the view gives up after this.
      CONFIG_VIEW_GIVE_UP_MS: '1000',
      SHUTDOWN_GRACE_MS: '3000',
    });
    expect((await fetch(`${engine.url}/ready`)).status).toBe(200);

    await kafka.stop();

    const running = engine;
    const failure = await waitFor(
      'the error line naming why the service is leaving',
      () => running.jsonLines().find((l) => l.level === 'error' && l.check === 'config'),
      120_000,
      200,
    );
    expect(failure).toMatchObject({ msg: expect.stringContaining('not ready for good'), reason: expect.stringContaining('without a successful fetch') });
    await waitFor('the process to end', () => running.lines.some((l) => l.includes('"msg":"stopped"') || l.includes('shutdown did not finish in time')) || undefined, 30_000);
    expect(await running.stop()).toEqual({ code: 1, signal: null });
  });
});
