import { waitFor } from '@inlet/testing';
import { startStack, type Stack } from './stack';

jest.setTimeout(300_000);

type Action = { action_type: string; trigger_id: string | null; status: string; reason: string | null; resolved: Record<string, unknown> | null; result: Record<string, unknown> | null };
type Log = { id: string; status: string; event_type: string | null; actions: Action[]; rejection: { reason: string; field?: string } | null; idempotency: { outcome: string } | null };
type Run = { id: string; workflow: string; recipient: { id: string }; data: Record<string, unknown> };

/** The seed's legacy HTTP source: Segment track events that trigger workflows. */
describe('legacy HTTP source', () => {
  let stack: Stack;
  const endpoint: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack('legacy');
    for (const key of ['onboarding', 'sales-alert', 'daily-digest']) await stack.api('/v1/workflows', { method: 'POST', body: { key, name: key } });
    const created = await stack.api('/v1/sources', { method: 'POST', body: { key: 'app', name: 'Product events', type: 'legacy_http' } });
    expect(created.body).toEqual(expect.objectContaining({ key: 'app', type: 'legacy_http' }));
    for (const env of ['development', 'production']) endpoint[env] = String((await stack.api(`/v1/sources/app/environments/${env}`)).body.endpoint);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const post = async (url: string, body: string, contentType = 'application/json') => {
    const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': contentType } });
    const text = await res.text();
    return { status: res.status, logId: res.headers.get('x-inlet-log-id'), body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  };
  const finalLog = (id: string) => stack.log<Log>(id);
  const track = (event: string, fields: Record<string, unknown> = {}) => ({ type: 'track', event, userId: 'user_1', ...fields });
  /** Sends until the event's log shows what the test expects: triggers reach the engine through the config topic. */
  const deliver = (env: string, event: unknown, ready: (log: Log) => boolean) =>
    waitFor(`a track event handled as expected in ${env}`, async () => {
      const answer = await post(endpoint[env], JSON.stringify(event));
      expect(answer).toEqual({ status: 204, logId: expect.any(String), body: null });
      const log = await finalLog(String(answer.logId));
      return ready(log) ? log : undefined;
    });
  const runsOf = async (env: string, eventId: string) => (await stack.api(`/v1/workflow-runs?environment=${env}&event_id=${eventId}`)).body.entries as Run[];
  const trigger = async (workflow: string, body: Record<string, unknown>) => {
    const res = await stack.api(`/v1/workflows/${workflow}/triggers`, { method: 'POST', body });
    expect(res.status).toBe(201);
    return res.body as { id: string; status: Record<string, string> };
  };

  it('reads Segment track events: type at event, time at timestamp, messageId the idempotency key; those are fixed', async () => {
    const settings = (await stack.api('/v1/sources/app/environments/development')).body.settings;
    expect(settings).toEqual(expect.objectContaining({ event_type_path: 'event', timestamp_path: 'timestamp', idempotency: { enabled: true, key_path: 'messageId', window_seconds: 86_400 } }));
    const patched = await stack.api('/v1/sources/app/environments/development', { method: 'PATCH', body: { event_type_path: 'name' } });
    expect(patched).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining('event_type_path') } } });
  });

  it('answers a track event 204 and triggers a workflow run whose data are its properties', async () => {
    const created = await trigger('onboarding', { source: 'app', event: 'Signed Up' });
    expect(created.status).toEqual({ development: 'active', production: 'active' });
    const log = await deliver('development', track('Signed Up', { properties: { plan: 'pro', seats: 3 }, timestamp: '2026-11-01T10:00:00Z' }), (l) => l.actions.length === 1);
    expect(log).toEqual(expect.objectContaining({ status: 'processed', event_type: 'Signed Up' }));
    expect(log.actions).toEqual([
      expect.objectContaining({ action_type: 'trigger_workflow', trigger_id: created.id, status: 'success', resolved: { key: 'onboarding', recipients: [{ kind: 'user', id: 'user_1' }], data: { plan: 'pro', seats: 3 } } }),
    ]);
    expect(await runsOf('development', log.id)).toEqual([expect.objectContaining({ workflow: 'onboarding', recipient: expect.objectContaining({ id: 'user_1' }), data: { plan: 'pro', seats: 3 } })]);
  });

  it('keeps firing a trigger in development once it is set inactive in production, and logs it as considered there', async () => {
    const { id } = await trigger('onboarding', { source: 'app', event: 'Trial Started' });
    const patched = await stack.api(`/v1/workflows/onboarding/triggers/${id}`, { method: 'PATCH', body: { status: { production: 'inactive' } } });
    expect(patched.body).toEqual(expect.objectContaining({ status: { development: 'active', production: 'inactive' } }));

    const production = await deliver('production', track('Trial Started'), (l) => l.actions[0]?.status === 'skipped');
    expect(production.actions).toEqual([expect.objectContaining({ trigger_id: id, status: 'skipped', reason: 'mapping is inactive' })]);
    expect(await runsOf('production', production.id)).toEqual([]);

    const development = await deliver('development', track('Trial Started'), (l) => l.actions.length === 1);
    expect(development.actions).toEqual([expect.objectContaining({ trigger_id: id, status: 'success' })]);
    expect(await runsOf('development', development.id)).toHaveLength(1);

    await stack.api(`/v1/workflows/onboarding/triggers/${id}`, { method: 'PATCH', body: { status: { production: 'active' } } });
    const again = await deliver('production', track('Trial Started'), (l) => l.actions[0]?.status === 'success');
    expect(await runsOf('production', again.id)).toHaveLength(1);
  });

  it('triggers two workflows from one event, each run logged', async () => {
    const alert = await trigger('sales-alert', { source: 'app', event: 'Order Completed', mapping: { recipients: 'data.account_manager', data: { total: 'data.total' } } });
    const digest = await trigger('daily-digest', { source: 'app', event: 'Order Completed' });
    const log = await deliver('development', track('Order Completed', { properties: { total: 99, account_manager: 'am_1' } }), (l) => l.actions.length === 2);
    expect(log.status).toBe('processed');
    expect(log.actions.map((a) => [a.trigger_id, a.status]).sort()).toEqual([[alert.id, 'success'], [digest.id, 'success']].sort());
    const runs = await runsOf('development', log.id);
    expect(runs.map((r) => [r.workflow, r.recipient.id, r.data]).sort()).toEqual(
      [
        ['daily-digest', 'user_1', { total: 99, account_manager: 'am_1' }],
        ['sales-alert', 'am_1', { total: 99 }],
      ].sort(),
    );
  });

  it('runs a repeated messageId once', async () => {
    const event = track('Signed Up', { messageId: 'msg-0001', userId: 'user_once' });
    const first = await deliver('development', event, (l) => l.idempotency?.outcome === 'claimed');
    const second = await finalLog(String((await post(endpoint.development, JSON.stringify(event))).logId));
    expect(second).toEqual(expect.objectContaining({ status: 'duplicate', actions: [] }));
    const runs = (await stack.api('/v1/workflow-runs?environment=development&workflow=onboarding&recipient=user_once')).body.entries as Run[];
    expect(runs).toHaveLength(1);
    expect(await runsOf('development', first.id)).toEqual(runs);
  });

  it.each([
    ['no type', { event: 'Signed Up', userId: 'u' }, 'type'],
    ['an identify call', { type: 'identify', userId: 'u', traits: {} }, 'type'],
    ['no event', { type: 'track', userId: 'u' }, 'event'],
    ['properties that are not an object', { type: 'track', event: 'A', userId: 'u', properties: 'plan=pro' }, 'properties'],
    ['neither userId nor anonymousId', { type: 'track', event: 'A' }, 'userId'],
    ['a messageId over 100 characters', { type: 'track', event: 'A', userId: 'u', messageId: 'm'.repeat(101) }, 'messageId'],
    ['a timestamp that is not ISO-8601', { type: 'track', event: 'A', userId: 'u', timestamp: 'yesterday' }, 'timestamp'],
  ])('answers 400 naming the field for %s, and logs it', async (_case, body, field) => {
    const answer = await post(endpoint.development, JSON.stringify(body));
    expect(answer).toEqual({ status: 400, logId: expect.any(String), body: { error: { code: 'invalid_event', message: expect.stringMatching(new RegExp(`^${field}`)) } } });
    expect(await finalLog(String(answer.logId))).toEqual(expect.objectContaining({ status: 'invalid_event', rejection: expect.objectContaining({ reason: 'invalid_event', field }) }));
  });

  it('answers 415 to a body that is not declared as JSON', async () => {
    const answer = await post(endpoint.development, JSON.stringify(track('Signed Up')), 'text/plain');
    expect(answer).toEqual({ status: 415, logId: expect.any(String), body: { error: { code: 'unsupported_media_type', message: expect.any(String) } } });
    expect((await finalLog(String(answer.logId))).status).toBe('unsupported_media_type');
  });

  it('takes a batch: each item validated, processed and logged on its own', async () => {
    const items = [track('Signed Up', { userId: 'batch_1' }), { type: 'track', userId: 'batch_2' }, track('Signed Up', { userId: 'batch_3' })];
    const answer = await post(`${endpoint.development}/batch`, JSON.stringify({ batch: items }));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      accepted: 2,
      rejected: 1,
      items: [
        { index: 0, status: 'accepted', id: expect.any(String) },
        { index: 1, status: 'rejected', id: expect.any(String), error: { code: 'invalid_event', message: expect.stringMatching(/^event/) } },
        { index: 2, status: 'accepted', id: expect.any(String) },
      ],
    });
    const [first, bad, third] = await Promise.all((answer.body!.items as { id: string }[]).map((item) => finalLog(item.id)));
    expect(bad.status).toBe('invalid_event');
    for (const [log, user] of [[first, 'batch_1'], [third, 'batch_3']] as const) {
      expect(log.status).toBe('processed');
      expect((await runsOf('development', log.id)).map((r) => r.recipient.id)).toEqual([user]);
    }
    expect((await post(`${endpoint.development}/batch`, JSON.stringify({ events: [] }))).status).toBe(400);
  });

  it('refuses a trigger on a custom source or with a malformed path', async () => {
    await stack.api('/v1/sources', { method: 'POST', body: { key: 'hooks', name: 'Hooks' } });
    const custom = await stack.api('/v1/workflows/onboarding/triggers', { method: 'POST', body: { source: 'hooks', event: 'x' } });
    expect(custom).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining('source') } } });
    const malformed = await stack.api('/v1/workflows/onboarding/triggers', { method: 'POST', body: { source: 'app', event: 'x', mapping: { recipients: 'data..owner' } } });
    expect(malformed).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining('mapping.recipients') } } });
  });

  it('leaves a trigger\'s mappings to the trigger', async () => {
    const { id } = await trigger('daily-digest', { source: 'app', event: 'Report Ready' });
    const listed = (await stack.api('/v1/sources/app/environments/development/mappings?event_type=Report%20Ready')).body.entries as { id: string; trigger_id: string }[];
    expect(listed).toEqual([expect.objectContaining({ trigger_id: id })]);
    const res = await stack.api(`/v1/sources/app/environments/development/mappings/${listed[0].id}/deactivate`, { method: 'POST' });
    expect(res).toEqual({ status: 409, body: { error: expect.objectContaining({ code: 'managed_by_trigger' }) } });
    expect((await stack.api(`/v1/workflows/daily-digest/triggers/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await stack.api('/v1/sources/app/environments/development/mappings?event_type=Report%20Ready')).body.entries).toEqual([]);
  });
});
