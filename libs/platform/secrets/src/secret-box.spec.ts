import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

const hexKey = randomBytes(32).toString('hex');

describe('SecretBox', () => {
  it('opens what it sealed, and never seals the same way twice', () => {
    const box = new SecretBox(hexKey);
    const a = box.seal('whsec_abc');
    const b = box.seal('whsec_abc');
    expect(a).not.toEqual(b);
    expect(a).not.toContain('whsec_abc');
    expect([box.open(a), box.open(b)]).toEqual(['whsec_abc', 'whsec_abc']);
  });

  it('accepts a base64 master key', () => {
    const box = new SecretBox(Buffer.from(hexKey, 'hex').toString('base64'));
    expect(new SecretBox(hexKey).open(box.seal('x'))).toBe('x');
  });

  it.each([
    ['another master key', (s: string) => s, new SecretBox(randomBytes(32).toString('hex'))],
    ['an altered ciphertext', (s: string) => s.slice(0, -4) + (s.endsWith('AAAA') ? 'BBBB' : 'AAAA'), new SecretBox(hexKey)],
    ['a value that was never sealed', () => 'plain', new SecretBox(hexKey)],
  ])('refuses %s', (_name, alter, opener) => {
    const sealed = alter(new SecretBox(hexKey).seal('secret'));
    expect(() => opener.open(sealed)).toThrow();
  });

  it.each(['', 'abcd', randomBytes(16).toString('hex')])('refuses a master key of the wrong size: %j', (key) => {
    expect(() => new SecretBox(key)).toThrow('32 bytes');
  });
});
