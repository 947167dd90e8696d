import { randomUUID } from 'node:crypto';
import type { MessageOf } from '@inlet/contracts';
import { waitFor } from '@inlet/testing';
import { startStack, type Stack } from './stack';

jest.setTimeout(240_000);

type Action = { mapping_id: string; action_type: string; status: string; reason: string | null };
type Log = {
  id: string;
  status: string;
  event_type: string | null;
  rejection: { reason: string } | null;
  failure: { reason: string; stage: { topic: string; consumer_group: string | null } | null; code: string; message: string } | null;
  redrive: { attempt: number; requested_by: string } | null;
  timeline: { stage: string; service: string; detail?: string }[];
  actions: Action[];
};
type Run = { id: string; workflow: string };

/** Dead letters and re-drives: every accepted event reaches a final status, and a failed one can be sent again. */
describe('dead letters, re-drive and a verifier that trusts the edge', () => {
  let stack: Stack;
  let endpoint: string;

  beforeAll(async () => {
    stack = await startStack('redrive');
    expect((await stack.api('/v1/workflows', { method: 'POST', body: { key: 'greeting', name: 'Greeting' } })).status).toBe(201);
    await stack.api('/v1/sources', { method: 'POST', body: { key: 'crm', name: 'CRM' } });
    const env = await stack.api('/v1/sources/crm/environments/development', { method: 'PATCH', body: { event_type_path: 'type' } });
    endpoint = String(env.body.endpoint);
    for (const key of ['greeting', 'onboarding']) {
      const mapping = await stack.api('/v1/sources/crm/environments/development/mappings', {
        method: 'POST',
        body: { event_type: 'user.created', action_type: 'trigger_workflow', params: { key: { literal: key }, recipients: { path: 'user.id' } } },
      });
      expect(mapping.status).toBe(201);
    }
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const runsOf = async (eventId: string) => (await stack.api(`/v1/workflow-runs?environment=development&event_id=${eventId}`)).body.entries as Run[];
  const logs = 'sources/crm/environments/development/logs';

  it('re-drives a partially failed event once its cause is fixed: processed, the run that succeeded not made twice', async () => {
    // The onboarding workflow does not exist yet: its trigger fails, the greeting trigger runs.
    const log = await waitFor('both mappings to reach the pipeline', async () => {
      const answer = await stack.send(endpoint, JSON.stringify({ type: 'user.created', user: { id: `u_${randomUUID()}` } }));
      expect(answer.status).toBe(202);
      const l = await stack.log<Log>(String(answer.body.id));
      return l.actions.length === 2 ? l : undefined;
    });
    expect(log.status).toBe('partially_failed');
    expect(log.actions.find((a) => a.status === 'failed')?.reason).toMatch(/^workflow_missing/);
    expect((await runsOf(log.id)).map((r) => r.workflow)).toEqual(['greeting']);

    expect((await stack.api('/v1/workflows', { method: 'POST', body: { key: 'onboarding', name: 'Onboarding' } })).status).toBe(201);
    // The executor sees the new workflow through the config topic: re-drive until an attempt succeeds.
    const redriven = await waitFor('a re-drive that finds the onboarding workflow', async () => {
      const current = await stack.log<Log>(log.id);
      if (current.status === 'processed') return current;
      const answer = await stack.api(`/v1/${logs}/${log.id}/redrive`, { method: 'POST' });
      expect(answer.status).toBe(202);
      const attempt = Number(answer.body.attempt);
      await stack.log<Log>(log.id, (b) => (b.redrive as Log['redrive'])?.attempt === attempt && b.status !== 'pending');
      return undefined;
    }, 60_000, 200);
    expect(redriven.actions.map((a) => a.status)).toEqual(['success', 'success']);
    expect(redriven.redrive).toEqual(expect.objectContaining({ requested_by: 'bootstrap' }));
    expect(redriven.timeline.filter((t) => t.stage === 'redriven').length).toBeGreaterThanOrEqual(1);
    expect((await runsOf(log.id)).map((r) => r.workflow).sort()).toEqual(['greeting', 'onboarding']);

    const again = await stack.api(`/v1/${logs}/${log.id}/redrive`, { method: 'POST' });
    expect(again).toEqual({ status: 409, body: { error: { code: 'not_redrivable', message: expect.stringContaining('processed') } } });
  });

  it('ends an accepted event whose stage was dead-lettered as failed, naming the stage and the reason', async () => {
    const eventId = randomUUID();
    const head = { messageId: randomUUID(), eventId, sourceEnvironmentId: 'crm.development', sourceKey: 'crm', environment: 'development', producedAt: new Date().toISOString() };
    // A plan with one action, then that action's request in a shape the executor cannot read: it dead-letters it.
    await stack.produce('eventMapped', [
      {
        key: eventId,
        value: { ...head, payload: { eventType: 'user.created', planned: [{ actionId: `${eventId}:m1`, mappingId: 'm1', actionType: 'identify_user', position: 0, configured: {}, resolved: { id: 'u1' } }], skipped: [] } },
      },
    ]);
    await stack.produce('actionRequested', [{ key: eventId, value: { ...head, messageId: randomUUID(), payload: { actionId: `${eventId}:m1` } } as unknown as MessageOf<'actionRequested'> }]);

    const log = await stack.log<Log>(eventId);
    expect(log.status).toBe('failed');
    expect(log.failure).toEqual({
      reason: 'dead_lettered',
      stage: { topic: expect.stringMatching(/^inlet\.action\.requested\.v1/), consumer_group: expect.stringMatching(/^inlet\.action-executor/) },
      code: 'contract_violation',
      message: expect.stringContaining('payload'),
      last_stage: null,
      waiting_for: null,
      at: expect.any(String),
    });
    expect(log.timeline).toEqual(expect.arrayContaining([expect.objectContaining({ stage: 'dead_lettered', service: 'action-executor' })]));
    // Nothing of the request was kept: there is nothing to send again.
    const redrive = await stack.api(`/v1/${logs}/${eventId}/redrive`, { method: 'POST' });
    expect(redrive).toEqual({ status: 409, body: { error: { code: 'body_not_kept', message: expect.stringContaining('no request was logged') } } });
  });

  it('keeps the final status an event reached on its own when a later message of it is dead-lettered', async () => {
    const answer = await stack.send(endpoint, JSON.stringify({ type: 'order.paid' }));
    const done = await stack.log<Log>(String(answer.body.id));
    expect(done.status).toBe('no_mappings');
    const head = { messageId: randomUUID(), eventId: done.id, sourceEnvironmentId: 'crm.development', sourceKey: 'crm', environment: 'development', producedAt: new Date().toISOString() };
    await stack.produce('actionRequested', [{ key: done.id, value: { ...head, payload: {} } as unknown as MessageOf<'actionRequested'> }]);
    const marked = await stack.log<Log>(done.id, (b) => b.failure !== null);
    expect(marked.status).toBe('no_mappings');
  });

  it('re-drives the failed events that match a filter, and says which it could not', async () => {
    const answer = await stack.api(`/v1/${logs}/redrive`, { method: 'POST', body: { status: ['failed'], reason: 'dead_lettered', limit: 10 } });
    expect(answer.status).toBe(202);
    expect(answer.body.redriven).toEqual([]);
    expect(answer.body.skipped).toEqual([expect.objectContaining({ code: 'body_not_kept' })]);
    const bad = await stack.api(`/v1/${logs}/redrive`, { method: 'POST', body: { status: ['processed'] } });
    expect(bad).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining('status.0') } } });
  });

  it('waits for a source environment the verifier has not seen yet instead of rejecting the event', async () => {
    const eventId = randomUUID();
    const now = new Date().toISOString();
    // As the gateway would publish it for an environment created a moment ago, before the verifier's view has it.
    await stack.produce('intakeReceived', [
      {
        key: 'later.development',
        value: {
          messageId: randomUUID(),
          eventId,
          sourceEnvironmentId: 'later.development',
          sourceKey: 'later',
          environment: 'development',
          producedAt: now,
          payload: { receivedAt: now, contentType: 'application/json', headers: {}, bodyBase64: Buffer.from('{"type":"lead.created"}').toString('base64'), verification: 'none', sensitiveHeaders: [] },
        },
      },
    ]);
    await waitFor('the verifier to retry', () => (stack.services.verifier.lines.some((l) => l.includes('source_environment_unseen')) ? true : undefined));
    expect((await stack.log<Log>(eventId, () => true)).status).toBe('pending');

    expect((await stack.api('/v1/sources', { method: 'POST', body: { key: 'later', name: 'Later' } })).status).toBe(201);
    const log = await stack.log<Log>(eventId);
    expect(log).toEqual(expect.objectContaining({ status: 'no_mappings', event_type: 'lead.created', rejection: null }));
  });
});
