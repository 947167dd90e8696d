import { createCipheriv, randomBytes } from 'node:crypto';
import { SourceSettingsSchema, type SourceEnvironmentConfig } from '@inlet/contracts';
import { SecretBox } from './secret-box';
import { SigningKeyring, signingKeyContext } from './signing-keyring';

const hexKey = randomBytes(32).toString('hex');

/** A value as SecretBox sealed it before contexts existed: v1, no associated data. */
function sealLegacy(plaintext: string, key = hexKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'hex'), iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
}

describe('SecretBox', () => {
  it('opens what it sealed, and never seals the same way twice', () => {
    const box = new SecretBox(hexKey);
    const a = box.seal('whsec_abc', 'ctx');
    const b = box.seal('whsec_abc', 'ctx');
    expect(a).not.toEqual(b);
    expect(a).not.toContain('whsec_abc');
    expect([box.open(a, 'ctx'), box.open(b, 'ctx')]).toEqual(['whsec_abc', 'whsec_abc']);
  });

  it('accepts a base64 master key', () => {
    const box = new SecretBox(Buffer.from(hexKey, 'hex').toString('base64'));
    expect(new SecretBox(hexKey).open(box.seal('x', 'ctx'), 'ctx')).toBe('x');
  });

  it.each([
    ['another master key', (s: string) => s, new SecretBox(randomBytes(32).toString('hex')), 'ctx'],
    ['an altered ciphertext', (s: string) => s.slice(0, -4) + (s.endsWith('AAAA') ? 'BBBB' : 'AAAA'), new SecretBox(hexKey), 'ctx'],
    ['a value that was never sealed', () => 'plain', new SecretBox(hexKey), 'ctx'],
    ['another context', (s: string) => s, new SecretBox(hexKey), 'other'],
    ['a current value relabelled legacy', (s: string) => s.replace(/^v2:/, 'v1:'), new SecretBox(hexKey), 'ctx'],
  ])('refuses %s', (_name, alter, opener, context) => {
    const sealed = alter(new SecretBox(hexKey).seal('secret', 'ctx'));
    expect(() => opener.open(sealed, context)).toThrow();
  });

  it('still opens a value sealed before contexts existed, and re-seals it bound', () => {
    const box = new SecretBox(hexKey);
    const legacy = sealLegacy('whsec_old');

    expect(box.isLegacy(legacy)).toBe(true);
    expect(box.open(legacy, 'any')).toBe('whsec_old');
    const resealed = box.reseal(legacy, 'ctx');
    expect(box.isLegacy(resealed)).toBe(false);
    expect(box.open(resealed, 'ctx')).toBe('whsec_old');
    expect(() => box.open(resealed, 'other')).toThrow();
    expect(box.reseal(resealed, 'ctx')).toBe(resealed);
  });

  it.each(['', 'abcd', randomBytes(16).toString('hex')])('refuses a master key of the wrong size: %j', (key) => {
    expect(() => new SecretBox(key)).toThrow('32 bytes');
  });
});

describe('SigningKeyring', () => {
  const box = new SecretBox(hexKey);
  const environment = (id: string, signingKeys: SourceEnvironmentConfig['signingKeys']): SourceEnvironmentConfig => ({
    kind: 'source_environment',
    id,
    sourceKey: 'tasks',
    sourceType: 'custom',
    environment: 'development',
    endpointTokenHash: 'h',
    settings: SourceSettingsSchema.parse({}),
    signingKeys,
  });
  const sealedFor = (envId: string, keyId: string) => box.seal('isk_secret', signingKeyContext(envId, keyId));

  it('opens a key sealed for its environment and id', () => {
    const keys = new SigningKeyring(hexKey).keysOf(environment('tasks:development', [{ id: 'k1', sealedSecret: sealedFor('tasks:development', 'k1'), validUntil: null }]));
    expect(keys).toEqual([{ id: 'k1', secret: 'isk_secret', validUntil: null }]);
  });

  it.each([
    ['another environment', 'tasks:production', 'k1'],
    ['another key id', 'tasks:development', 'k2'],
  ])('refuses a key moved to %s', (_name, envId, keyId) => {
    const moved = environment(envId, [{ id: keyId, sealedSecret: sealedFor('tasks:development', 'k1'), validUntil: null }]);
    expect(() => new SigningKeyring(hexKey).keysOf(moved)).toThrow();
  });

  it('opens a key sealed before keys were bound to their environment', () => {
    const keys = new SigningKeyring(hexKey).keysOf(environment('tasks:development', [{ id: 'k1', sealedSecret: sealLegacy('isk_old'), validUntil: null }]));
    expect(keys[0].secret).toBe('isk_old');
  });
});
