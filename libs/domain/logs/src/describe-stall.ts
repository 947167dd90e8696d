import type { LogFacts } from './derive-status';
import { deriveStatus } from './derive-status';

/** Why a log is still pending: the last stage it reached and what it waits for. */
export type Stall = { lastStage: string; waitingFor: string };

/** The stage a pending log is stuck after, and the stage (and service) it waits for. */
export function describeStall(facts: LogFacts): Stall {
  if (!facts.requestLogged) return { lastStage: facts.normalized ? 'normalized' : 'none', waitingFor: 'the request (intake from the gateway)' };
  if (!facts.normalized && !facts.rejection) return { lastStage: 'received', waitingFor: 'the verifier (normalized or rejected event)' };
  if (!facts.plan) return { lastStage: 'normalized', waitingFor: 'the mapping-engine (plan of actions)' };
  const done = facts.actionStatuses.filter((s) => s === 'success' || s === 'failed').length;
  return {
    lastStage: done > 0 ? 'action_executed' : 'mapped',
    waitingFor: `the action-executor (${facts.plan.planned - done} of ${facts.plan.planned} action outcomes)`,
  };
}

/**
 * True when the log is `failed` only because the sweeper found it stalled: its stages may still
 * complete it, so it is not final enough to give its idempotency key back (a sender's retry could
 * then run beside it).
 */
export function failedOnlyByStall(facts: LogFacts): boolean {
  return facts.failure === 'stalled' && deriveStatus({ ...facts, failure: undefined }) === 'pending';
}

/**
 * The sweeper's verdict on one log: its stall when it is still pending (on its own, with no failure
 * recorded yet) and was received at least `afterMs` before `now`; otherwise null.
 */
export function stallOf(facts: LogFacts, receivedAt: Date, now: Date, afterMs: number): Stall | null {
  if (facts.failure || deriveStatus(facts) !== 'pending') return null;
  if (now.getTime() - receivedAt.getTime() < afterMs) return null;
  return describeStall(facts);
}
