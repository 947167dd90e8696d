import type { LogFacts } from '@inlet/domain/logs';
import type { SourceLog } from '@inlet/store/source-logs';

/** What deriving a status (and announcing it) reads of a log. */
export type StatusFields = Pick<
  SourceLog,
  '_id' | 'rejection' | 'plan' | 'actions' | 'timeline' | 'status' | 'version' | 'sourceEnvironmentId' | 'sourceKey' | 'environment' | 'eventType' | 'idempotency' | 'failure' | 'receivedAt'
>;

/** The projection that reads exactly the StatusFields. */
export const STATUS_FIELDS = {
  rejection: 1,
  plan: 1,
  actions: 1,
  timeline: 1,
  status: 1,
  version: 1,
  sourceEnvironmentId: 1,
  sourceKey: 1,
  environment: 1,
  eventType: 1,
  idempotency: 1,
  failure: 1,
  receivedAt: 1,
} as const;

/** The facts the status is derived from, as a log holds them. */
export function logFactsOf(doc: StatusFields): LogFacts {
  const stages = doc.timeline ?? {};
  return {
    // A refusal at the edge has no intake message: its rejection carries the request.
    requestLogged: stages.received !== undefined || stages.rejected?.service === 'gateway',
    normalized: stages.normalized !== undefined,
    rejection: doc.rejection?.reason,
    plan: doc.plan,
    actionStatuses: Object.values(doc.actions ?? {})
      .map((a) => a.status ?? 'pending')
      .filter((s) => s !== 'skipped'),
    ...(doc.failure ? { failure: doc.failure.reason } : {}),
  };
}
