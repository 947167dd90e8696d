import { waitFor } from '@inlet/testing';
import { startStack, type Stack } from './stack';

jest.setTimeout(180_000);

type SourceEnvironment = { endpoint: string; settings: Record<string, unknown> };

/** The seed's task-management example, configured through the management API. */
describe('sources and environments through the management API', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack('sources');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const log = (id: string, until: (body: Record<string, unknown>) => boolean) => stack.log(id, until);

  /** Sends until the gateways have seen the endpoint's latest configuration (it travels the config topic). */
  const sendOnceLive = (endpoint: string, body: unknown) =>
    waitFor(`${endpoint} to accept`, async () => {
      const answer = await stack.send(endpoint, JSON.stringify(body));
      return answer.status === 202 ? String(answer.body.id) : undefined;
    });

  it('creates a source in every environment, each with its own endpoint and default settings', async () => {
    const created = await stack.api('/v1/sources', { method: 'POST', body: { key: 'tasks', name: 'Task manager' } });
    expect(created).toEqual({ status: 201, body: expect.objectContaining({ key: 'tasks', name: 'Task manager', type: 'custom' }) });

    const dev = await stack.api('/v1/sources/tasks/environments/development');
    const prod = await stack.api('/v1/sources/tasks/environments/production');
    expect(dev.status).toBe(200);
    expect(dev.body).toEqual(
      expect.objectContaining({
        endpoint: expect.stringMatching(new RegExp(`^${stack.services.gateway.url}/integrations/receive/[A-Za-z0-9_-]{32}$`)),
        settings: { event_type_path: 'type', timestamp_path: null, max_body_bytes: 1048576, verification: { enabled: false, header: 'X-Knock-Signature' }, idempotency: { enabled: false, key_path: null, window_seconds: 86_400 } },
      }),
    );
    expect(prod.body.endpoint).not.toEqual(dev.body.endpoint);
    expect((await stack.api('/v1/sources')).body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'tasks' })]));
  });

  it('uses the configured event type and timestamp paths', async () => {
    const patched = await stack.api('/v1/sources/tasks/environments/development', { method: 'PATCH', body: { event_type_path: 'event_type', timestamp_path: 'occurred_at' } });
    expect(patched.body.settings).toEqual({ event_type_path: 'event_type', timestamp_path: 'occurred_at', max_body_bytes: 1048576, verification: { enabled: false, header: 'X-Knock-Signature' }, idempotency: { enabled: false, key_path: null, window_seconds: 86_400 } });
    const { endpoint } = patched.body as SourceEnvironment;

    const id = await sendOnceLive(endpoint, { event_type: 'task.assigned', occurred_at: '2026-03-01T12:00:00Z', data: { task_id: 't1' } });
    const first = await log(id, (b) => b.status !== 'pending');
    if (first.event_type !== 'task.assigned') {
      // The first event may have met the old settings in flight; the next one meets the new ones.
      const again = await sendOnceLive(endpoint, { event_type: 'task.assigned', occurred_at: '2026-03-01T12:00:00Z' });
      Object.assign(first, await log(again, (b) => b.status !== 'pending'));
    }
    expect(first).toEqual(expect.objectContaining({ event_type: 'task.assigned', event_time: '2026-03-01T12:00:00.000Z', time_source: 'payload', status: 'no_mappings' }));

    const missing = await stack.send(endpoint, JSON.stringify({ data: { task_id: 't2' } }));
    expect(missing.status).toBe(202);
    const invalid = await log(String(missing.body.id), (b) => b.status !== 'pending');
    expect(invalid).toEqual(expect.objectContaining({ status: 'invalid_path', rejection: expect.objectContaining({ field: 'event_type' }) }));
  });

  it('carries a body at the default 1 MiB limit through the whole pipeline, and keeps it in the log', async () => {
    const { body: env } = await stack.api('/v1/sources', { method: 'POST', body: { key: 'bulky', name: 'Bulky' } });
    const endpoint = String((await stack.api('/v1/sources/bulky/environments/development')).body.endpoint);
    const payload = { type: 'report.ready', rows: 'r'.repeat(1024 * 1024 - 64) };
    const raw = JSON.stringify(payload);
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(1024 * 1024);
    expect(env).toEqual(expect.objectContaining({ key: 'bulky' }));
    const id = await sendOnceLive(endpoint, payload);
    const logged = await log(id, (b) => b.status !== 'pending');
    expect(logged).toEqual(expect.objectContaining({ status: 'no_mappings', event_type: 'report.ready' }));
    expect((logged.request as { body: unknown }).body).toEqual(payload);
  });

  it('refuses a body over the environment limit with 413 once the limit is lowered', async () => {
    const { body } = await stack.api('/v1/sources/tasks/environments/development', { method: 'PATCH', body: { max_body_bytes: 64 } });
    const big = JSON.stringify({ event_type: 'task.assigned', padding: 'x'.repeat(200) });
    const refused = await waitFor('the lower limit to reach the gateway', async () => {
      const answer = await stack.send(String(body.endpoint), big);
      return answer.status === 413 ? answer : undefined;
    });
    expect(refused.body).toEqual({ error: expect.objectContaining({ code: 'payload_too_large' }) });
  });

  it('regenerates an endpoint: the old URL answers 404, the new one accepts', async () => {
    const before = (await stack.api('/v1/sources/tasks/environments/production')).body as SourceEnvironment;
    await sendOnceLive(before.endpoint, { type: 'x' });
    const after = await stack.api('/v1/sources/tasks/environments/production/endpoint/regenerate', { method: 'POST' });
    expect(after.status).toBe(201);
    expect(after.body.endpoint).not.toEqual(before.endpoint);
    await sendOnceLive(String(after.body.endpoint), { type: 'x' });
    expect((await stack.send(before.endpoint, '{"type":"x"}')).status).toBe(404);
  });

  it('lists an environment\'s logs newest first, filtered and paged', async () => {
    type Page = { entries: { id: string; status: string; event_type: string | null; received_at: string }[]; page_info: { next_cursor: string | null } };
    const base = '/v1/sources/tasks/environments/development/logs';
    // Refusals of earlier tests may still be projecting: read once two listings agree.
    const list = async () => (await stack.api(base)).body as unknown as Page;
    const all = await waitFor('a settled log listing', async () => {
      const [a, b] = [await list(), await list()];
      return JSON.stringify(a) === JSON.stringify(b) && a.entries.every((e) => e.status !== 'pending') ? a : undefined;
    });
    expect(all.entries.length).toBeGreaterThanOrEqual(3);
    const times = all.entries.map((e) => e.received_at);
    expect([...times].sort().reverse()).toEqual(times);

    const invalid = (await stack.api(`${base}?status=invalid_path`)).body as unknown as Page;
    expect(invalid.entries.length).toBeGreaterThanOrEqual(1);
    expect(invalid.entries.every((e) => e.status === 'invalid_path')).toBe(true);
    const typed = (await stack.api(`${base}?event_type=task.assigned`)).body as unknown as Page;
    expect(typed.entries.length).toBeGreaterThanOrEqual(1);
    expect(typed.entries.every((e) => e.event_type === 'task.assigned')).toBe(true);

    const first = (await stack.api(`${base}?limit=1`)).body as unknown as Page;
    const second = (await stack.api(`${base}?limit=1&cursor=${first.page_info.next_cursor}`)).body as unknown as Page;
    expect([first.entries[0].id, second.entries[0].id]).toEqual(all.entries.slice(0, 2).map((e) => e.id));

    const one = await stack.api(`${base}/${all.entries[0].id}`);
    expect(one.body.id).toBe(all.entries[0].id);
    expect((await stack.api(`/v1/sources/tasks/environments/production/logs/${all.entries[0].id}`)).status).toBe(404);
    expect(await stack.api(`${base}?status=done`)).toEqual({ status: 400, body: { error: expect.objectContaining({ message: expect.stringMatching(/^status: /) }) } });
  });

  it.each([
    ['an unknown field', { event_type_path: 'a', verify: true }, 'unknown field(s) verify'],
    ['a malformed path', { event_type_path: 'a..b' }, 'event_type_path: path "a..b" has an empty segment'],
    ['a limit of the wrong type', { max_body_bytes: 'big' }, 'max_body_bytes'],
  ])('answers 400 naming the field for %s', async (_name, body, message) => {
    const res = await stack.api('/v1/sources/tasks/environments/development', { method: 'PATCH', body });
    expect(res).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining(message) } } });
  });

  it('answers 409 for a duplicate key, 400 for a bad key and 404 for what does not exist', async () => {
    expect((await stack.api('/v1/sources', { method: 'POST', body: { key: 'tasks', name: 'Again' } })).body).toEqual({ error: expect.objectContaining({ code: 'source_exists' }) });
    expect(await stack.api('/v1/sources', { method: 'POST', body: { key: 'Bad Key', name: 'x' } })).toEqual({ status: 400, body: { error: expect.objectContaining({ message: expect.stringMatching(/^key: /) }) } });
    expect((await stack.api('/v1/sources/nope')).status).toBe(404);
    expect((await stack.api('/v1/sources/tasks/environments/staging')).body).toEqual({ error: expect.objectContaining({ code: 'environment_not_found' }) });
  });

  it('adds an environment to every source with a fresh endpoint, and deleting a source closes its endpoints', async () => {
    expect((await stack.api('/v1/environments', { method: 'POST', body: { name: 'staging' } })).status).toBe(201);
    const staging = (await stack.api('/v1/sources/tasks/environments/staging')).body as SourceEnvironment;
    expect(staging.settings).toEqual({ event_type_path: 'type', timestamp_path: null, max_body_bytes: 1048576, verification: { enabled: false, header: 'X-Knock-Signature' }, idempotency: { enabled: false, key_path: null, window_seconds: 86_400 } });
    await sendOnceLive(staging.endpoint, { type: 'x' });

    expect((await stack.api('/v1/sources/tasks', { method: 'DELETE' })).status).toBe(204);
    await waitFor('the deleted endpoint to answer 404', async () => ((await stack.send(staging.endpoint, '{"type":"x"}')).status === 404 ? true : undefined));
    expect((await stack.api('/v1/sources/tasks')).status).toBe(404);
  });
});
