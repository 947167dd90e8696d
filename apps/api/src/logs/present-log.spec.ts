import type { SourceLog } from '@inlet/store/source-logs';
import { LogSchema } from './logs.schema';
import { presentLog } from './present-log';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const wire = (s: number) => at(s).toISOString();

describe('presentLog', () => {
  const log: SourceLog = {
    _id: 'evt_1',
    sourceEnvironmentId: 'env_1',
    sourceKey: 'tasks',
    environment: 'development',
    status: 'processed',
    receivedAt: at(0),
    timeline: {
      'action:m1': { stage: 'action_executed', at: at(2), service: 'action-executor' },
      mapped: { stage: 'mapped', at: at(2), service: 'mapping-engine' },
      received: { stage: 'received', at: at(0), service: 'gateway' },
    },
    actions: {
      m2: { actionId: 'evt_1:m2', mappingId: 'm2', actionType: 'trigger_workflow', position: 1, configured: {}, status: 'success', at: at(3) },
      m1: { actionId: 'evt_1:m1', mappingId: 'm1', actionType: 'identify_user', position: 0, configured: {}, at: at(3) },
    },
    version: 4,
  };

  it.each([
    ['a trace id and the tracing UI address', { ...log, traceId: 'abc123' }, 'https://ui.example/t/{trace_id}?from=inlet', 'https://ui.example/t/abc123?from=inlet'],
    ['no tracing UI address', { ...log, traceId: 'abc123' }, undefined, null],
    ['no trace id', log, 'https://ui.example/t/{trace_id}', null],
  ])('links the trace with %s', (_what, withTrace, traceUiUrl, expected) => {
    expect(presentLog(withTrace, traceUiUrl).trace_url).toBe(expected);
  });

  it('lists actions in execution order, a missing outcome as pending', () => {
    expect(presentLog(log).actions.map((a) => [a.mapping_id, a.status])).toEqual([
      ['m1', 'pending'],
      ['m2', 'success'],
    ]);
  });

  it('lists the timeline by time, then by pipeline stage', () => {
    expect(presentLog(log).timeline).toEqual([
      { stage: 'received', at: wire(0), service: 'gateway' },
      { stage: 'mapped', at: wire(2), service: 'mapping-engine' },
      { stage: 'action_executed', at: wire(2), service: 'action-executor' },
    ]);
  });

  it('names the stage and the reason of a dead letter, and the latest re-drive', () => {
    const failed: SourceLog = {
      ...log,
      status: 'failed',
      failure: { reason: 'dead_lettered', topic: 'inlet.action.requested.v1', consumerGroup: 'inlet.action-executor', code: 'unhandled_error', message: 'Error: boom', at: at(5) },
      redrive: { attempt: 1, requestedAt: at(4), requestedBy: 'bootstrap' },
    };
    expect(LogSchema.parse(presentLog(failed))).toEqual(
      expect.objectContaining({
        failure: {
          reason: 'dead_lettered',
          stage: { topic: 'inlet.action.requested.v1', consumer_group: 'inlet.action-executor' },
          code: 'unhandled_error',
          message: 'Error: boom',
          last_stage: null,
          waiting_for: null,
          at: wire(5),
        },
        redrive: { attempt: 1, requested_at: wire(4), requested_by: 'bootstrap' },
      }),
    );
  });
});
