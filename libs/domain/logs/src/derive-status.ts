import type { ActionLogStatus, LogFailureReason, LogStatus, RejectionReason, SkipReason } from '@inlet/contracts';

/** What the projection knows about one event so far; stages may arrive in any order. */
export type LogFacts = {
  /** The request itself is logged: the gateway's intake, or a refusal at the edge that carries it. */
  requestLogged: boolean;
  /** The verifier's normalized event (type, time, idempotency) is logged. */
  normalized: boolean;
  rejection?: RejectionReason;
  /** Set once the mapping-engine's plan is known. */
  plan?: { planned: number; skipped: readonly SkipReason[] };
  /** Outcomes of planned actions seen so far. */
  actionStatuses: readonly ActionLogStatus[];
  /** A stage dead-lettered the event, or the sweeper found it stalled. */
  failure?: LogFailureReason;
};

const REJECTION_STATUS: Record<RejectionReason, LogStatus> = {
  invalid_json: 'invalid_json',
  too_large: 'too_large',
  invalid_event: 'invalid_event',
  unsupported_media_type: 'unsupported_media_type',
  invalid_path: 'invalid_path',
  signature_missing: 'signature_missing',
  signature_invalid: 'signature_invalid',
  duplicate: 'duplicate',
  source_deleted: 'failed',
};

/**
 * The event's status from its facts. A status is final only once the log holds every stage that
 * leads to it: stages arrive from several topics in any order, and a plan can be projected before
 * the normalized event it was made from. Skips for bad data (missing field, type mismatch, over a
 * limit) count as failures; inactive mappings count as absent. A dead letter or a stall ends an
 * event that would otherwise wait forever as `failed`; one that reached a final status on its own
 * keeps it (a dead-lettered announcement after the event was processed changes nothing).
 */
export function deriveStatus(facts: LogFacts): LogStatus {
  const own = deriveOwnStatus(facts);
  return own === 'pending' && facts.failure ? 'failed' : own;
}

function deriveOwnStatus(facts: LogFacts): LogStatus {
  if (!facts.requestLogged) return 'pending';
  if (facts.rejection) return REJECTION_STATUS[facts.rejection];
  if (!facts.normalized || !facts.plan) return 'pending';
  const problems = facts.plan.skipped.filter((reason) => reason !== 'inactive').length;
  if (facts.plan.planned === 0 && problems === 0) return 'no_mappings';
  const done = facts.actionStatuses.filter((s) => s === 'success' || s === 'failed');
  if (done.length < facts.plan.planned) return 'pending';
  const failures = problems + done.filter((s) => s === 'failed').length;
  const successes = done.length - done.filter((s) => s === 'failed').length;
  if (failures === 0) return 'processed';
  return successes === 0 ? 'failed' : 'partially_failed';
}
