import { configKey } from '@inlet/contracts';
import { CatchUp, ConfigIndex } from './config-index';
import { environment, hashA, hashB, mapping } from './test-support';


describe('ConfigIndex', () => {
  it('finds a source environment by id and by token hash', () => {
    const index = new ConfigIndex();
    const env = environment('env_1', hashA);
    index.apply(configKey(env), env);
    expect(index.sourceEnvironmentById('env_1')).toEqual(env);
    expect(index.sourceEnvironmentByTokenHash(hashA)).toEqual(env);
  });

  it('forgets the old token hash when the token is rotated', () => {
    const index = new ConfigIndex();
    index.apply('source_environment:env_1', environment('env_1', hashA));
    index.apply('source_environment:env_1', environment('env_1', hashB));
    expect(index.sourceEnvironmentByTokenHash(hashA)).toBeUndefined();
    expect(index.sourceEnvironmentByTokenHash(hashB)?.id).toBe('env_1');
  });

  it('deletes an environment on a tombstone', () => {
    const index = new ConfigIndex();
    index.apply('source_environment:env_1', environment('env_1', hashA));
    index.apply('source_environment:env_1', null);
    expect(index.sourceEnvironmentById('env_1')).toBeUndefined();
    expect(index.sourceEnvironmentByTokenHash(hashA)).toBeUndefined();
    expect(index.size).toBe(0);
  });

  it('tells a deleted environment from one it has not seen yet, until it is published again', () => {
    const index = new ConfigIndex();
    index.apply('source_environment:env_1', environment('env_1', hashA));
    expect(index.sourceEnvironmentDeleted('env_1')).toBe(false);
    index.apply('source_environment:env_1', null);
    expect(index.sourceEnvironmentDeleted('env_1')).toBe(true);
    expect(index.sourceEnvironmentDeleted('env_2')).toBe(false);
    index.apply('source_environment:env_1', environment('env_1', hashB));
    expect(index.sourceEnvironmentDeleted('env_1')).toBe(false);
  });

  it('remembers a deletion whose record was compacted away before the index saw it', () => {
    const index = new ConfigIndex();
    index.apply('source_environment:env_9', null);
    expect(index.sourceEnvironmentDeleted('env_9')).toBe(true);
  });

  it('ignores a tombstone for a key it never saw', () => {
    const index = new ConfigIndex();
    index.apply('mapping:nope', null);
    expect(index.size).toBe(0);
  });

  it('lists the mappings of an environment and event type, active and inactive, by id', () => {
    const index = new ConfigIndex();
    for (const m of [
      mapping('m3'),
      mapping('m1', { active: false }),
      mapping('m2', { eventType: 'user.deleted' }),
      mapping('m4', { sourceEnvironmentId: 'env_2' }),
    ]) {
      index.apply(configKey(m), m);
    }
    expect(index.mappingsFor('env_1', 'user.created').map((m) => [m.id, m.active])).toEqual([
      ['m1', false],
      ['m3', true],
    ]);
    expect(index.mappingsFor('env_1', 'user.deleted').map((m) => m.id)).toEqual(['m2']);
    expect(index.mappingsFor('env_9', 'user.created')).toEqual([]);
  });

  it.each([
    ['moves a mapping to its new event type', { eventType: 'user.updated' }, [], ['m1']],
    ['keeps a mapping that only changed its params in place', { params: {} }, ['m1'], []],
  ])('%s', (_what, change, stillCreated, nowUpdated) => {
    const index = new ConfigIndex();
    index.apply('mapping:m1', mapping('m1'));
    index.apply('mapping:m1', mapping('m1', change));
    expect(index.mappingsFor('env_1', 'user.created').map((m) => m.id)).toEqual(stillCreated);
    expect(index.mappingsFor('env_1', 'user.updated').map((m) => m.id)).toEqual(nowUpdated);
  });

  it('removes a deleted mapping', () => {
    const index = new ConfigIndex();
    index.apply('mapping:m1', mapping('m1'));
    index.apply('mapping:m2', mapping('m2'));
    index.apply('mapping:m1', null);
    expect(index.mappingsFor('env_1', 'user.created').map((m) => m.id)).toEqual(['m2']);
  });
});

describe('CatchUp', () => {
  it.each<[string, { partition: number; high: string; low: string }[], [number, string][], boolean]>([
    ['an empty topic is caught up at once', [{ partition: 0, high: '0', low: '0' }], [], true],
    ['a compacted-away partition (low = high) is caught up at once', [{ partition: 0, high: '7', low: '7' }], [], true],
    ['nothing read yet', [{ partition: 0, high: '3', low: '0' }], [], false],
    ['read short of the last offset', [{ partition: 0, high: '3', low: '0' }], [[0, '1']], false],
    ['read up to the last offset at start', [{ partition: 0, high: '3', low: '0' }], [[0, '2']], true],
    ['read past it (records written since)', [{ partition: 0, high: '3', low: '0' }], [[0, '9']], true],
    [
      'one partition of two done',
      [
        { partition: 0, high: '3', low: '0' },
        { partition: 1, high: '5', low: '0' },
      ],
      [[0, '2']],
      false,
    ],
    [
      'both partitions done',
      [
        { partition: 0, high: '3', low: '0' },
        { partition: 1, high: '5', low: '0' },
      ],
      [
        [0, '2'],
        [1, '4'],
      ],
      true,
    ],
  ])('%s', (_what, watermarks, reads, done) => {
    const catchUp = new CatchUp(watermarks);
    for (const [partition, offset] of reads) catchUp.reached(partition, offset);
    expect(catchUp.done).toBe(done);
  });
});
