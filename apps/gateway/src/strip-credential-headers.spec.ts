import { credentialStripper, DEFAULT_STRIPPED_HEADERS } from './strip-credential-headers';

describe('credentialStripper', () => {
  const base = { 'content-type': 'application/json', 'user-agent': 'sender/1.0' };
  const byDefault = credentialStripper(DEFAULT_STRIPPED_HEADERS);

  it.each([
    ['authorization', { authorization: 'Bearer sk_live_1' }],
    ['proxy-authorization', { 'proxy-authorization': 'Basic dTpw' }],
    ['cookie', { cookie: 'session=abc' }],
    ['x-api-key', { 'x-api-key': 'key_1' }],
    ['api-key', { 'api-key': 'key_1' }],
    ['x-auth-token', { 'x-auth-token': 'tok_1' }],
    ['x-access-token', { 'x-access-token': 'tok_1' }],
    ['x-amz-security-token', { 'x-amz-security-token': 'aws_1' }],
  ])('removes %s by default', (_name, credential) => {
    expect(byDefault({ ...base, ...credential }, 'x-knock-signature')).toEqual(base);
  });

  it('joins the values of a repeated header, as they arrived', () => {
    expect(byDefault({ ...base, 'x-forwarded-for': ['10.0.0.1', '10.0.0.2'], 'set-cookie': ['a=1', 'b=2'] }, 'x-knock-signature')).toEqual({ ...base, 'x-forwarded-for': '10.0.0.1, 10.0.0.2' });
  });

  it.each([
    ['the signature header', { 'x-knock-signature': 'abc' }, 'X-Knock-Signature'],
    ['a signature sent in Authorization, when that is the configured header', { authorization: 'sha256=abc' }, 'Authorization'],
  ])('keeps %s', (_name, headers, keep) => {
    expect(byDefault({ ...base, ...headers }, keep)).toEqual({ ...base, ...headers });
  });

  it.each([
    ['an empty list strips nothing', [], { ...base, authorization: 'x' }, { ...base, authorization: 'x' }],
    ['a configured list replaces the default', ['x-tenant-secret'], { ...base, authorization: 'x', 'x-tenant-secret': 's' }, { ...base, authorization: 'x' }],
    ['a configured name in another case', ['X-Tenant-Secret'], { ...base, 'x-tenant-secret': 's' }, base],
  ])('%s', (_name, strip, headers, expected) => {
    expect(credentialStripper(strip)(headers, 'x-knock-signature')).toEqual(expected);
  });
});
