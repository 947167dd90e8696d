import { backoffDelay, DEFAULT_BACKOFF } from './backoff';

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
