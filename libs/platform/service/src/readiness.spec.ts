import { ReadinessRegistry, type ReadinessFailure } from './readiness';

describe('ReadinessRegistry', () => {
  it('is not ready for good once a check failed, whatever the check itself says', async () => {
    const registry = new ReadinessRegistry([{ name: 'config', isReady: () => true }, { name: 'mongo', isReady: () => true }]);
    expect(await registry.evaluate()).toEqual({ status: 'ready', checks: { config: true, mongo: true } });

    registry.fail('config', 'the config consumer crashed and will not restart');

    expect(await registry.evaluate()).toEqual({ status: 'not_ready', checks: { config: false, mongo: true } });
  });

  it('tells every listener of a failure once, including a listener added after it', () => {
    const registry = new ReadinessRegistry();
    const early: ReadinessFailure[] = [];
    registry.onFailure((f) => early.push(f));

    registry.fail('consumer', 'kafkajs gave up');
    registry.fail('consumer', 'kafkajs gave up again');
    const late: ReadinessFailure[] = [];
    registry.onFailure((f) => late.push(f));

    expect(early).toEqual([{ check: 'consumer', reason: 'kafkajs gave up' }]);
    expect(late).toEqual(early);
  });

  it('ignores failures once shutdown has begun: a consumer stopped on purpose is no crash', async () => {
    const registry = new ReadinessRegistry();
    const failures: ReadinessFailure[] = [];
    registry.onFailure((f) => failures.push(f));
    registry.markShuttingDown();

    registry.fail('config', 'stopped');

    expect(failures).toEqual([]);
    expect((await registry.evaluate()).checks).toEqual({});
  });
});
