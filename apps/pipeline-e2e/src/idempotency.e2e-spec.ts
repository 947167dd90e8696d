import { waitFor } from '@inlet/testing';
import { startStack, type Stack } from './stack';

jest.setTimeout(180_000);

type Idempotency = { outcome: string; key: string | null; detail: string | null; original_event_id: string | null };
type Log = { id: string; status: string; event_type: string | null; idempotency: Idempotency | null; timeline: { stage: string }[]; actions: unknown[]; rejection: { message: string } | null };

/** The seed's event idempotency, on its task-management example: key path `event_id`. */
describe('event idempotency', () => {
  let stack: Stack;
  let endpoint: string;

  beforeAll(async () => {
    stack = await startStack('idempotency');
    await stack.api('/v1/sources', { method: 'POST', body: { key: 'tasks', name: 'Task manager' } });
    const env = await stack.api('/v1/sources/tasks/environments/development', {
      method: 'PATCH',
      body: { event_type_path: 'event_type', idempotency: { enabled: true, key_path: 'event_id' } },
    });
    expect(env.body.settings).toEqual(expect.objectContaining({ idempotency: { enabled: true, key_path: 'event_id', window_seconds: 86_400 } }));
    endpoint = String(env.body.endpoint);
    // The first event logged with a claim shows the setting has reached the verifier.
    await waitFor('idempotency to reach the verifier', async () => {
      const log = await finalLog(await send({ event_type: 'task.created', event_id: `warm-up-${Date.now()}` }));
      return log.idempotency?.outcome === 'claimed' ? true : undefined;
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const send = async (body: unknown, to = endpoint): Promise<string> => {
    const answer = await stack.send(to, JSON.stringify(body));
    expect(answer.status).toBe(202);
    return String(answer.body.id);
  };
  const finalLog = (id: string) => stack.log<Log>(id);

  it('logs the second event with the same event_id as an idempotent duplicate, with no actions', async () => {
    const event = { event_type: 'task.assigned', event_id: 'evt_1001', data: { task_id: 't1', assigned_to: 'u1' } };
    const first = await finalLog(await send(event));
    expect(first).toEqual(expect.objectContaining({ status: 'no_mappings', idempotency: { outcome: 'claimed', key: 'evt_1001', detail: null, original_event_id: null } }));

    const second = await finalLog(await send(event));
    expect(second).toEqual(
      expect.objectContaining({
        status: 'duplicate',
        event_type: 'task.assigned',
        idempotency: { outcome: 'duplicate', key: 'evt_1001', detail: null, original_event_id: first.id },
        actions: [],
      }),
    );
    expect(second.rejection?.message).toContain(first.id);
    expect(second.timeline.map((t) => t.stage)).toEqual(['received', 'rejected']);

    const listed = await stack.api('/v1/sources/tasks/environments/development/logs?status=duplicate');
    expect((listed.body.entries as { id: string }[]).map((e) => e.id)).toEqual([second.id]);
  });

  it('scopes a key to its event type', async () => {
    await finalLog(await send({ event_type: 'task.assigned', event_id: 'evt_2002' }));
    const other = await finalLog(await send({ event_type: 'task.completed', event_id: 'evt_2002' }));
    expect(other.idempotency?.outcome).toBe('claimed');
  });

  it('lets exactly one of several simultaneous copies proceed', async () => {
    const event = { event_type: 'task.assigned', event_id: 'evt_3003' };
    const ids = await Promise.all(Array.from({ length: 6 }, () => send(event)));
    const logs = await Promise.all(ids.map(finalLog));
    const proceeded = logs.filter((l) => l.status !== 'duplicate');
    expect(proceeded).toHaveLength(1);
    expect(logs.filter((l) => l.status === 'duplicate').map((l) => l.idempotency?.original_event_id)).toEqual(Array(5).fill(proceeded[0].id));
  });

  it.each([
    ['a key longer than 255 characters', 'k'.repeat(256), 'is longer than 255 characters'],
    ['a key that is not a string', 1001, 'is number 1001, not a string'],
  ])('processes an event with %s normally, every time, and says why', async (_case, key, why) => {
    const event = { event_type: 'task.assigned', event_id: key };
    for (const id of [await send(event), await send(event)]) {
      const log = await finalLog(id);
      expect(log.status).toBe('no_mappings');
      expect(log.idempotency).toEqual({ outcome: 'key_invalid', key: null, detail: expect.stringContaining(`"event_id" ${why}`), original_event_id: null });
    }
  });

  it('processes an event without a value at the key path normally', async () => {
    const event = { event_type: 'task.assigned' };
    const logs = await Promise.all([await send(event), await send(event)].map(finalLog));
    expect(logs.map((l) => [l.status, l.idempotency?.outcome])).toEqual([
      ['no_mappings', 'no_key'],
      ['no_mappings', 'no_key'],
    ]);
  });

  it('records only success: the retry of a failed event runs again, the copy of a processed one does not', async () => {
    const demo = await stack.api('/v1/sources/demo/environments/development', { method: 'PATCH', body: { idempotency: { enabled: true, key_path: 'event_id' } } });
    const demoEndpoint = String(demo.body.endpoint);
    // The demo mapping identifies data.user.id, which must be a string: a number fails the event.
    const failing = { type: 'user.signed_up', event_id: 'evt_4004', data: { user: { id: 4004 } } };
    const failed = await waitFor('a claimed, failed event', async () => {
      const log = await finalLog(await send(failing, demoEndpoint));
      return log.idempotency?.outcome === 'claimed' ? log : undefined;
    });
    expect(failed.status).toBe('failed');

    // The failure gives the key back once the event-log has announced it; the sender's retry runs.
    const retry = await waitFor('the retry to run again', async () => {
      const log = await finalLog(await send(failing, demoEndpoint));
      return log.status !== 'duplicate' ? log : undefined;
    });
    expect(retry).toEqual(expect.objectContaining({ status: 'failed', idempotency: expect.objectContaining({ outcome: 'claimed', key: 'evt_4004' }) }));

    const fixed = { ...failing, event_id: 'evt_5005', data: { user: { id: 'user_5005' } } };
    const processed = await finalLog(await send(fixed, demoEndpoint));
    expect(processed.status).toBe('processed');
    // Long enough for a release, had there been one, to reach the verifier.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await finalLog(await send(fixed, demoEndpoint))).toEqual(expect.objectContaining({ status: 'duplicate', actions: [] }));
  });

  it('refuses to enable idempotency without a key path, or with a window out of bounds', async () => {
    await stack.api('/v1/sources', { method: 'POST', body: { key: 'plain', name: 'Plain' } });
    const noPath = await stack.api('/v1/sources/plain/environments/development', { method: 'PATCH', body: { idempotency: { enabled: true } } });
    expect(noPath).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining('idempotency.key_path') } } });
    const window = await stack.api('/v1/sources/plain/environments/development', { method: 'PATCH', body: { idempotency: { window_seconds: 5 } } });
    expect(window).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining('idempotency.window_seconds') } } });
    const badPath = await stack.api('/v1/sources/plain/environments/development', { method: 'PATCH', body: { idempotency: { enabled: true, key_path: 'a..b' } } });
    expect(badPath).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringContaining('idempotency.key_path') } } });
  });
});
