import type { Plan } from '@inlet/domain/mapping';
import { counter } from '@inlet/platform/metrics';

type Source = { sourceKey: string; environment: string };

const events = counter('inlet_mapping_events_total', 'Normalized events planned, by outcome: planned (one action or more), all_skipped, no_mappings.', ['source', 'environment', 'outcome']);
const planned = counter('inlet_mapping_actions_planned_total', 'Actions requested of the executor, by action type.', ['source', 'environment', 'action_type']);
const skipped = counter('inlet_mapping_actions_skipped_total', 'Mapped actions skipped, by reason (inactive, missing_field, type_mismatch, limit_exceeded).', ['source', 'environment', 'reason']);

/** Counted once the plans are published. */
export const mappingMetrics = {
  planned(event: Source, mappings: number, plan: Plan): void {
    const { sourceKey, environment } = event;
    const outcome = mappings === 0 ? 'no_mappings' : plan.requests.length > 0 ? 'planned' : 'all_skipped';
    events.labels(sourceKey, environment, outcome).inc();
    for (const request of plan.requests) planned.labels(sourceKey, environment, request.action.type).inc();
    for (const skip of plan.skipped) skipped.labels(sourceKey, environment, skip.reason).inc();
  },
};
