import { hostileCorpus, HOSTILE_CUSTOM_SETTINGS, waitFor, type HostileCase } from '@inlet/testing';
import { startStack, type Stack } from './stack';

jest.setTimeout(300_000);

type Log = {
  id: string;
  status: string;
  rejection: { reason: string; message: string } | null;
  request: { body: unknown; body_text: string | null } | null;
  actions: { action_type: string; status: string; resolved: Record<string, unknown> | null }[];
};

/**
 * What an attacker or a careless sender can post, through every service: each refusal is a specific
 * 4xx that is itself logged, and each accepted body reaches a final status with the body intact in
 * its log on the real store.
 */
describe('hostile input', () => {
  let stack: Stack;
  const url: Record<HostileCase['target'], string> = { custom: '', legacy: '', 'legacy-batch': '' };
  const corpus = hostileCorpus();

  beforeAll(async () => {
    stack = await startStack('hostile');
    await stack.api('/v1/sources', { method: 'POST', body: { key: 'hostile', name: 'Hostile senders' } });
    url.custom = String((await stack.api('/v1/sources/hostile/environments/development', { method: 'PATCH', body: HOSTILE_CUSTOM_SETTINGS })).body.endpoint);
    await stack.api('/v1/sources', { method: 'POST', body: { key: 'segment', name: 'Legacy senders', type: 'legacy_http' } });
    url.legacy = String((await stack.api('/v1/sources/segment/environments/development')).body.endpoint);
    url['legacy-batch'] = `${url.legacy}/batch`;
    // Both endpoints answer only once the configuration has reached the gateway.
    for (const target of ['custom', 'legacy'] as const) {
      await waitFor(`the ${target} endpoint`, async () => ((await post({ target, bytes: Buffer.from('{}'), headers: { 'content-type': 'application/json' } })).status === 404 ? undefined : true));
    }
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function post(c: Pick<HostileCase, 'target' | 'bytes' | 'headers'>) {
    const res = await fetch(url[c.target], { method: 'POST', body: c.bytes, headers: c.headers });
    const text = await res.text();
    return { status: res.status, logId: res.headers.get('x-inlet-log-id'), body: (text ? JSON.parse(text) : null) as Record<string, unknown> | null };
  }
  const finalLog = (id: string) => stack.log<Log>(id);

  const refusals = corpus.filter((c) => !c.expected.accepted);
  const accepted = corpus.filter((c) => c.expected.accepted);

  it.each(refusals.map((c) => [c.name, c] as const))('refuses %s with a specific 4xx, and logs the refusal', async (_name, c) => {
    if (c.expected.accepted) throw new Error('not a refusal');
    const answer = await post(c);
    expect(answer).toEqual({ status: c.expected.status, logId: expect.any(String), body: { error: { code: c.expected.code, message: expect.stringContaining(c.expected.message) } } });
    const log = await finalLog(String(answer.logId));
    expect(log.status).toBe(c.expected.code);
    expect(log.rejection).toEqual(expect.objectContaining({ reason: c.expected.code }));
  });

  it.each(accepted.filter((c) => c.target !== 'legacy-batch').map((c) => [c.name, c] as const))('accepts %s; its log reaches a final status and keeps the body', async (_name, c) => {
    if (!c.expected.accepted) throw new Error('not an accepted case');
    const answer = await post(c);
    expect(answer.status).toBe(c.expected.status);
    const log = await finalLog(String(answer.logId));
    expect(log.status).toBe(c.expected.finalStatus);
    expect(log.request?.body).toEqual(c.expected.body);
  });

  it.each(accepted.filter((c) => c.target === 'legacy-batch').map((c) => [c.name, c] as const))('accepts %s; each item log reaches a final status and keeps the item', async (_name, c) => {
    if (!c.expected.accepted) throw new Error('not an accepted case');
    const answer = await post(c);
    expect(answer.status).toBe(200);
    const items = (c.expected.body as { batch: unknown[] }).batch;
    const answered = answer.body?.items as { status: string; id: string }[];
    expect(answered.map((item) => item.status)).toEqual(items.map(() => 'accepted'));
    for (const [i, item] of answered.entries()) {
      const log = await finalLog(item.id);
      expect(log.status).toBe(c.expected.finalStatus);
      expect(log.request?.body).toEqual(items[i]);
    }
  });

  it('stays up and keeps accepting after the deepest bodies', async () => {
    const health = await fetch(`${stack.services.gateway.url}/health`);
    expect(health.status).toBe(200);
    const answer = await post({ target: 'custom', bytes: Buffer.from('{"type":"hostile.after"}'), headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(202);
    expect((await finalLog(String(answer.logId))).status).toBe('no_mappings');
  });

  it('resolves mapping paths through own keys named like prototype members, never through the prototype', async () => {
    const mapping = await stack.api('/v1/sources/hostile/environments/development/mappings', {
      method: 'POST',
      body: { event_type: 'hostile.resolve', action_type: 'identify_user', params: { id: { path: 'data.id' }, name: { path: 'data.toString' }, email: { path: 'data.valueOf' } } },
    });
    expect(mapping.status).toBe(201);
    const raw = '{"type":"hostile.resolve","data":{"id":"user_own_keys","toString":"Own Name","$set":{"name":"x"},"a.b":1}}';
    const log = await waitFor('the mapping to reach the mapping-engine', async () => {
      const answer = await post({ target: 'custom', bytes: Buffer.from(raw), headers: { 'content-type': 'application/json' } });
      const found = await finalLog(String(answer.logId));
      return found.actions.length > 0 ? found : undefined;
    });
    expect(log.status).toBe('processed');
    // `data.valueOf` is no key of the payload, only a prototype member: it resolves to nothing.
    expect(log.actions[0]?.resolved).toEqual({ id: 'user_own_keys', name: 'Own Name' });
    const user = await stack.api('/v1/users/user_own_keys?environment=development');
    expect(user.body).toEqual(expect.objectContaining({ id: 'user_own_keys', name: 'Own Name' }));
  });

  it('skips a directory write whose property names the store would read as paths or operators, naming the field', async () => {
    await stack.api('/v1/sources/hostile/environments/development/mappings', {
      method: 'POST',
      body: { event_type: 'hostile.props', action_type: 'identify_user', params: { id: { path: 'data.id' }, properties: { path: 'data.props' } } },
    });
    const deliver = (props: string) =>
      waitFor('the mapping to reach the mapping-engine', async () => {
        const raw = `{"type":"hostile.props","data":{"id":"user_props","props":${props}}}`;
        const answer = await post({ target: 'custom', bytes: Buffer.from(raw), headers: { 'content-type': 'application/json' } });
        const found = await finalLog(String(answer.logId));
        return found.actions.length > 0 ? found : undefined;
      });
    for (const [props, field] of [['{"a.b":1}', 'properties.a.b'], ['{"$set":{"plan":"free"}}', 'properties.$set'], ['{"":1}', 'properties.']]) {
      const log = await deliver(props);
      expect(log.status).toBe('failed');
      expect(log.actions).toEqual([expect.objectContaining({ status: 'skipped', field })]);
    }
    // Deeper down, such names are values, stored as sent.
    const nested = await deliver('{"filter":{"$gt":1,"a.b":2}}');
    expect(nested.status).toBe('processed');
    const user = await stack.api('/v1/users/user_props?environment=development');
    expect(user.body).toEqual(expect.objectContaining({ properties: { filter: { $gt: 1, 'a.b': 2 } } }));
  });

  describe('at the api', () => {
    const nested = (levels: number): unknown => (levels === 0 ? 'leaf' : { d: nested(levels - 1) });
    const mappings = '/v1/sources/hostile/environments/development/mappings';

    it('answers a mapping literal nested past the limit with 400 naming where', async () => {
      const res = await stack.api(mappings, { method: 'POST', body: { event_type: 'hostile.literal', action_type: 'trigger_workflow', params: { key: { literal: 'w' }, data: { literal: nested(40) } } } });
      expect(res).toEqual({ status: 400, body: { error: { code: 'invalid_json', message: expect.stringContaining('Request body is nested deeper than 32 levels at params.data.literal.d.d') } } });
    });

    it('answers a test event nested past the limit with 400', async () => {
      const res = await stack.api('/v1/sources/hostile/environments/development/rehearse', { method: 'POST', body: { body: { type: 'hostile.rehearse', d: nested(2_000) } } });
      expect(res).toEqual({ status: 400, body: { error: { code: 'invalid_json', message: expect.stringContaining('Request body is nested deeper than 32 levels at body.d.d') } } });
    });

    it.each([
      ['a NUL in a key', '{"a\\u0000":1}', 'a key with a NUL character (\\u0000) at params.id.literal'],
      ['a __proto__ key', '{"__proto__":{"polluted":true}}', 'a key named "__proto__" at params.id.literal'],
      ['a constructor key', '{"constructor":{"prototype":1}}', 'a key named "constructor" at params.id.literal'],
    ])('answers a mapping literal with %s with 400', async (_name, literal, message) => {
      const res = await fetch(`${stack.services.api.url}${mappings}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
        body: `{"event_type":"x","action_type":"identify_user","params":{"id":{"literal":${literal}}}}`,
      });
      expect({ status: res.status, body: await res.json() }).toEqual({ status: 400, body: { error: { code: 'invalid_json', message: expect.stringContaining(message) } } });
    });

    it('keeps a mapping literal with operator-like, dotted and prototype keys as sent', async () => {
      const literal = { $set: { 'a.b': 1 }, '': 2, toString: { valueOf: 3 } };
      const params = { key: { literal: 'w' }, recipients: { path: 'data.user' }, data: { literal } };
      const created = await stack.api(mappings, { method: 'POST', body: { event_type: 'hostile.literal', action_type: 'trigger_workflow', params } });
      expect(created.status).toBe(201);
      const read = await stack.api(`${mappings}/${String(created.body.id)}`);
      expect((read.body.params as Record<string, unknown>).data).toEqual({ literal });
    });

    it('runs a test event with hostile keys to a final status, keeping its body', async () => {
      const body = { type: 'hostile.rehearse', $where: '1', 'a.b': { $gt: '' }, toString: { valueOf: {} }, '': [] };
      const res = await stack.api('/v1/sources/hostile/environments/development/rehearse?wait=true', { method: 'POST', body: { body } });
      expect(res.status).toBe(202);
      expect(res.body).toEqual(expect.objectContaining({ status: 'no_mappings', log: expect.objectContaining({ request: expect.objectContaining({ body }) }) }));
    });
  });
});
