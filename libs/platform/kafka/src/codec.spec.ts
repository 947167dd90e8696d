import type { MessageOf } from '@inlet/contracts';
import { decodeValue, encodeValue, eventIdOf } from './codec';

const intake: MessageOf<'intakeReceived'> = {
  messageId: '0b7d3a57-3f0e-4c1e-9a37-2f6f4a4c2a11',
  eventId: 'evt_1',
  sourceEnvironmentId: 'env_1',
  sourceKey: 'stripe',
  environment: 'production',
  producedAt: '2025-01-02T03:04:05.000Z',
  payload: {
    receivedAt: '2025-01-02T03:04:05.000Z',
    contentType: 'application/json',
    headers: { 'content-type': 'application/json' },
    bodyBase64: 'e30=',
    verification: 'none',
    sensitiveHeaders: [],
  },
};

const environment: MessageOf<'config'> = {
  kind: 'source_environment',
  id: 'env_1',
  sourceKey: 'stripe',
  sourceType: 'custom',
  environment: 'production',
  endpointTokenHash: 'a'.repeat(64),
  settings: { eventTypePath: 'type', timestampPath: null, maxBodyBytes: 1024, verification: { enabled: false, header: 'X-Knock-Signature' }, idempotency: { enabled: false, keyPath: null, windowSeconds: 86_400 } },
    signingKeys: [],
};

describe('encodeValue', () => {
  it('serialises a valid envelope as JSON', () => {
    const encoded = encodeValue('intakeReceived', intake);
    expect(encoded).toEqual({ ok: true, bytes: JSON.stringify(intake) });
  });

  it('drops keys the contract does not know', () => {
    const encoded = encodeValue('intakeReceived', { ...intake, secret: 'x' } as MessageOf<'intakeReceived'>);
    expect(encoded.ok && JSON.parse(encoded.bytes!)).toEqual(intake);
  });

  it('writes a config tombstone as a null value', () => {
    expect(encodeValue('config', null)).toEqual({ ok: true, bytes: null });
  });

  it.each([
    ['a missing eventId', { ...intake, eventId: undefined }, 'eventId:'],
    ['a messageId that is not a uuid', { ...intake, messageId: 'nope' }, 'messageId:'],
    ['a bad nested field', { ...intake, payload: { ...intake.payload, verification: 'maybe' } }, 'payload.verification:'],
    ['null on a topic without tombstones', null, '(root):'],
  ])('rejects %s, naming the path', (_what, value, path) => {
    const encoded = encodeValue('intakeReceived', value as MessageOf<'intakeReceived'>);
    expect(encoded.ok).toBe(false);
    expect(!encoded.ok && encoded.message).toContain(path);
  });
});

describe('decodeValue', () => {
  it.each<[string, Buffer | null, string]>([
    ['bytes that are not JSON', Buffer.from('{not json'), 'invalid_json'],
    ['an empty value', Buffer.alloc(0), 'invalid_json'],
    ['JSON that breaks the contract', Buffer.from(JSON.stringify({ ...intake, eventId: '' })), 'contract_violation'],
    ['a tombstone on a topic that has none', null, 'contract_violation'],
  ])('refuses %s with code %s', (_what, bytes, code) => {
    const decoded = decodeValue('intakeReceived', bytes);
    expect(decoded).toMatchObject({ ok: false, code });
  });

  it('names the topic and the field in a contract violation', () => {
    const decoded = decodeValue('intakeReceived', Buffer.from(JSON.stringify({ ...intake, eventId: '' })));
    expect(!decoded.ok && decoded.message).toMatch(/^inlet\.intake\.received\.v1: eventId: /);
  });

  it('parses a valid envelope', () => {
    expect(decodeValue('intakeReceived', Buffer.from(JSON.stringify(intake)))).toEqual({ ok: true, value: intake });
  });

  it('accepts a tombstone on the config topic', () => {
    expect(decodeValue('config', null)).toEqual({ ok: true, value: null });
  });

  it('applies the contract defaults of a config record', () => {
    const { settings: _settings, ...withoutSettings } = environment;
    const decoded = decodeValue('config', Buffer.from(JSON.stringify({ ...withoutSettings, settings: {} })));
    expect(decoded.ok && decoded.value).toEqual({
      ...environment,
      settings: { eventTypePath: 'type', timestampPath: null, maxBodyBytes: 1024 * 1024, verification: { enabled: false, header: 'X-Knock-Signature' }, idempotency: { enabled: false, keyPath: null, windowSeconds: 86_400 } },
    signingKeys: [],
    });
  });
});

describe('eventIdOf', () => {
  it.each([
    [intake, 'evt_1'],
    [{ eventId: 7 }, undefined],
    [null, undefined],
    ['evt', undefined],
    [environment, undefined],
  ])('of %o is %s', (value, expected) => {
    expect(eventIdOf(value)).toBe(expected);
  });
});
