import type { ConfigRecord } from '@inlet/contracts';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { ConfigView, publishConfig } from './config-view';
import { createKafka } from './create-kafka';
import { Publisher } from './publisher';
import { environment, hashA, hashB, mapping, testLogger, uniqueSuffix, waitFor } from './test-support';
import { ensureTopics } from './topics';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
if (brokers.length === 0) throw new Error('KAFKA_BROKERS must name a running broker for the integration tests');

jest.setTimeout(60_000);


describe('ConfigView against a real broker', () => {
  let suffix: string;
  let logger: Logger;
  let kafka: Kafka;
  let publisher: Publisher;
  let views: ConfigView[];

  beforeEach(async () => {
    suffix = uniqueSuffix();
    ({ logger } = testLogger());
    kafka = createKafka({ brokers, clientId: 'platform-kafka-int', logger });
    await ensureTopics(kafka, suffix);
    publisher = new Publisher(kafka, { topicSuffix: suffix, logger });
    await publisher.connect();
    views = [];
  });

  afterEach(async () => {
    for (const view of views) await view.stop();
    await publisher.close();
  });

  function view(service: string): ConfigView {
    const v = new ConfigView(kafka, { topicSuffix: suffix, service, logger });
    views.push(v);
    return v;
  }

  it('is ready at once on an empty config topic', async () => {
    const empty = view('gateway');
    expect(empty.ready).toBe(false);
    await empty.start();
    expect(empty.ready).toBe(true);
    expect(empty.sourceEnvironmentById('env_1')).toBeUndefined();
  });

  it('catches up from the beginning before start() resolves: latest value per key, tombstones applied', async () => {
    await publishConfig(publisher, [environment('env_1', hashA), mapping('m1'), mapping('m2', { active: false }), mapping('m3')]);
    await publishConfig(publisher, [
      environment('env_1', hashB),
      mapping('m1', { params: { id: { literal: 'u_1' } } }),
      { kind: 'mapping', id: 'm3', deleted: true },
    ]);

    // Two services: each reads the whole topic with its own group.
    const [gateway, engine] = [view('gateway'), view('mapping-engine')];
    await Promise.all([gateway.start(), engine.start()]);

    for (const v of [gateway, engine]) {
      expect(v.ready).toBe(true);
      expect(v.sourceEnvironmentById('env_1')?.endpointTokenHash).toBe(hashB);
      expect(v.sourceEnvironmentByTokenHash(hashA)).toBeUndefined();
      expect(v.sourceEnvironmentByTokenHash(hashB)?.id).toBe('env_1');
      expect(v.mappingsFor('env_1', 'user.created').map((m) => [m.id, m.active, m.params])).toEqual([
        ['m1', true, { id: { literal: 'u_1' } }],
        ['m2', false, { id: { path: 'data.id' } }],
      ]);
    }
  });

  it('keeps following changes after start, telling listeners about each applied record', async () => {
    await publishConfig(publisher, [environment('env_1', hashA), mapping('m1')]);
    const gateway = view('gateway');
    await gateway.start();
    const changes: [string, ConfigRecord | null][] = [];
    const unsubscribe = gateway.onChange((key, record) => changes.push([key, record]));

    await publishConfig(publisher, [mapping('m2', { eventType: 'user.deleted' }), { kind: 'source_environment', id: 'env_1', deleted: true }]);
    await waitFor('both changes', () => changes.length >= 2);

    expect(changes).toEqual([
      ['mapping:m2', mapping('m2', { eventType: 'user.deleted' })],
      ['source_environment:env_1', null],
    ]);
    expect(gateway.sourceEnvironmentById('env_1')).toBeUndefined();
    expect(gateway.sourceEnvironmentByTokenHash(hashA)).toBeUndefined();
    expect(gateway.mappingsFor('env_1', 'user.deleted').map((m) => m.id)).toEqual(['m2']);
    expect(gateway.mappingsFor('env_1', 'user.created').map((m) => m.id)).toEqual(['m1']);

    unsubscribe();
    await publishConfig(publisher, [mapping('m3')]);
    await waitFor('the next change', () => gateway.mappingsFor('env_1', 'user.created').length === 2);
    expect(changes).toHaveLength(2);
  });

  it('rejects a config record that breaks the contract before writing it', async () => {
    const bad = { ...environment('env_1', 'not-a-hash') };
    await expect(publishConfig(publisher, [bad])).rejects.toMatchObject({
      code: 'contract_violation',
      message: expect.stringContaining('endpointTokenHash'),
    });
    const gateway = view('gateway');
    await gateway.start();
    expect(gateway.sourceEnvironmentById('env_1')).toBeUndefined();
  });
});
