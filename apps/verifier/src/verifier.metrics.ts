import { counter } from '@inlet/platform/metrics';

const events = counter(
  'inlet_verifier_events_total',
  'Intake messages verified, by outcome: normalized, or the rejection reason (invalid_path, duplicate, idempotency_key_invalid, ...).',
  ['source', 'environment', 'outcome'],
);

/** Counted once the verdicts are published, so a batch that is retried is counted when it lands. */
export const verifierMetrics = {
  verdict(event: { sourceKey: string; environment: string }, outcome: string): void {
    events.labels(event.sourceKey, event.environment, outcome).inc();
  },
};
