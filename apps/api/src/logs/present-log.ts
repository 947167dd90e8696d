import type { SourceLog } from '@inlet/store/source-logs';
import { iso, isoOrNull } from '../shared/response-fields.schema';
import type { Log, LogSummary } from './logs.schema';

/** Pipeline order of the stages: breaks ties between stages stamped in the same millisecond. */
const STAGE_ORDER = ['received', 'redriven', 'rejected', 'normalized', 'mapped', 'action_executed', 'action_failed', 'dead_lettered', 'stalled'];
const stageRank = (stage: string) => STAGE_ORDER.indexOf(stage);

/**
 * A source log as the API shows it: actions in execution order, the timeline in time order, and its
 * trace in the tracing UI when the api has its address (`TRACE_UI_URL`, `{trace_id}` in it).
 */
export function presentLog(log: SourceLog, traceUiUrl?: string): Log {
  const actions = Object.values(log.actions ?? {})
    .sort((a, b) => a.position - b.position)
    .map((a) => ({
      action_id: a.actionId,
      mapping_id: a.mappingId,
      action_type: a.actionType,
      trigger_id: a.triggerId ?? null,
      configured: a.configured,
      resolved: a.resolved ?? null,
      status: a.status ?? 'pending',
      reason: a.reason ?? null,
      field: a.field ?? null,
      result: a.result ?? null,
      at: isoOrNull(a.at),
    }));
  const timeline = Object.values(log.timeline ?? {})
    .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime() || stageRank(a.stage) - stageRank(b.stage))
    .map(({ stage, at, service, detail }) => ({ stage, at: iso(at), service, ...(detail ? { detail } : {}) }));
  return {
    id: log._id,
    source: { key: log.sourceKey, environment: log.environment },
    trace_id: log.traceId ?? null,
    trace_url: log.traceId && traceUiUrl ? traceUiUrl.replaceAll('{trace_id}', log.traceId) : null,
    event_type: log.eventType ?? null,
    status: log.status,
    received_at: iso(log.receivedAt),
    event_time: isoOrNull(log.eventTime),
    time_source: log.timeSource ?? null,
    timestamp_issue: log.timestampIssue ?? null,
    verification: log.verification ?? log.edgeVerification ?? null,
    verified_key_id: log.verifiedKeyId ?? null,
    idempotency: log.idempotency
      ? { outcome: log.idempotency.outcome, key: log.idempotency.key ?? null, detail: log.idempotency.detail ?? null, original_event_id: log.idempotency.originalEventId ?? null }
      : null,
    rejection: log.rejection ?? null,
    failure: log.failure
      ? {
          reason: log.failure.reason,
          stage: log.failure.topic ? { topic: log.failure.topic, consumer_group: log.failure.consumerGroup ?? null } : null,
          code: log.failure.code,
          message: log.failure.message,
          last_stage: log.failure.lastStage ?? null,
          waiting_for: log.failure.waitingFor ?? null,
          at: iso(log.failure.at),
        }
      : null,
    redrive: log.redrive ? { attempt: log.redrive.attempt, requested_at: iso(log.redrive.requestedAt), requested_by: log.redrive.requestedBy } : null,
    request: log.request
      ? { content_type: log.request.contentType, headers: log.request.headers, body: log.request.body ?? null, body_text: log.request.bodyText ?? null, body_omitted: log.request.bodyOmitted ?? null }
      : null,
    timeline,
    actions,
  };
}

/** A log as the listing shows it: the summary fields of `presentLog`. */
export function presentLogSummary(log: SourceLog): LogSummary {
  const { id, event_type, status, received_at, verification, idempotency } = presentLog(log);
  return { id, event_type, status, received_at, verification, idempotency };
}
