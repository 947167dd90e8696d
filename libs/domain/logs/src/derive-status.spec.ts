import { deriveStatus, type LogFacts } from './derive-status';

const facts = (partial: Partial<LogFacts>): LogFacts => ({ requestLogged: true, normalized: true, actionStatuses: [], ...partial });

describe('deriveStatus', () => {
  it.each<[string, Partial<LogFacts>, string]>([
    ['nothing but the intake', { normalized: false }, 'pending'],
    ['a plan projected before the normalized event it was made from', { normalized: false, plan: { planned: 0, skipped: [] } }, 'pending'],
    ['a verifier rejection projected before the intake', { requestLogged: false, normalized: false, rejection: 'invalid_path' }, 'pending'],
    ['every outcome, but not yet the intake', { requestLogged: false, plan: { planned: 1, skipped: [] }, actionStatuses: ['success'] }, 'pending'],
    ['a rejection, whatever else arrived', { rejection: 'duplicate', plan: { planned: 1, skipped: [] } }, 'duplicate'],
    ['an invalid path', { rejection: 'invalid_path' }, 'invalid_path'],
    ['a source deleted while its event was in flight', { rejection: 'source_deleted' }, 'failed'],
    ['no mappings', { plan: { planned: 0, skipped: [] } }, 'no_mappings'],
    ['only inactive mappings', { plan: { planned: 0, skipped: ['inactive'] } }, 'no_mappings'],
    ['actions still running', { plan: { planned: 2, skipped: [] }, actionStatuses: ['success'] }, 'pending'],
    ['an outcome before its plan', { actionStatuses: ['success'] }, 'pending'],
    ['every action succeeded', { plan: { planned: 2, skipped: ['inactive'] }, actionStatuses: ['success', 'success'] }, 'processed'],
    ['one success, one failure', { plan: { planned: 2, skipped: [] }, actionStatuses: ['success', 'failed'] }, 'partially_failed'],
    ['one success, one skip for a missing field', { plan: { planned: 1, skipped: ['missing_field'] }, actionStatuses: ['success'] }, 'partially_failed'],
    ['every action failed', { plan: { planned: 1, skipped: [] }, actionStatuses: ['failed'] }, 'failed'],
    ['the only mapping skipped for a type mismatch', { plan: { planned: 0, skipped: ['type_mismatch'] } }, 'failed'],
    ['a stage dead-lettered before the plan', { plan: undefined, failure: 'dead_lettered' }, 'failed'],
    ['a dead-lettered intake never logged', { requestLogged: false, normalized: false, failure: 'dead_lettered' }, 'failed'],
    ['an action dead-lettered while another succeeded', { plan: { planned: 2, skipped: [] }, actionStatuses: ['success'], failure: 'dead_lettered' }, 'failed'],
    ['a dead letter after the event was processed on its own', { plan: { planned: 1, skipped: [] }, actionStatuses: ['success'], failure: 'dead_lettered' }, 'processed'],
    ['a dead letter after a rejection', { rejection: 'duplicate', failure: 'dead_lettered' }, 'duplicate'],
    ['a stalled log whose last action arrived late', { plan: { planned: 1, skipped: [] }, actionStatuses: ['failed'], failure: 'stalled' }, 'failed'],
    ['a stalled log', { normalized: false, failure: 'stalled' }, 'failed'],
  ])('%s → %s', (_name, partial, status) => {
    expect(deriveStatus(facts(partial))).toBe(status);
  });
});
