import { redactHeaders } from './redact-headers';

describe('redactHeaders', () => {
  it.each([
    ['authorization', 'Bearer abc'],
    ['x-knock-signature', 'deadbeef'],
    ['x-hub-signature-256', 'sha256=1'],
    ['x-api-token', 't'],
    ['cookie', 'a=b'],
  ])('hides %s', (name, value) => {
    expect(redactHeaders({ [name]: value })[name]).toBe('[redacted]');
  });

  it('keeps ordinary headers and hides configured ones', () => {
    expect(redactHeaders({ 'content-type': 'application/json', 'x-custom-sig': 's' }, ['X-Custom-Sig'])).toEqual({
      'content-type': 'application/json',
      'x-custom-sig': '[redacted]',
    });
  });
});
