/** One dependency /ready reports on, e.g. `{ name: 'kafka', isReady: () => consumer.isRunning() }`. */
export type ReadinessCheck = { name: string; isReady(): boolean | Promise<boolean> };

export type ReadinessReport = { status: 'ready' | 'not_ready'; checks: Record<string, boolean> };

/**
 * Injection token of the {@link ReadinessRegistry}. Nest has no multi-providers, so checks that need
 * injected services register themselves:
 *   constructor(@Inject(READINESS_CHECKS) readiness: ReadinessRegistry) { readiness.add({ ... }) }
 */
export const READINESS_CHECKS: unique symbol = Symbol('READINESS_CHECKS');

export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
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

  async evaluate(): Promise<ReadinessReport> {
    const results = await Promise.all(
      [...this.checks.values()].map(async (check) => [check.name, await isReady(check)] as const),
    );
    const ready = !this.shuttingDown && results.every(([, ok]) => ok);
    return { status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(results) };
  }
}

async function isReady(check: ReadinessCheck): Promise<boolean> {
  try {
    return (await check.isReady()) === true;
  } catch {
    return false;
  }
}
