import { createCipheriv, randomBytes } from 'node:crypto';
import { SecretBox, signingKeyContext } from '@inlet/platform/secrets';
import { MAX_SIGNING_KEY_OVERLAP_DAYS, overlapUntil, resealLegacyKeys, sealSigningKey } from './signing-keys';

const now = new Date('2026-03-01T12:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 24 * 60 * 60 * 1000).toISOString();

describe('overlapUntil', () => {
  it.each([
    [undefined, now.toISOString()],
    [now.toISOString(), now.toISOString()],
    [days(1), days(1)],
    [days(MAX_SIGNING_KEY_OVERLAP_DAYS), days(MAX_SIGNING_KEY_OVERLAP_DAYS)],
  ])('keeps the replaced key until %s', (requested, expected) => {
    expect(overlapUntil(requested, now).toISOString()).toBe(expected);
  });

  it.each([
    [days(-1), 'previous_valid_until: must not be in the past'],
    [days(MAX_SIGNING_KEY_OVERLAP_DAYS + 0.001), 'previous_valid_until: must be at most 7 days ahead'],
    [days(365), 'previous_valid_until: must be at most 7 days ahead'],
  ])('refuses %s with 400 naming the field', (requested, message) => {
    expect(() => overlapUntil(requested, now)).toThrow(expect.objectContaining({ code: 'invalid_request', message }));
  });
});

describe('resealLegacyKeys', () => {
  const masterKey = randomBytes(32).toString('hex');
  const box = new SecretBox(masterKey);
  const legacy = (plaintext: string) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(masterKey, 'hex'), iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
  };

  it('binds keys sealed before binding existed, and leaves bound keys alone', () => {
    const bound = { id: 'k2', sealedSecret: sealSigningKey(box, 'tasks:development', 'k2', 'isk_new'), validUntil: null };
    const [old, kept] = resealLegacyKeys(box, 'tasks:development', [{ id: 'k1', sealedSecret: legacy('isk_old'), validUntil: null }, bound]);

    expect(box.isLegacy(old.sealedSecret)).toBe(false);
    expect(box.open(old.sealedSecret, signingKeyContext('tasks:development', 'k1'))).toBe('isk_old');
    expect(() => box.open(old.sealedSecret, signingKeyContext('tasks:production', 'k1'))).toThrow();
    expect(kept).toBe(bound);
  });
});
