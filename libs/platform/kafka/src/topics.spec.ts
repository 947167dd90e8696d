import { Topics } from '@inlet/contracts';
import { topicConfigs, topicName } from './topics';

describe('topicName', () => {
  it.each([
    ['intakeReceived', '', 'inlet.intake.received.v1'],
    ['config', '', 'inlet.config.v1'],
    ['deadLetter', '.t-123', 'inlet.dead-letter.v1.t-123'],
  ] as const)('%s with suffix %p is %s', (key, suffix, expected) => {
    expect(topicName(key, suffix)).toBe(expected);
  });
});

describe('topicConfigs', () => {
  const configs = topicConfigs('.x');

  it('asks for every topic of the catalog, suffixed', () => {
    expect(configs.map((c) => c.topic).sort()).toEqual(Object.values(Topics).map((t) => `${t.name}.x`).sort());
  });

  it.each(Object.values(Topics).map((t) => [t.name, t.partitions, t.compacted] as const))(
    '%s gets %i partitions, compacted: %s',
    (name, partitions, compacted) => {
      const config = configs.find((c) => c.topic === `${name}.x`)!;
      expect(config.numPartitions).toBe(partitions);
      expect(config.configEntries).toEqual([
        { name: 'max.message.bytes', value: String(32 * 1024 * 1024) },
        ...(compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
      ]);
    },
  );
});
