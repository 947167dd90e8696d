import { counter, LabelCap } from '@inlet/platform/metrics';

type Source = { sourceKey: string; environment: string };

const actions = counter('inlet_executor_actions_total', 'Actions announced, by type and status (completed, failed).', ['source', 'environment', 'action_type', 'status']);
const failures = counter('inlet_executor_action_failures_total', 'Failed actions by type and failure code.', ['action_type', 'code']);
const runs = counter('inlet_executor_workflow_runs_total', 'Workflow runs published on workflow.triggered.', ['source', 'environment']);

/** Failure codes are a closed list today; the cap keeps a new free-text code from multiplying series. */
const codes = new LabelCap(50);

/** Counted once the announcements are published. */
export const executorMetrics = {
  completed(request: Source, actionType: string): void {
    actions.labels(request.sourceKey, request.environment, actionType, 'completed').inc();
  },
  failed(request: Source, actionType: string, code: string): void {
    actions.labels(request.sourceKey, request.environment, actionType, 'failed').inc();
    failures.labels(actionType, codes.value(code)).inc();
  },
  runsPublished(request: Source, count: number): void {
    runs.labels(request.sourceKey, request.environment).inc(count);
  },
};
