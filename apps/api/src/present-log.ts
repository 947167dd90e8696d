import type { SourceLog } from '@inlet/store/source-logs';

/** Pipeline order of the stages: breaks ties between stages stamped in the same millisecond. */
const STAGE_ORDER = ['received', 'rejected', 'normalized', 'mapped', 'action_executed', 'action_failed'];
const stageRank = (stage: string) => STAGE_ORDER.indexOf(stage);

/** A source log as the API shows it: actions in execution order, the timeline in time order. */
export function presentLog(log: SourceLog) {
  const actions = Object.values(log.actions ?? {})
    .sort((a, b) => a.position - b.position)
    .map((a) => ({
      actionId: a.actionId,
      mappingId: a.mappingId,
      actionType: a.actionType,
      configured: a.configured,
      resolved: a.resolved ?? null,
      status: a.status ?? 'pending',
      reason: a.reason ?? null,
      field: a.field ?? null,
      result: a.result ?? null,
      at: a.at ?? null,
    }));
  const timeline = Object.values(log.timeline ?? {})
    .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime() || stageRank(a.stage) - stageRank(b.stage))
    .map(({ stage, at, service, detail }) => ({ stage, at, service, ...(detail ? { detail } : {}) }));
  return {
    id: log._id,
    source: { key: log.sourceKey, environment: log.environment },
    eventType: log.eventType ?? null,
    status: log.status,
    receivedAt: log.receivedAt,
    eventTime: log.eventTime ?? null,
    timeSource: log.timeSource ?? null,
    timestampIssue: log.timestampIssue ?? null,
    verification: log.verification ?? null,
    idempotency: log.idempotency ?? null,
    rejection: log.rejection ?? null,
    request: log.request ?? null,
    timeline,
    actions,
  };
}
