import type { LogFacts } from './derive-status';
import { failedOnlyByStall, stallOf } from './describe-stall';

const facts = (partial: Partial<LogFacts>): LogFacts => ({ requestLogged: true, normalized: true, actionStatuses: [], ...partial });
const now = new Date('2026-05-01T10:10:00.000Z');
const MIN = 60_000;

describe('failedOnlyByStall', () => {
  it.each<[string, Partial<LogFacts>, boolean]>([
    ['stalled, still waiting', { normalized: false, failure: 'stalled' }, true],
    ['stalled, then every outcome arrived', { plan: { planned: 1, skipped: [] }, actionStatuses: ['failed'], failure: 'stalled' }, false],
    ['dead-lettered', { normalized: false, failure: 'dead_lettered' }, false],
    ['not failed at all', { normalized: false }, false],
  ])('%s → %s', (_case, partial, expected) => {
    expect(failedOnlyByStall(facts(partial))).toBe(expected);
  });
});

describe('stallOf (the sweeper picks a log)', () => {
  it.each<[string, Partial<LogFacts>, { lastStage: string; waitingFor: RegExp }]>([
    ['received, never verified', { normalized: false }, { lastStage: 'received', waitingFor: /verifier/ }],
    ['normalized, never planned', {}, { lastStage: 'normalized', waitingFor: /mapping-engine/ }],
    ['planned, no outcome', { plan: { planned: 2, skipped: [] } }, { lastStage: 'mapped', waitingFor: /action-executor \(2 of 2/ }],
    ['one of two outcomes', { plan: { planned: 2, skipped: [] }, actionStatuses: ['success'] }, { lastStage: 'action_executed', waitingFor: /1 of 2/ }],
    ['stages without the intake', { requestLogged: false, plan: { planned: 0, skipped: [] } }, { lastStage: 'normalized', waitingFor: /request/ }],
  ])('a log %s past the threshold, saying why', (_name, partial, expected) => {
    const stall = stallOf(facts(partial), new Date(now.getTime() - 11 * MIN), now, 10 * MIN);
    expect(stall).toEqual({ lastStage: expected.lastStage, waitingFor: expect.stringMatching(expected.waitingFor) });
  });

  it.each<[string, Partial<LogFacts>, number]>([
    ['pending, but younger than the threshold', { normalized: false }, 9],
    ['final on its own', { plan: { planned: 0, skipped: [] } }, 60],
    ['already failed by a dead letter', { normalized: false, failure: 'dead_lettered' }, 60],
    ['already marked stalled by another replica', { normalized: false, failure: 'stalled' }, 60],
  ])('leaves a log %s', (_name, partial, minutesAgo) => {
    expect(stallOf(facts(partial), new Date(now.getTime() - minutesAgo * MIN), now, 10 * MIN)).toBeNull();
  });
});
