import type { MessageOf } from '@inlet/contracts';
import { deriveStatus } from '@inlet/domain/logs';
import { applyLogUpdate, KnownLogs } from './known-logs';
import { logFactsOf } from './log-facts';
import { projectStage } from './project-stage';

const head = { messageId: '00000000-0000-4000-8000-000000000001', eventId: 'evt_1', sourceEnvironmentId: 'env_1', sourceKey: 'tasks', environment: 'development', producedAt: '2026-05-01T10:00:01.000Z' };
const intake = projectStage('intakeReceived', {
  ...head,
  payload: { receivedAt: '2026-05-01T10:00:00.000Z', contentType: 'application/json', headers: {}, bodyBase64: Buffer.from('{}').toString('base64'), verification: 'none', sensitiveHeaders: [] },
});
const normalized = projectStage('eventNormalized', {
  ...head,
  payload: { eventType: 'task.assigned', eventTime: head.producedAt, receivedAt: head.producedAt, timeSource: 'ingestion', body: {}, headers: {}, verification: 'none', idempotency: { outcome: 'disabled' } },
});
const mapped = (planned: MessageOf<'eventMapped'>['payload']['planned']) => projectStage('eventMapped', { ...head, payload: { eventType: 'task.assigned', planned, skipped: [] } });
const action = { actionId: 'evt_1:m1', mappingId: 'm1', actionType: 'identify_user', position: 0, configured: {}, resolved: { user_id: 'u1' } };
const completed = projectStage('actionCompleted', { ...head, payload: { actionId: 'evt_1:m1', mappingId: 'm1', actionType: 'identify_user', result: { id: 'u1' }, completedAt: head.producedAt } });

const status = (...updates: ReturnType<typeof projectStage>[]) => {
  const log = updates.reduce<ReturnType<typeof applyLogUpdate> | undefined>((log, u) => applyLogUpdate(log, u), undefined);
  return deriveStatus(logFactsOf(log!));
};

describe('applyLogUpdate', () => {
  it('derives, from the stages written one after the other, the status the stored log would have', () => {
    expect(status(intake)).toBe('pending');
    expect(status(intake, normalized)).toBe('pending');
    expect(status(intake, normalized, mapped([]))).toBe('no_mappings');
    expect(status(normalized, mapped([]), intake)).toBe('no_mappings');
    expect(status(intake, normalized, mapped([action]))).toBe('pending');
    expect(status(intake, completed, normalized, mapped([action]))).toBe('processed');
  });

  it('counts the versions, keeps the head a stage inserts, and leaves the log it started from as it was', () => {
    const first = applyLogUpdate(undefined, normalized);
    expect(first).toMatchObject({ _id: 'evt_1', status: 'pending', sourceKey: 'tasks', version: 1, timeline: { normalized: expect.any(Object) } });
    const second = applyLogUpdate(first, completed);
    expect(second).toMatchObject({ version: 2, actions: { m1: { status: 'success' } }, timeline: { normalized: expect.any(Object), 'action:m1': expect.any(Object) } });
    expect(first.timeline).not.toHaveProperty('action:m1');
    expect(first.actions).toEqual({});
    // Only what the status is derived from: the request and its body are not kept.
    expect(applyLogUpdate(undefined, intake)).not.toHaveProperty('request');
  });
});

describe('KnownLogs', () => {
  const log = (id: string, s: 'pending' | 'processed' = 'pending') => ({ ...applyLogUpdate(undefined, { ...intake, eventId: id }), status: s });

  it('forgets the logs remembered longest ago beyond its capacity, and a log once it is final', () => {
    const known = new KnownLogs(2);
    known.remember(log('a'));
    known.remember(log('b'));
    known.remember(log('a'));
    known.remember(log('c'));
    expect(['a', 'b', 'c'].map((id) => known.get(id) !== undefined)).toEqual([true, false, true]);
    known.remember(log('a', 'processed'));
    expect(known.get('a')).toBeUndefined();
  });
});
