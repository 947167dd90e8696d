/** One dependency /ready reports on, e.g. `{ name: 'kafka', isReady: () => consumer.isRunning() }`. */
export type ReadinessCheck = { name: string; isReady(): boolean | Promise<boolean> };

export type ReadinessReport = { status: 'ready' | 'not_ready'; checks: Record<string, boolean> };

/** A dependency gone for good, and why (for the error line the service logs before it exits). */
export type ReadinessFailure = { check: string; reason: string };

/**
 * Injection token of the {@link ReadinessRegistry}. Nest has no multi-providers, so checks that need
 * injected services register themselves:
 *   constructor(@Inject(READINESS_CHECKS) readiness: ReadinessRegistry) { readiness.add({ ... }) }
 */
export const READINESS_CHECKS: unique symbol = Symbol('READINESS_CHECKS');

export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly failures = new Map<string, string>();
  private readonly failureListeners = new Set<(failure: ReadinessFailure) => void>();
  private shuttingDown = false;

  constructor(checks: ReadinessCheck[] = []) {
    checks.forEach((check) => this.add(check));
  }

  add(check: ReadinessCheck): void {
    if (this.checks.has(check.name)) throw new Error(`Readiness check "${check.name}" is already registered`);
    this.checks.set(check.name, check);
  }

  /** From the first shutdown signal on, /ready answers 503 so the load balancer drains this replica. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  /**
   * A dependency that will not come back by itself (a consumer kafkajs gave up on): /ready answers
   * 503 from now on, and the listeners learn of it; runService exits non-zero so that the
   * supervisor restarts the service instead of letting it idle, or serve stale configuration.
   * Only the first failure of a check counts; none counts once shutdown has begun.
   */
  fail(check: string, reason: string): void {
    if (this.shuttingDown || this.failures.has(check)) return;
    this.failures.set(check, reason);
    for (const listener of this.failureListeners) listener({ check, reason });
  }

  /** Calls `listener` on every failure, including those that happened before it was added. */
  onFailure(listener: (failure: ReadinessFailure) => void): void {
    this.failureListeners.add(listener);
    for (const [check, reason] of this.failures) listener({ check, reason });
  }

  async evaluate(): Promise<ReadinessReport> {
    const results = await Promise.all(
      [...this.checks.values()].map(async (check) => [check.name, !this.failures.has(check.name) && (await isReady(check))] as const),
    );
    const checks: Record<string, boolean> = Object.fromEntries(results);
    for (const check of this.failures.keys()) checks[check] = false;
    const ready = !this.shuttingDown && Object.values(checks).every((ok) => ok);
    return { status: ready ? 'ready' : 'not_ready', checks };
  }
}

async function isReady(check: ReadinessCheck): Promise<boolean> {
  try {
    return (await check.isReady()) === true;
  } catch {
    return false;
  }
}
