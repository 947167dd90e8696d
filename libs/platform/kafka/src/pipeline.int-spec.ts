import { Partitioners, type Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { ConsumerRunner, type ReceivedMessage } from './consumer-runner';
import { createKafka } from './create-kafka';
import { PipelineError } from './pipeline-error';
import { Publisher } from './publisher';
import { deferred, intake, readTopic, testLogger, uniqueSuffix, waitFor, type LogLine } from './test-support';
import { ensureTopics, topicName } from './topics';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
if (brokers.length === 0) throw new Error('KAFKA_BROKERS must name a running broker for the integration tests');

jest.setTimeout(60_000);

type Intake = ReceivedMessage<'intakeReceived'>;

describe('Publisher and ConsumerRunner against a real broker', () => {
  let suffix: string;
  let logger: Logger;
  let lines: LogLine[];
  let kafka: Kafka;
  let publisher: Publisher;
  let runners: ConsumerRunner[];

  beforeEach(async () => {
    suffix = uniqueSuffix();
    ({ logger, lines } = testLogger());
    kafka = createKafka({ brokers, clientId: 'platform-kafka-int', logger });
    await ensureTopics(kafka, suffix);
    publisher = new Publisher(kafka, { topicSuffix: suffix, logger });
    await publisher.connect();
    runners = [];
  });

  afterEach(async () => {
    for (const runner of runners) await runner.stop();
    await publisher.close();
  });

  function runner(group: string, retry = { initialMs: 20, maxMs: 200 }): ConsumerRunner {
    const r = new ConsumerRunner(kafka, { groupId: `${group}${suffix}`, topicSuffix: suffix, publisher, logger, retry });
    runners.push(r);
    return r;
  }

  const ids = (messages: Intake[]) => messages.map((m) => m.value.eventId);

  it('delivers published envelopes parsed, and in publish order per key', async () => {
    const received: Intake[] = [];
    await runner('order').start(['intakeReceived'], async (batch) => {
      received.push(...batch);
    });

    const keys = ['env_a', 'env_b', 'env_c'];
    const sent = keys.map((key) => Array.from({ length: 20 }, (_, i) => intake(`${key}-${i}`, key)));
    // Interleaved calls from several callers share sends; each key's calls are made in order.
    await Promise.all(
      [0, 5, 10, 15].flatMap((from) =>
        sent.map((messages, k) => publisher.publish('intakeReceived', messages.slice(from, from + 5).map((value) => ({ key: keys[k], value })))),
      ),
    );

    await waitFor('60 messages', () => received.length >= 60);
    expect(received).toHaveLength(60);
    for (const [k, key] of keys.entries()) {
      const ofKey = received.filter((m) => m.key === key);
      expect(ofKey.map((m) => m.value)).toEqual(sent[k]);
      expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
    }
    expect(received[0]).toMatchObject({ topic: 'intakeReceived', headers: expect.any(Object), offset: expect.any(String) });
  });

  it('rejects a publish that breaks the contract, naming the topic and field, and sends none of its messages', async () => {
    const received: Intake[] = [];
    await runner('contract').start(['intakeReceived'], async (batch) => {
      received.push(...batch);
    });

    const bad = { ...intake('evt_bad'), eventId: '' };
    const publishing = publisher.publish('intakeReceived', [
      { key: 'env_1', value: intake('evt_sibling') },
      { key: 'env_1', value: bad },
    ]);
    await expect(publishing).rejects.toMatchObject({
      name: 'PipelineError',
      code: 'contract_violation',
      retriable: false,
      message: expect.stringMatching(/inlet\.intake\.received\.v1.*message 1: eventId: /),
    });

    // Same key, same partition: once the marker is handled, anything sent before it would have been too.
    await publisher.publish('intakeReceived', [{ key: 'env_1', value: intake('evt_marker') }]);
    await waitFor('the marker', () => received.length >= 1);
    expect(ids(received)).toEqual(['evt_marker']);
  });

  it('dead-letters messages that are not JSON or break the contract, with their origin in headers, and handles the next one', async () => {
    const topic = topicName('intakeReceived', suffix);
    const raw = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await raw.connect();
    await raw.send({
      topic,
      messages: [
        { key: 'env_1', value: '{not json', headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } },
        { key: 'env_1', value: JSON.stringify({ ...intake('evt_broken'), eventId: '' }) },
        { key: 'env_1', value: null },
      ],
    });
    await raw.disconnect();
    await publisher.publish('intakeReceived', [{ key: 'env_1', value: intake('evt_good') }]);

    const received: Intake[] = [];
    await runner('dlq').start(
      ['intakeReceived'],
      async (batch) => {
        received.push(...batch);
      },
      { fromBeginning: true },
    );
    await waitFor('the valid message', () => received.length >= 1);
    await publisher.publish('intakeReceived', [{ key: 'env_1', value: intake('evt_after') }]);
    await waitFor('the message after', () => received.length >= 2);
    expect(ids(received)).toEqual(['evt_good', 'evt_after']);

    const dead = await readTopic(kafka, topicName('deadLetter', suffix));
    expect(dead).toHaveLength(3);
    const partition = received[0]!.partition;
    expect(dead.map((d) => [d.key, d.value?.toString('utf8') ?? null, d.headers])).toEqual([
      [
        'env_1',
        '{not json',
        expect.objectContaining({
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
          'x-inlet-original-topic': topic,
          'x-inlet-original-partition': String(partition),
          'x-inlet-original-offset': '0',
          'x-inlet-error-code': 'invalid_json',
          'x-inlet-error-message': expect.stringContaining('not valid JSON'),
          'x-inlet-consumer-group': `dlq${suffix}`,
        }),
      ],
      [
        'env_1',
        expect.stringContaining('"eventId":""'),
        expect.objectContaining({
          'x-inlet-original-offset': '1',
          'x-inlet-error-code': 'contract_violation',
          'x-inlet-error-message': expect.stringContaining('eventId:'),
        }),
      ],
      [
        'env_1',
        null,
        expect.objectContaining({
          'x-inlet-original-offset': '2',
          'x-inlet-error-code': 'contract_violation',
          'x-inlet-error-message': expect.stringContaining('tombstone'),
        }),
      ],
    ]);
    expect(lines.filter((l) => l.msg === 'message dead-lettered')).toHaveLength(3);
  });

  it('retries a batch that failed with a retriable error until it succeeds, losing nothing', async () => {
    const failures: unknown[] = [
      new PipelineError('store_unavailable', 'the store did not answer', { retriable: true }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { code: 'ECONNREFUSED' }),
      new PipelineError('store_unavailable', 'the store did not answer', { retriable: true }),
    ];
    let calls = 0;
    const handled: Intake[] = [];
    await runner('retry').start(['intakeReceived'], async (batch) => {
      calls++;
      const failure = failures.shift();
      if (failure) throw failure;
      handled.push(...batch);
    });

    const sent = Array.from({ length: 10 }, (_, i) => intake(`evt_${i}`));
    await publisher.publish('intakeReceived', sent.map((value) => ({ key: 'env_1', value })));

    await waitFor('all 10 handled', () => handled.length >= 10);
    expect(ids(handled)).toEqual(sent.map((m) => m.eventId));
    expect(calls).toBe(4);
    const retries = lines.filter((l) => l.msg === 'batch failed with a retriable error; retrying');
    expect(retries.map((l) => l['attempt'])).toEqual([1, 2, 3]);
    expect(retries[0]).toMatchObject({ eventIds: expect.arrayContaining(['evt_0']), delayMs: 20 });
    expect(await readTopic(kafka, topicName('deadLetter', suffix))).toEqual([]);
  });

  it('dead-letters only the message a non-retriable failure is about and handles the others', async () => {
    const handled: string[] = [];
    await runner('culprit').start(['intakeReceived'], async (batch) => {
      if (batch.some((m) => m.value.eventId === 'evt_3')) {
        throw new PipelineError('event_unprocessable', 'evt_3 cannot be handled', { retriable: false });
      }
      handled.push(...ids(batch));
    });

    const sent = Array.from({ length: 6 }, (_, i) => intake(`evt_${i}`));
    await publisher.publish('intakeReceived', sent.map((value) => ({ key: 'env_1', value })));
    await waitFor('the five others', () => handled.length >= 5);
    await publisher.publish('intakeReceived', [{ key: 'env_1', value: intake('evt_after') }]);
    await waitFor('the message after', () => handled.includes('evt_after'));

    expect(handled).toEqual(['evt_0', 'evt_1', 'evt_2', 'evt_4', 'evt_5', 'evt_after']);
    const dead = await readTopic(kafka, topicName('deadLetter', suffix));
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0]!.value!.toString('utf8'))).toMatchObject({ eventId: 'evt_3' });
    expect(dead[0]!.headers).toMatchObject({
      'x-inlet-error-code': 'event_unprocessable',
      'x-inlet-error-message': 'evt_3 cannot be handled',
      'x-inlet-original-offset': '3',
    });
    expect(lines.find((l) => l.msg === 'message dead-lettered')).toMatchObject({ eventId: 'evt_3', code: 'event_unprocessable' });
  });

  it('stop() gives up a batch that is still retrying without committing it: the next member gets it again', async () => {
    const a: string[] = [];
    const firstFailure = deferred();
    const runnerA = runner('handover');
    await runnerA.start(['intakeReceived'], async (batch) => {
      if (batch.some((m) => m.value.eventId.startsWith('evt_b'))) {
        firstFailure.resolve();
        throw new PipelineError('store_unavailable', 'down', { retriable: true });
      }
      a.push(...ids(batch));
    });

    const first = Array.from({ length: 5 }, (_, i) => intake(`evt_a${i}`));
    await publisher.publish('intakeReceived', first.map((value) => ({ key: 'env_1', value })));
    await waitFor('the first batch on A', () => a.length >= 5);
    const second = Array.from({ length: 5 }, (_, i) => intake(`evt_b${i}`));
    await publisher.publish('intakeReceived', second.map((value) => ({ key: 'env_1', value })));
    await firstFailure.promise;
    await runnerA.stop();
    expect(runnerA.running).toBe(false);

    const b: string[] = [];
    await runner('handover').start(['intakeReceived'], async (batch) => {
      b.push(...ids(batch));
    });
    await waitFor('the second batch on B', () => b.length >= 5);
    expect(a).toEqual(first.map((m) => m.eventId));
    expect(b).toEqual(second.map((m) => m.eventId));
  });

  it('stop() lets the batch in hand finish and commits it: the next member does not get it again', async () => {
    const a: string[] = [];
    const inHand = deferred();
    const release = deferred();
    const runnerA = runner('finish');
    await runnerA.start(['intakeReceived'], async (batch) => {
      inHand.resolve();
      await release.promise;
      a.push(...ids(batch));
    });

    const first = Array.from({ length: 5 }, (_, i) => intake(`evt_c${i}`));
    await publisher.publish('intakeReceived', first.map((value) => ({ key: 'env_1', value })));
    await inHand.promise;
    const stopping = runnerA.stop();
    release.resolve();
    await stopping;
    expect(a).toEqual(first.map((m) => m.eventId));

    const b: string[] = [];
    await runner('finish').start(['intakeReceived'], async (batch) => {
      b.push(...ids(batch));
    });
    await publisher.publish('intakeReceived', [{ key: 'env_1', value: intake('evt_d0') }]);
    await waitFor('the next message on B', () => b.length >= 1);
    expect(b).toEqual(['evt_d0']);
  });

  it('sends a batch Kafka did not acknowledge again until it lands once, and withdraws what waited behind it unsent', async () => {
    // Topics that do not exist yet: Kafka cannot take the first send until they are created.
    const later = uniqueSuffix();
    const patient = new Publisher(kafka, { topicSuffix: later, logger, queueTimeoutMs: 1_000, retry: { initialMs: 50, maxMs: 200 } });
    await patient.connect();
    let firstSettled = false;
    const first = patient.publish('intakeReceived', [{ key: 'env_1', value: intake('evt_in_flight') }]).finally(() => (firstSettled = true));
    await waitFor('the first send to fail once', () => lines.some((l) => l.msg === 'kafka did not acknowledge a send; sending the same batch again'));
    expect(patient.connected).toBe(false);

    // Queued behind a send in doubt: never sent, so refused in time, and safe to answer 503.
    await expect(patient.publish('intakeReceived', [{ key: 'env_1', value: intake('evt_queued') }])).rejects.toMatchObject({
      code: 'kafka_unavailable',
      retriable: true,
    });
    expect(firstSettled).toBe(false);

    await ensureTopics(kafka, later);
    await first;
    expect(patient.connected).toBe(true);
    await patient.close();
    const records = await readTopic(kafka, topicName('intakeReceived', later));
    expect(records.map((r) => (JSON.parse(String(r.value)) as { eventId: string }).eventId)).toEqual(['evt_in_flight']);
  });

  it('refuses a publish at once when the bytes waiting for Kafka would pass the limit', async () => {
    const small = new Publisher(kafka, { topicSuffix: suffix, logger, maxQueueBytes: 2_000 });
    await small.connect();
    const big = { ...intake('evt_big'), payload: { ...intake('evt_big').payload, bodyBase64: Buffer.alloc(3_000).toString('base64') } };
    await expect(small.publish('intakeReceived', [{ key: 'env_1', value: big }])).rejects.toMatchObject({ code: 'kafka_backlog_full', retriable: true });
    await small.publish('intakeReceived', [{ key: 'env_1', value: intake('evt_small') }]);
    await small.close();
  });
});
