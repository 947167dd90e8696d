import type { LogStatus } from '@inlet/contracts';

/** The statuses of requests the gateway refused (4xx): never accepted, so never in the pipeline. */
export const REFUSED_STATUSES = ['signature_missing', 'signature_invalid', 'invalid_json', 'too_large', 'invalid_event', 'unsupported_media_type'] as const satisfies readonly LogStatus[];
export type RefusedStatus = (typeof REFUSED_STATUSES)[number];

/** The statuses an accepted request's log can hold, `pending` until it ends. */
export const ACCEPTED_STATUSES = ['pending', 'processed', 'partially_failed', 'failed', 'duplicate', 'no_mappings', 'invalid_path'] as const satisfies readonly LogStatus[];
export type AcceptedStatus = (typeof ACCEPTED_STATUSES)[number];

export const SUMMARY_WINDOWS = { '1h': 60 * 60 * 1000, '24h': 24 * 60 * 60 * 1000 } as const;
export type SummaryWindow = keyof typeof SUMMARY_WINDOWS;

export type SourceSummary = {
  received: number;
  accepted: number;
  refused: { total: number; byReason: Record<RefusedStatus, number> };
  statuses: Record<AcceptedStatus, number>;
  receiptToFinal: { count: number; p50Ms: number | null; p99Ms: number | null };
};

/** The first moment of a window ending at `now`. */
export function windowStart(window: SummaryWindow, now: Date): Date {
  return new Date(now.getTime() - SUMMARY_WINDOWS[window]);
}

/**
 * A source environment's window, from the count of its logs per status and the receipt-to-final
 * durations of the accepted ones that ended. Statuses not counted are 0, so every answer has the
 * same fields.
 */
export function summarizeLogs(counts: { status: string; count: number }[], durationsMs: number[]): SourceSummary {
  const byReason = Object.fromEntries(REFUSED_STATUSES.map((s) => [s, 0])) as Record<RefusedStatus, number>;
  const statuses = Object.fromEntries(ACCEPTED_STATUSES.map((s) => [s, 0])) as Record<AcceptedStatus, number>;
  for (const { status, count } of counts) {
    if (status in byReason) byReason[status as RefusedStatus] += count;
    else if (status in statuses) statuses[status as AcceptedStatus] += count;
  }
  const refused = Object.values(byReason).reduce((a, b) => a + b, 0);
  const accepted = Object.values(statuses).reduce((a, b) => a + b, 0);
  const sorted = [...durationsMs].sort((a, b) => a - b);
  return {
    received: accepted + refused,
    accepted,
    refused: { total: refused, byReason },
    statuses,
    receiptToFinal: { count: sorted.length, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) },
  };
}

/** Nearest-rank percentile of ascending values: a value that was measured, never an interpolation; null of none. */
export function percentile(ascending: number[], p: number): number | null {
  if (ascending.length === 0) return null;
  return ascending[Math.max(0, Math.ceil(p * ascending.length) - 1)];
}
