export type BackoffOptions = { initialMs: number; maxMs: number };

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 100, maxMs: 5_000 };

/** Delay before retry number `attempt` (1 = the first retry): initialMs·2^(attempt−1), capped at maxMs. */
export function backoffDelay(attempt: number, { initialMs, maxMs }: BackoffOptions): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  return Math.min(maxMs, initialMs * 2 ** exponent);
}
