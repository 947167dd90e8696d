'use strict';
const { eventBody, sign } = require('./load');

describe('eventBody', () => {
  it('pads the demo event to exactly the size asked, keeping its type, id and user', () => {
    const body = eventBody('demo', 'run-7', 7, 1024);
    expect(Buffer.byteLength(body)).toBe(1024);
    expect(JSON.parse(body)).toMatchObject({ type: 'user.signed_up', event_id: 'run-7', data: { user: { id: 'bench_7', email: 'bench7@example.com' } } });
  });

  it('gives the unmapped event a type no mapping has', () => {
    expect(JSON.parse(eventBody('unmapped', 'run-1', 1, 512)).type).toBe('bench.unmapped');
  });

  it('refuses a size the event does not fit in', () => {
    expect(() => eventBody('demo', 'run-1', 1, 50)).toThrow('more than 50 bytes');
  });
});

describe('sign', () => {
  it('is hex HMAC-SHA256 of the body, as the demo environment verifies it', () => {
    // RFC 4231 test case 2.
    expect(sign('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
});
