import { endpointTokenOf, isIntakeRequest } from './endpoint-url';

describe('endpointTokenOf', () => {
  it.each([
    ['/integrations/receive/3f9a0c', '3f9a0c'],
    ['/integrations/receive/3f9a0c/', '3f9a0c'],
    ['/integrations/receive/3f9a0c?attempt=2', '3f9a0c'],
    ['/Integrations/Receive/3f9a0c', '3f9a0c'],
    ['/integrations/receive/a%20b', 'a b'],
    ['http://gateway.example/integrations/receive/3f9a0c', '3f9a0c'],
  ])('%s is the endpoint of token %s', (url, token) => {
    expect(endpointTokenOf(url)).toBe(token);
  });

  it.each([
    ['the batch route', '/integrations/receive/3f9a0c/batch'],
    ['no token', '/integrations/receive/'],
    ['another path', '/integrations/receive-all/3f9a0c'],
    ['a prefix', '/v1/integrations/receive/3f9a0c'],
    ['a token that does not decode', '/integrations/receive/%E0%A4%A'],
    ['no URL', undefined],
  ])('%s is left to the framework', (_, url) => {
    expect(endpointTokenOf(url)).toBeUndefined();
  });
});

describe('isIntakeRequest', () => {
  it.each([
    ['POST', '/integrations/receive/3f9a0c', true],
    ['GET', '/integrations/receive/3f9a0c', false],
    ['POST', '/integrations/receive/3f9a0c/batch', false],
    ['POST', '/health', false],
  ])('%s %s → %s', (method, url, expected) => {
    expect(isIntakeRequest({ method, url })).toBe(expected);
  });
});
