import { DEFAULT_STRIPPED_HEADERS, stripCredentialHeaders } from './strip-credential-headers';

describe('stripCredentialHeaders', () => {
  const base = { 'content-type': 'application/json', 'user-agent': 'sender/1.0' };

  it.each([
    ['authorization', { authorization: 'Bearer sk_live_1' }],
    ['proxy-authorization', { 'proxy-authorization': 'Basic dTpw' }],
    ['cookie', { cookie: 'session=abc' }],
    ['x-api-key', { 'x-api-key': 'key_1' }],
    ['api-key', { 'api-key': 'key_1' }],
    ['x-auth-token', { 'x-auth-token': 'tok_1' }],
    ['x-access-token', { 'x-access-token': 'tok_1' }],
    ['x-amz-security-token', { 'x-amz-security-token': 'aws_1' }],
    ['a name in another case', { 'X-Api-Key': 'key_1' }],
  ])('removes %s by default', (_name, credential) => {
    expect(stripCredentialHeaders({ ...base, ...credential }, DEFAULT_STRIPPED_HEADERS)).toEqual(base);
  });

  it.each([
    ['the signature header', { 'x-knock-signature': 'abc' }, ['x-knock-signature']],
    ['a signature sent in Authorization, when that is the configured header', { authorization: 'sha256=abc' }, ['Authorization']],
  ])('keeps %s', (_name, headers, keep) => {
    expect(stripCredentialHeaders({ ...base, ...headers }, DEFAULT_STRIPPED_HEADERS, keep)).toEqual({ ...base, ...headers });
  });

  it.each([
    ['an empty list strips nothing', [], { ...base, authorization: 'x' }, { ...base, authorization: 'x' }],
    ['a configured list replaces the default', ['x-tenant-secret'], { ...base, authorization: 'x', 'x-tenant-secret': 's' }, { ...base, authorization: 'x' }],
  ])('%s', (_name, strip, headers, expected) => {
    expect(stripCredentialHeaders(headers, strip)).toEqual(expected);
  });
});
