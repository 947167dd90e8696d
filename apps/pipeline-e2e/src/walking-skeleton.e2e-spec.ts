import { waitFor } from '@inlet/testing';
import { SERVICES, startStack, type Stack } from './stack';

jest.setTimeout(180_000);

type Log = {
  id: string;
  status: string;
  trace_id: string | null;
  event_type: string | null;
  timeline: { stage: string; service: string }[];
  actions: { action_type: string; status: string; resolved: Record<string, unknown>; result: Record<string, unknown> | null }[];
  request: { body: unknown };
};

describe('one event through every service', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack('skeleton');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const finalLog = (id: string, status: string) => stack.log<Log>(id, (log) => log.status === status);

  it('accepts a webhook, identifies its user, triggers its welcome workflow and logs every stage', async () => {
    const payload = { type: 'user.signed_up', data: { user: { id: 'user_42', email: 'ada@example.com', name: 'Ada Lovelace' } } };
    const answer = await stack.send(stack.demoToken, JSON.stringify(payload));
    expect(answer.status).toBe(202);
    const id = String(answer.body.id);

    const log = await finalLog(id, 'processed');
    expect(log.event_type).toBe('user.signed_up');
    expect(log.request.body).toEqual(payload);
    expect(log.timeline.map((t) => t.stage)).toEqual(['received', 'normalized', 'mapped', 'action_executed', 'action_executed']);
    expect(log.actions).toEqual([
      expect.objectContaining({
        action_type: 'identify_user',
        status: 'success',
        resolved: { id: 'user_42', email: 'ada@example.com', name: 'Ada Lovelace' },
        result: { user_id: 'user_42' },
      }),
      expect.objectContaining({
        action_type: 'trigger_workflow',
        status: 'success',
        resolved: { key: 'welcome', recipients: [{ kind: 'user', id: 'user_42' }], data: { email: 'ada@example.com' } },
        result: { workflow: 'welcome', workflow_run_ids: [expect.any(String)] },
      }),
    ]);

    const user = await stack.api('/v1/users/user_42?environment=development');
    expect(user).toEqual({ status: 200, body: expect.objectContaining({ id: 'user_42', email: 'ada@example.com', name: 'Ada Lovelace' }) });
    const runs = await stack.api(`/v1/workflow-runs?environment=development&event_id=${id}`);
    expect(runs.body.entries).toEqual([expect.objectContaining({ workflow: 'welcome', recipient: { kind: 'user', id: 'user_42' }, data: { email: 'ada@example.com' }, status: 'pending' })]);
  });

  it('follows the event in one trace across gateway, verifier, mapping-engine, executor and event-log, named by its log', async () => {
    const answer = await stack.send(stack.demoToken, JSON.stringify({ type: 'user.signed_up', data: { user: { id: 'user_trace' } } }));
    const id = String(answer.body.id);
    const log = await finalLog(id, 'processed');

    const spans = await waitFor('spans of the event from every service', () => {
      const own = stack.spans.filter((s) => s.attributes['inlet.event_id'] === id);
      const services = new Set(own.map((s) => s.service));
      return ['gateway', 'verifier', 'mapping-engine', 'action-executor', 'event-log'].every((s) => services.has(s)) ? own : undefined;
    });
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    const gatewayRoot = stack.spans.find((s) => s.service === 'gateway' && s.traceId === spans[0].traceId && !s.parentSpanId);
    expect(gatewayRoot).toBeDefined();
    // The log names the trace the receiver collected, so an SRE can go from one to the other.
    expect(log.trace_id).toBe(spans[0].traceId);
  });

  it('logs an event whose type does not resolve as an invalid path, and goes no further', async () => {
    const answer = await stack.send(stack.demoToken, JSON.stringify({ data: { user: { id: 'nobody' } } }));
    expect(answer.status).toBe(202);
    const id = String(answer.body.id);
    const log = await finalLog(id, 'invalid_path');
    expect(log.timeline.map((t) => t.stage)).toEqual(['received', 'rejected']);
    expect(log.actions).toEqual([]);

    const line = stack.services.verifier.jsonLines().find((l) => l.eventId === id);
    expect(line).toEqual(expect.objectContaining({ trace_id: expect.stringMatching(/^[0-9a-f]{32}$/), source: 'demo', reason: 'invalid_path' }));
  });

  it('answers 404 for an unknown endpoint and 400 naming the body for invalid JSON', async () => {
    expect(await stack.send('not-a-token', '{}')).toEqual(expect.objectContaining({ status: 404, body: { error: expect.objectContaining({ code: 'endpoint_not_found' }) } }));
    const bad = await stack.send(stack.demoToken, '{"type": ');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: { code: 'invalid_json', message: expect.stringMatching(/^body: /) } });
  });

  it('refuses the api without its key', async () => {
    const res = await fetch(`${stack.services.api.url}/v1/logs/x`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: expect.objectContaining({ code: 'unauthenticated' }) });
  });

  it('creates an API key shown once, accepts it, and refuses it once revoked', async () => {
    const created = await stack.api('/v1/api-keys', { method: 'POST', body: { name: 'ci' } });
    expect(created.status).toBe(201);
    const key = String(created.body.key);
    const withKey = (k: string) => fetch(`${stack.services.api.url}/v1/sources`, { headers: { authorization: `Bearer ${k}` } });
    expect((await withKey(key)).status).toBe(200);

    const listed = await stack.api('/v1/api-keys');
    expect(listed.body.entries).toEqual([expect.objectContaining({ id: created.body.id, name: 'ci', prefix: key.slice(0, 12), revoked_at: null })]);
    expect(JSON.stringify(listed.body)).not.toContain(key);

    expect((await stack.api(`/v1/api-keys/${String(created.body.id)}`, { method: 'DELETE' })).status).toBe(204);
    const refused = await withKey(key);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: { code: 'unauthenticated', message: 'The API key was revoked.' } });
    expect((await stack.api('/v1/api-keys/nope', { method: 'DELETE' })).status).toBe(404);
  });

  it('rehearses a test event through the real pipeline and answers with its outcome', async () => {
    const path = '/v1/sources/demo/environments/development/rehearse';
    const body = { type: 'user.signed_up', data: { user: { id: 'user_rehearsed', email: 'r@example.com' } } };
    const answer = await stack.api(`${path}?wait=true`, { method: 'POST', body: { body, headers: { 'X-Request-Source': 'test' } } });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual(
      expect.objectContaining({ id: expect.any(String), status: 'processed', log: expect.objectContaining({ event_type: 'user.signed_up', actions: [expect.objectContaining({ status: 'success' }), expect.objectContaining({ status: 'success' })] }) }),
    );
    expect((await stack.api('/v1/users/user_rehearsed?environment=development')).status).toBe(200);

    expect(await stack.api('/v1/sources/demo/environments/production/rehearse', { method: 'POST', body: { body } })).toEqual({
      status: 403,
      body: { error: expect.objectContaining({ code: 'rehearse_not_allowed' }) },
    });
    expect((await stack.api(path, { method: 'POST', body: { headers: {} } })).body).toEqual({ error: { code: 'invalid_request', message: expect.stringMatching(/^body: /) } });
  });

  it('stops every service cleanly on SIGTERM', async () => {
    const results = await Promise.all(SERVICES.map((s) => stack.services[s].stop('SIGTERM')));
    expect(results).toEqual(SERVICES.map(() => ({ code: 0, signal: null })));
  });
});
