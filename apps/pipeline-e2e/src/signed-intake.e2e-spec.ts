import { createHmac } from 'node:crypto';
import { waitFor } from '@inlet/testing';
import { startStack, type Stack } from './stack';

jest.setTimeout(180_000);

const sign = (secret: string, raw: string) => createHmac('sha256', secret).update(raw).digest('hex');

/** The seed's signature verification, on its task-management example. */
describe('signed intake', () => {
  let stack: Stack;
  let endpoint: string;
  let secret: string;

  // Spaces and key order matter: the signature is over these exact bytes.
  const raw = '{ "event_type": "task.assigned",  "data": { "task_id": "t1", "assigned_to": "u1" } }';

  beforeAll(async () => {
    stack = await startStack('signed');
    await stack.api('/v1/sources', { method: 'POST', body: { key: 'tasks', name: 'Task manager' } });
    const env = await stack.api('/v1/sources/tasks/environments/development', { method: 'PATCH', body: { event_type_path: 'event_type' } });
    endpoint = String(env.body.endpoint);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const send = (body: string, signature?: string) =>
    stack.send(endpoint, body, { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-knock-signature': signature }) });
  const send401 = async (body: string, signature?: string) => {
    const res = await fetch(endpoint, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-knock-signature': signature }) } });
    return { status: res.status, logId: res.headers.get('x-inlet-log-id'), body: (await res.json()) as Record<string, unknown> };
  };
  const finalLog = (id: string) => stack.log(id);

  it('refuses to enforce verification before a signing key exists', async () => {
    const res = await stack.api('/v1/sources/tasks/environments/development', { method: 'PATCH', body: { verification: { enabled: true } } });
    expect(res).toEqual({ status: 409, body: { error: expect.objectContaining({ code: 'no_signing_key', message: expect.stringContaining('verification.enabled') }) } });
  });

  it('shows a new signing key once, and only its prefix afterwards', async () => {
    const created = await stack.api('/v1/sources/tasks/environments/development/signing-keys', { method: 'POST', body: {} });
    expect(created.status).toBe(201);
    secret = String(created.body.secret);
    expect(secret).toMatch(/^isk_[0-9a-f]{64}$/);
    const listed = await stack.api('/v1/sources/tasks/environments/development/signing-keys');
    expect(listed.body.entries).toEqual([{ id: created.body.id, prefix: secret.slice(0, 10), created_at: expect.any(String), valid_until: null }]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
  });

  it('checks signatures that arrive before verification is enforced, and logs the result', async () => {
    const verified = await waitFor('the key to reach the gateway', async () => {
      const answer = await send(raw, sign(secret, raw));
      if (answer.status !== 202) return undefined;
      const log = await finalLog(String(answer.body.id));
      return log.verification === 'unenforced:verified' ? log : undefined;
    });
    expect(verified.event_type).toBe('task.assigned');
    const missing = await send(raw);
    expect((await finalLog(String(missing.body.id))).verification).toBe('unenforced:missing');
    const wrong = await send(raw, sign('not-the-key', raw));
    expect((await finalLog(String(wrong.body.id))).verification).toBe('unenforced:failed');
  });

  describe('with verification enforced', () => {
    beforeAll(async () => {
      const res = await stack.api('/v1/sources/tasks/environments/development', { method: 'PATCH', body: { verification: { enabled: true } } });
      expect(res.body.settings).toEqual(expect.objectContaining({ verification: { enabled: true, header: 'X-Knock-Signature' } }));
      await waitFor('enforcement to reach the gateway', async () => ((await send401(raw)).status === 401 ? true : undefined));
    });

    it.each([
      ['an unsigned request', () => undefined, 'signature_missing', 'enforced:missing'],
      ['a badly signed request', () => 'ab'.repeat(32), 'signature_invalid', 'enforced:failed'],
      ['a signature that is not hex', () => 'not-a-signature', 'signature_invalid', 'enforced:failed'],
      ['a signature over re-serialised JSON', () => sign(secret, JSON.stringify(JSON.parse(raw))), 'signature_invalid', 'enforced:failed'],
    ])('answers 401 to %s and logs it with its verification status', async (_name, signature, code, verification) => {
      const answer = await send401(raw, signature());
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: { code, message: expect.any(String) } });
      expect(JSON.stringify(answer.body)).not.toContain(secret);
      const log = await finalLog(String(answer.logId));
      expect(log).toEqual(expect.objectContaining({ status: code, verification }));
      expect((log.request as { headers: Record<string, string> }).headers['x-knock-signature'] ?? '[redacted]').toBe('[redacted]');
    });

    it('accepts a correctly signed request and logs it as task.assigned', async () => {
      const answer = await send(raw, sign(secret, raw));
      expect(answer.status).toBe(202);
      expect(await finalLog(String(answer.body.id))).toEqual(expect.objectContaining({ event_type: 'task.assigned', verification: 'enforced:verified', status: 'no_mappings' }));
    });

    it('keeps a catalog of the event types received, with counts and a sample', async () => {
      const types = await waitFor('task.assigned in the catalog', async () => {
        const { body } = await stack.api('/v1/sources/tasks/environments/development/event-types');
        const entries = body.entries as { event_type: string; count: number }[];
        return entries.some((e) => e.event_type === 'task.assigned' && e.count >= 4) ? entries : undefined;
      });
      expect(types).toEqual([
        expect.objectContaining({ event_type: 'task.assigned', first_seen_at: expect.any(String), last_seen_at: expect.any(String), sample: JSON.parse(raw) }),
      ]);
      expect((await stack.api('/v1/sources/tasks/environments/production/event-types')).body).toEqual({ entries: [] });
    });

    it('refuses to revoke the current key while verification is enforced', async () => {
      const keys = (await stack.api('/v1/sources/tasks/environments/development/signing-keys')).body.entries as { id: string; valid_until: string | null }[];
      const current = keys.find((k) => k.valid_until === null)!;
      const res = await stack.api(`/v1/sources/tasks/environments/development/signing-keys/${current.id}`, { method: 'DELETE' });
      expect(res).toEqual({ status: 409, body: { error: expect.objectContaining({ code: 'verification_enabled' }) } });
    });

    it('keeps the previous key valid inside its rotation overlap', async () => {
      const until = new Date(Date.now() + 60 * 60 * 1000).toISOString();
      const rotated = await stack.api('/v1/sources/tasks/environments/development/signing-keys', { method: 'POST', body: { previous_valid_until: until } });
      const next = String(rotated.body.secret);
      await waitFor('the new key to reach the gateway', async () => ((await send(raw, sign(next, raw))).status === 202 ? true : undefined));
      expect((await send(raw, sign(secret, raw))).status).toBe(202);
      const keys = (await stack.api('/v1/sources/tasks/environments/development/signing-keys')).body.entries as { valid_until: string | null }[];
      expect(keys.map((k) => k.valid_until)).toEqual([new Date(until).toISOString(), null]);
    });
  });
});
