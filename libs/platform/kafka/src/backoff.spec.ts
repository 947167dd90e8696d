import { backoffDelay, DEFAULT_BACKOFF, StopSignal } from './backoff';

describe('backoffDelay', () => {
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [6, 3_200],
    [7, 5_000],
    [50, 5_000],
    [10_000, 5_000],
  ])('waits before retry %i: %i ms with the defaults (100 ms doubling, capped at 5 s)', (attempt, expected) => {
    expect(backoffDelay(attempt, DEFAULT_BACKOFF)).toBe(expected);
  });

  it.each([
    [0, { initialMs: 50, maxMs: 1_000 }, 50],
    [-3, { initialMs: 50, maxMs: 1_000 }, 50],
    [5, { initialMs: 50, maxMs: 1_000 }, 800],
    [6, { initialMs: 50, maxMs: 1_000 }, 1_000],
    [3, { initialMs: 2_000, maxMs: 1_000 }, 1_000],
  ])('attempt %i with %o waits %i ms', (attempt, options, expected) => {
    expect(backoffDelay(attempt, options)).toBe(expected);
  });
});

describe('StopSignal', () => {
  it('cuts a sleep short at stop(), and runs what waits for it', async () => {
    const signal = new StopSignal();
    const woken: string[] = [];
    signal.onStop(() => woken.push('first fetch'));
    const started = Date.now();
    const sleeping = signal.sleep(60_000);
    signal.stop();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(woken).toEqual(['first fetch']);
    expect(signal.stopped).toBe(true);
  });

  it('sleeps its time when nobody stops it, and wakes a late waiter at once once stopped', async () => {
    const signal = new StopSignal();
    const started = Date.now();
    await signal.sleep(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    signal.stop();
    let woke = false;
    signal.onStop(() => (woke = true));
    expect(woke).toBe(true);
  });
});
