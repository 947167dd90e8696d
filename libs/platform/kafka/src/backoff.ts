export type BackoffOptions = { initialMs: number; maxMs: number };

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 100, maxMs: 5_000 };

/** Delay before retry number `attempt` (1 = the first retry): initialMs·2^(attempt−1), capped at maxMs. */
export function backoffDelay(attempt: number, { initialMs, maxMs }: BackoffOptions): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  return Math.min(maxMs, initialMs * 2 ** exponent);
}

/** Stopping a consumer: cuts short the backoff sleeps and other waits registered with it. */
export class StopSignal {
  private readonly wakers = new Set<() => void>();
  private isStopped = false;

  get stopped(): boolean {
    return this.isStopped;
  }

  /** Runs `wake` at stop() (at once if already stopped). */
  onStop(wake: () => void): void {
    if (this.isStopped) wake();
    else this.wakers.add(wake);
  }

  stop(): void {
    this.isStopped = true;
    for (const wake of this.wakers) wake();
    this.wakers.clear();
  }

  /** Resolves after `ms`, or at stop(), whichever comes first. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.onStop(done);
    });
  }
}
