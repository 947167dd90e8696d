import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's one registry: every metric of every lib and app registers here, and GET /metrics
 * serves it. Not prom-client's global one, so a dependency that registers there cannot clash.
 */
export const metricsRegistry = new Registry();

let processMetrics = false;

/**
 * prom-client's process and Node runtime metrics (CPU, memory, event-loop lag, GC, handles), with
 * the `inlet_` prefix. Called once by runService; not at import, so unit tests start no observers.
 */
export function collectProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: metricsRegistry, prefix: 'inlet_' });
}

/** The Prometheus text exposition of everything registered, and its content type. */
export async function renderMetrics(): Promise<{ contentType: string; text: string }> {
  return { contentType: metricsRegistry.contentType, text: await metricsRegistry.metrics() };
}

/** A counter in {@link metricsRegistry}; by convention its name ends in `_total`. */
export function counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  return new Counter({ name, help, labelNames, registers: [metricsRegistry] });
}

/** A histogram in {@link metricsRegistry}, in base units (`_seconds`, `_bytes`). */
export function histogram<L extends string>(name: string, help: string, buckets: number[], labelNames: readonly L[] = []): Histogram<L> {
  return new Histogram({ name, help, buckets, labelNames, registers: [metricsRegistry] });
}

/** A gauge in {@link metricsRegistry}. */
export function gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
  return new Gauge({ name, help, labelNames, registers: [metricsRegistry] });
}

/** Buckets for times from 1 ms to 30 s (a Kafka acknowledgement, a batch). */
export const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Seconds since a `process.hrtime.bigint()` reading. */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
