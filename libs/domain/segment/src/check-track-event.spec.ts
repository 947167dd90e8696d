import fc from 'fast-check';
import { checkTrackEvent, isIsoTimestamp, trackEventType } from './check-track-event';

const valid = {
  type: 'track',
  event: 'Order Completed',
  userId: 'user_42',
  anonymousId: 'anon_7f3',
  messageId: 'msg_0001',
  timestamp: '2024-05-01T12:00:00.000Z',
  properties: { orderId: 'o_1', total: 30 },
  context: { ip: '203.0.113.7' },
  integrations: { All: true },
};
const minimal = { type: 'track', event: 'Signed Up', anonymousId: 'anon_1' };
const without = (name: keyof typeof valid) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== name));

describe('checkTrackEvent', () => {
  it.each([
    ['a complete track call', valid],
    ['a minimal track call with an anonymousId', minimal],
    ['a track call with a userId only', { type: 'track', event: 'Signed Up', userId: 'u_1' }],
    ['optional fields set to null', { ...minimal, properties: null, context: null, messageId: null, timestamp: null, userId: null }],
    ['an event of 255 characters', { ...minimal, event: 'e'.repeat(255) }],
    ['a messageId of 100 characters', { ...minimal, messageId: 'm'.repeat(100) }],
    ['empty properties and context', { ...minimal, properties: {}, context: {} }],
    ['unknown fields', { ...minimal, sentAt: 'whenever', version: 2 }],
  ])('accepts %s', (_name, body) => {
    expect(checkTrackEvent(body)).toEqual({ ok: true });
  });

  it.each([
    ['an array body', [valid], 'body', 'must be a JSON object, not an array'],
    ['a string body', 'track', 'body', 'must be a JSON object, not "track"'],
    ['a null body', null, 'body', 'must be a JSON object, not null'],
    ['no type', without('type'), 'type', 'required'],
    ['a null type', { ...valid, type: null }, 'type', 'required'],
    ['an identify call', { ...valid, type: 'identify' }, 'type', '"identify" is not accepted: only "track" events'],
    ['a page call', { ...valid, type: 'page' }, 'type', '"page" is not accepted: only "track" events'],
    ['a type in other case', { ...valid, type: 'Track' }, 'type', '"Track" is not accepted: only "track" events'],
    ['a numeric type', { ...valid, type: 1 }, 'type', 'number 1 is not accepted: only "track" events'],
    ['no event', without('event'), 'event', 'required'],
    ['a null event', { ...valid, event: null }, 'event', 'required'],
    ['an empty event', { ...valid, event: '' }, 'event', 'must not be empty'],
    ['a numeric event', { ...valid, event: 7 }, 'event', 'must be a string, not number 7'],
    ['an event of 256 characters', { ...valid, event: 'e'.repeat(256) }, 'event', 'must be at most 255 characters, not 256'],
    ['neither userId nor anonymousId', { type: 'track', event: 'Signed Up' }, 'userId', 'required unless anonymousId is present'],
    ['both ids null', { ...minimal, anonymousId: null, userId: null }, 'userId', 'required unless anonymousId is present'],
    ['a numeric userId', { ...valid, userId: 42 }, 'userId', 'must be a string, not number 42'],
    ['an empty userId', { ...valid, userId: '' }, 'userId', 'must not be empty'],
    ['an empty anonymousId beside a userId', { ...valid, anonymousId: '' }, 'anonymousId', 'must not be empty'],
    ['an object anonymousId', { ...minimal, anonymousId: { id: 1 } }, 'anonymousId', 'must be a string, not an object'],
    ['properties as an array', { ...valid, properties: [1, 2] }, 'properties', 'must be an object, not an array'],
    ['properties as a string', { ...valid, properties: 'a=1' }, 'properties', 'must be an object, not "a=1"'],
    ['context as a number', { ...valid, context: 3 }, 'context', 'must be an object, not number 3'],
    ['a numeric messageId', { ...valid, messageId: 123 }, 'messageId', 'must be a string, not number 123'],
    ['an empty messageId', { ...valid, messageId: '' }, 'messageId', 'must not be empty'],
    ['a messageId of 101 characters', { ...valid, messageId: 'm'.repeat(101) }, 'messageId', 'must be at most 100 characters, not 101'],
    ['an epoch timestamp', { ...valid, timestamp: 1714564800 }, 'timestamp', expect.stringContaining('not number 1714564800')],
    ['a free-text timestamp', { ...valid, timestamp: 'yesterday' }, 'timestamp', expect.stringContaining('must be an ISO-8601 date or date-time')],
    ['an impossible date', { ...valid, timestamp: '2024-02-30T00:00:00Z' }, 'timestamp', expect.stringContaining('not "2024-02-30T00:00:00Z"')],
  ])('refuses %s, naming the field', (_name, body, field, message) => {
    expect(checkTrackEvent(body)).toEqual({ ok: false, field, message });
  });

  it('reads only own properties, never the prototype', () => {
    const inherited = Object.create({ type: 'track', event: 'x', userId: 'u' }) as object;
    expect(checkTrackEvent(inherited)).toEqual({ ok: false, field: 'type', message: 'required' });
    expect(checkTrackEvent(JSON.parse('{"__proto__": {"type": "track"}, "event": "x"}'))).toMatchObject({ ok: false, field: 'type' });
  });

  it('never throws and always names a field, whatever JSON it is given', () => {
    const trackish = fc.record(
      {
        type: fc.oneof(fc.constant('track'), fc.jsonValue()),
        event: fc.oneof(fc.string(), fc.jsonValue()),
        userId: fc.oneof(fc.string(), fc.jsonValue()),
        anonymousId: fc.jsonValue(),
        messageId: fc.oneof(fc.string({ maxLength: 120 }), fc.jsonValue()),
        timestamp: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.jsonValue()),
        properties: fc.jsonValue(),
        context: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), trackish), (value) => {
        const result = checkTrackEvent(value);
        if (!result.ok) {
          expect(result.field).toMatch(/^(body|type|event|userId|anonymousId|properties|context|messageId|timestamp)$/);
          expect(result.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isIsoTimestamp', () => {
  it.each([
    '2024-05-01T12:00:00.000Z',
    '2024-05-01T12:00:00Z',
    '2024-05-01T12:00Z',
    '2024-05-01T12:00:00.123456789+02:00',
    '2024-05-01T12:00:00-0530',
    '2024-02-29T00:00:00Z',
    '2024-05-01',
    '0099-01-01',
  ])('accepts %s', (value) => {
    expect(isIsoTimestamp(value)).toBe(true);
  });

  it.each([
    ['a date-time without a zone (server-local time)', '2024-05-01T12:00:00'],
    ['a date that does not exist', '2023-02-29'],
    ['month 13', '2024-13-01'],
    ['hour 24', '2024-05-01T24:00:00Z'],
    ['second 60', '2024-05-01T12:00:60Z'],
    ['a space instead of T', '2024-05-01 12:00:00Z'],
    ['an RFC 2822 date', 'Wed, 01 May 2024 12:00:00 GMT'],
    ['epoch seconds as a string', '1714564800'],
    ['a number', 1714564800],
  ])('refuses %s', (_name, value) => {
    expect(isIsoTimestamp(value)).toBe(false);
  });
});

describe('trackEventType', () => {
  it.each([
    ['a refused call with a usable event', { type: 'identify', event: 'Signed Up' }, 'Signed Up'],
    ['a call without event', { type: 'track' }, undefined],
    ['an empty event', { event: '' }, undefined],
    ['a body that is not an object', ['Signed Up'], undefined],
  ])('reads %s', (_name, body, expected) => {
    expect(trackEventType(body)).toBe(expected);
  });
});
