import type { EachBatchPayload } from 'kafkajs';
import type { Logger } from 'pino';
import { backoffDelay, type BackoffOptions, type StopSignal } from './backoff';
import { isRetriable } from './classify-error';
import type { ConsumerMetrics } from './kafka-metrics';

export type Attempt = { kind: 'ok' } | { kind: 'failed'; error: unknown } | { kind: 'stopped' };

export type AttemptContext = {
  payload: EachBatchPayload;
  backoff: BackoffOptions;
  stopSignal: StopSignal;
  metrics: ConsumerMetrics;
  logger: Logger;
  /** Logged with each retry. */
  where: object;
  /** Retry every failure, not only retriable ones. */
  retryAll?: boolean;
};

/** Whether a consumer may go on with the batch in hand: not stopped, and the partition still its own. */
export function canContinue(stopSignal: StopSignal, payload: EachBatchPayload): boolean {
  return !stopSignal.stopped && payload.isRunning() && !payload.isStale();
}

/**
 * Runs `fn` until it succeeds, retrying retriable failures (any failure with `retryAll`) with
 * backoff and heartbeats, as long as the consumer runs. A heartbeat that reports a rebalance throws:
 * kafkajs then rejoins and the uncommitted batch goes to whoever owns the partition.
 */
export async function attemptBatch(fn: () => Promise<void>, ctx: AttemptContext): Promise<Attempt> {
  const { payload, stopSignal } = ctx;
  for (let n = 1; ; n++) {
    try {
      await fn();
      return { kind: 'ok' };
    } catch (error) {
      if (!ctx.retryAll && !isRetriable(error)) return { kind: 'failed', error };
      if (!canContinue(stopSignal, payload)) return { kind: 'stopped' };
      const delayMs = backoffDelay(n, ctx.backoff);
      ctx.metrics.retried(payload.batch.topic);
      ctx.logger.warn({ ...ctx.where, err: error, attempt: n, delayMs }, 'batch failed with a retriable error; retrying');
      await stopSignal.sleep(delayMs);
      if (!canContinue(stopSignal, payload)) return { kind: 'stopped' };
      await payload.heartbeat();
    }
  }
}
