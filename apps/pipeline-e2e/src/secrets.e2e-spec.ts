import { createHmac } from 'node:crypto';
import { waitFor } from '@inlet/testing';
import { SERVICES, startStack, type Stack } from './stack';

jest.setTimeout(180_000);

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a sender's credentials and an endpoint's token leave behind: nothing, outside the gateway's answer. */
describe('secrets stay secret', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack('secrets');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const everyLogLine = () => SERVICES.flatMap((name) => stack.services[name].lines).join('\n');

  it('records no endpoint token in any span or log line', async () => {
    const token = stack.demoToken;
    const accepted = await stack.send(token, '{"type":"user.signed_up","data":{"user":{"id":"u_token"}}}');
    expect(accepted.status).toBe(202);
    const batch = await fetch(`${stack.services.gateway.url}/integrations/receive/${token}/batch`, { method: 'POST', body: '{"batch":[]}', headers: { 'content-type': 'application/json' } });
    expect(batch.status).toBe(404);
    const unrouted = await fetch(`${stack.services.gateway.url}/integrations/receive/${token}`);
    expect(unrouted.status).toBe(404);
    await stack.log(String(accepted.body.id));

    // The gateway's server spans of all three requests, with their routes, have been exported.
    await waitFor('the gateway spans of the three requests', () => {
      const server = stack.spans.filter((s) => s.service === 'gateway' && s.kind === 2 && !s.parentSpanId);
      return server.length >= 3 ? server : undefined;
    });
    expect(stack.spans.some((s) => JSON.stringify(s).includes('/integrations/receive/[redacted]'))).toBe(true);
    expect(JSON.stringify(stack.spans)).not.toContain(token);
    expect(everyLogLine()).not.toContain(token);
  });

  it('strips credential headers before anything is stored, and keeps the signature header redacted in the log', async () => {
    const intake = await stack.watch('intakeReceived');
    const credentials = { authorization: 'Bearer sk_live_sender', cookie: 'session=s3ss10n', 'x-api-key': 'key_sender_1' };
    const res = await stack.send(stack.demoToken, '{"type":"user.signed_up","data":{"user":{"id":"u_cred"}}}', {
      'content-type': 'application/json',
      'x-knock-signature': 'deadbeef',
      'x-request-id': 'req_1',
      ...credentials,
    });
    expect(res.status).toBe(202);
    const id = String(res.body.id);

    const log = await stack.log<{ request: { headers: Record<string, string> } }>(id);
    expect(log.request.headers).toMatchObject({ 'x-knock-signature': '[redacted]', 'x-request-id': 'req_1' });
    expect(Object.keys(log.request.headers)).toEqual(expect.not.arrayContaining(Object.keys(credentials)));
    const message = await waitFor('the intake message', () => intake.messages.find((m) => m.eventId === id));
    await intake.stop();
    expect(message.payload.headers).toMatchObject({ 'x-knock-signature': 'deadbeef' });
    const secrets = /sk_live_sender|s3ss10n|key_sender_1/;
    expect(JSON.stringify(message)).not.toMatch(secrets);
    expect(everyLogLine()).not.toMatch(secrets);
  });

  it('caps the signing-key overlap at 7 days, and verifies with a key sealed for its environment', async () => {
    const keys = '/v1/sources/demo/environments/development/signing-keys';
    const tooLong = await stack.api(keys, { method: 'POST', body: { previous_valid_until: new Date(Date.now() + 8 * DAY_MS).toISOString() } });
    expect(tooLong).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: 'previous_valid_until: must be at most 7 days ahead' } } });

    const created = await stack.api(keys, { method: 'POST', body: { previous_valid_until: new Date(Date.now() + 6 * DAY_MS).toISOString() } });
    expect(created.status).toBe(201);
    const raw = '{"type":"user.signed_up","data":{"user":{"id":"u_signed"}}}';
    const signature = createHmac('sha256', String(created.body.secret)).update(raw).digest('hex');
    const verified = await waitFor('the new key to verify at the gateway and the verifier', async () => {
      const res = await stack.send(stack.demoToken, raw, { 'content-type': 'application/json', 'x-knock-signature': signature });
      const log = await stack.log<{ verification: string; status: string }>(String(res.body.id));
      return log.verification === 'unenforced:verified' ? log : undefined;
    });
    expect(verified.status).not.toBe('failed');
  });
});
