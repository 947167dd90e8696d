import type { FinalLogStatus } from '@inlet/contracts';
import { counter, gauge, histogram } from '@inlet/platform/metrics';

/** Pending logs received longer ago than this are counted by {@link eventLogMetrics.overdue}. */
export const OVERDUE_AFTER_SECONDS = 60;

const finals = counter('inlet_event_log_final_total', 'Logs that reached a final status, by status (a re-drive that ends again counts again).', ['source', 'environment', 'status']);
const receiptToFinal = histogram(
  'inlet_event_log_receipt_to_final_seconds',
  'Time from the gateway receiving a request to its log reaching a final status.',
  [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600, 1800],
  ['source', 'environment'],
);
const overdue = gauge('inlet_event_log_pending_overdue', `Logs still pending more than ${OVERDUE_AFTER_SECONDS} s after they were received, at the last count.`);

type Log = { sourceKey?: string; environment?: string; receivedAt?: Date | string };

export const eventLogMetrics = {
  /** A log's status was written from pending to final at `at`. */
  final(log: Log, status: FinalLogStatus, at: Date): void {
    const source = log.sourceKey ?? 'unknown';
    const environment = log.environment ?? 'unknown';
    finals.labels(source, environment, status).inc();
    // A log projected from a later stage first may not know its receipt yet: no time to observe.
    const receivedAt = log.receivedAt === undefined ? NaN : new Date(log.receivedAt).getTime();
    if (Number.isFinite(receivedAt)) receiptToFinal.labels(source, environment).observe(Math.max(0, at.getTime() - receivedAt) / 1000);
  },
  overdue(count: number): void {
    overdue.set(count);
  },
};
