import fc from 'fast-check';
import { VerificationStatusSchema } from '@inlet/contracts';
import { rejectionOf, signBody, verifySignature, type SigningKey, type VerificationPolicy } from './verify-signature';

const now = new Date('2025-06-01T12:00:00.000Z');
const current: SigningKey = { id: 'key_current', secret: 'whsec_current_5f2b9c', validUntil: null };
const previous: SigningKey = { id: 'key_previous', secret: 'whsec_previous_81d0aa', validUntil: new Date('2025-06-01T13:00:00.000Z') };
const expired: SigningKey = { id: 'key_expired', secret: 'whsec_expired_33e7f1', validUntil: new Date('2025-06-01T11:59:59.999Z') };
const endingNow: SigningKey = { id: 'key_ending_now', secret: 'whsec_ending_now_0c44', validUntil: now };
const keys = [current, previous, expired, endingNow];
const knock: VerificationPolicy = { enforced: true, header: 'X-Knock-Signature' };

// Spaces and key order a JSON round trip would not preserve.
const raw = Buffer.from('{"event_type": "task.completed",  "data": {"b": 1, "a": 2}}\n');
const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))));
const good = signBody(current.secret, raw);
const wrong = signBody('whsec_someone_else', raw);

function verify(value: string | undefined, policy: VerificationPolicy = knock, withKeys: readonly SigningKey[] = keys) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (value !== undefined) headers['x-knock-signature'] = value;
  return verifySignature({ raw, headers, keys: withKeys, policy, now });
}

describe('signBody', () => {
  it('matches the published HMAC-SHA256 vector (RFC 4231, test case 2)', () => {
    expect(signBody('Jefe', Buffer.from('what do ya want for nothing?'))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});

describe('verifySignature', () => {
  type Outcome = 'verified' | 'failed' | 'missing';
  const cases: [string, string | undefined, Outcome, string | undefined][] = [
    ['a correct signature', good, 'verified', 'key_current'],
    ['an upper-case hex signature', good.toUpperCase(), 'verified', 'key_current'],
    ['a signature with surrounding whitespace', ` \t${good} `, 'verified', 'key_current'],
    ['a signature by the previous key inside its rotation overlap', signBody(previous.secret, raw), 'verified', 'key_previous'],
    ['a signature by a key past its validUntil', signBody(expired.secret, raw), 'failed', undefined],
    ['a signature by a key whose validUntil is exactly now', signBody(endingNow.secret, raw), 'failed', undefined],
    ['a signature by an unknown key', wrong, 'failed', undefined],
    ['a signature computed over re-serialised JSON', signBody(current.secret, reserialised), 'failed', undefined],
    ['a signature one character short', good.slice(0, 63), 'failed', undefined],
    ['a signature one character long', `${good}0`, 'failed', undefined],
    ['64 characters that are not hex', 'z'.repeat(64), 'failed', undefined],
    ['a base64 signature', Buffer.from(good, 'hex').toString('base64'), 'failed', undefined],
    ['a signature with a sha256= prefix', `sha256=${good}`, 'failed', undefined],
    ['a repeated header where one value verifies', `${wrong}, ${good}`, 'verified', 'key_current'],
    ['a repeated header where no value verifies', `${wrong}, ${signBody(expired.secret, raw)}`, 'failed', undefined],
    ['a repeated header with a malformed and a correct value', `nonsense, ${good}`, 'verified', 'key_current'],
    ['a repeated header with no well-formed value', 'nonsense, abc', 'failed', undefined],
    ['no header', undefined, 'missing', undefined],
    ['an empty header', '', 'missing', undefined],
    ['a whitespace-only header', '  \t ', 'missing', undefined],
    ['a repeated header whose values are all empty', ', ', 'missing', undefined],
  ];
  const table = cases.flatMap(([name, value, outcome, keyId]) =>
    [true, false].map((enforced) => ({ name, value, outcome, keyId, enforced })),
  );

  it.each(table)('judges $name as $outcome (enforced: $enforced)', ({ value, outcome, keyId, enforced }) => {
    const result = verify(value, { ...knock, enforced });
    expect(result.status).toBe(`${enforced ? 'enforced' : 'unenforced'}:${outcome}`);
    expect(result.accept).toBe(!enforced || outcome === 'verified');
    expect(result.keyId).toBe(keyId);
    if (outcome === 'verified') expect(result.problem).toBeUndefined();
    else expect(result.problem).toEqual(expect.any(String));
  });

  it.each([
    ['no header', undefined, 'header X-Knock-Signature is missing'],
    ['an empty header', ' ', 'header X-Knock-Signature is empty'],
    ['a short signature', good.slice(0, 40), 'signature is not 64 hex characters'],
    ['a wrong signature', wrong, 'signature does not match the body'],
    ['a repeated header that does not verify', `${wrong}, ${wrong}`, 'none of the 2 signatures in header X-Knock-Signature matches the body'],
    ['a repeated malformed header', 'a, b, c', 'none of the 3 values in header X-Knock-Signature is 64 hex characters'],
  ])('explains %s', (_name, value, problem) => {
    expect(verify(value).problem).toBe(problem);
  });

  it.each([
    ['no keys', [], good],
    ['no keys and no header', [], undefined],
    ['only keys past their validUntil', [expired, endingNow], wrong],
  ])('has nothing to check with %s when not enforced, and refuses when enforced (fail closed)', (_name, withKeys, value) => {
    expect(verify(value, { ...knock, enforced: false }, withKeys)).toEqual({ status: 'none', accept: true });
    expect(verify(value, { ...knock, enforced: true }, withKeys)).toEqual({
      status: 'enforced:failed',
      accept: false,
      problem: 'verification is enforced but the environment has no valid signing key',
    });
  });

  it.each([
    ['X-Partner-Sig', 'x-partner-sig', 'enforced:verified'],
    ['x-partner-sig', 'x-partner-sig', 'enforced:verified'],
    ['X-PARTNER-SIG', 'x-partner-sig', 'enforced:verified'],
    ['X-Partner-Sig', 'x-knock-signature', 'enforced:missing'],
  ])('reads the configured header %s from a request carrying %s', (header, sent, status) => {
    const result = verifySignature({ raw, headers: { [sent]: good }, keys, policy: { enforced: true, header }, now });
    expect(result.status).toBe(status);
  });

  it('does not read a header name from the prototype of the header map', () => {
    const result = verifySignature({ raw, headers: {}, keys, policy: { enforced: true, header: 'constructor' }, now });
    expect(result.status).toBe('enforced:missing');
  });
});

describe('verifySignature properties', () => {
  const secret = fc.string({ maxLength: 40 });
  const hex64 = fc.stringMatching(/^[0-9a-fA-F]{64}$/);
  const headerValue = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    hex64,
    fc.array(fc.oneof(hex64, fc.string({ maxLength: 8 })), { maxLength: 4 }).map((v) => v.join(', ')),
  );
  const key = fc.record({
    id: fc.string({ maxLength: 8 }),
    secret,
    validUntil: fc.option(fc.date({ noInvalidDate: false })),
  });

  it('never throws and always returns a contract status', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 512 }),
        fc.dictionary(fc.string({ maxLength: 20 }), headerValue),
        fc.option(headerValue),
        fc.array(key, { maxLength: 3 }),
        fc.boolean(),
        fc.string({ maxLength: 20 }),
        fc.date({ noInvalidDate: false }),
        (bytes, headers, signature, withKeys, enforced, header, at) => {
          const all = signature === null ? headers : { ...headers, [header.toLowerCase()]: signature };
          const result = verifySignature({ raw: bytes, headers: all, keys: withKeys, policy: { enforced, header }, now: at });
          expect(VerificationStatusSchema.safeParse(result.status).success).toBe(true);
          expect(result.accept).toBe(result.status !== 'enforced:failed' && result.status !== 'enforced:missing');
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('verifies whatever signBody produced for any body and secret', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), secret, (bytes, s) => {
        const result = verifySignature({
          raw: bytes,
          headers: { 'x-knock-signature': signBody(s, bytes) },
          keys: [{ id: 'k', secret: s, validUntil: null }],
          policy: knock,
          now,
        });
        expect(result).toEqual({ status: 'enforced:verified', accept: true, keyId: 'k' });
      }),
      { numRuns: 500 },
    );
  });

  it('rejects a body with any single bit flipped', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 1024 }), secret, fc.nat(), fc.nat(7), (bytes, s, at, bit) => {
        const signature = signBody(s, bytes);
        const tampered = Uint8Array.from(bytes);
        tampered[at % tampered.length] ^= 1 << bit;
        const result = verifySignature({
          raw: tampered,
          headers: { 'x-knock-signature': signature },
          keys: [{ id: 'k', secret: s, validUntil: null }],
          policy: knock,
          now,
        });
        expect(result.status).toBe('enforced:failed');
        expect(result.accept).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('never puts the secret or a signature value in the problem', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 256 }),
        fc.string({ minLength: 16, maxLength: 40 }),
        fc.boolean(),
        fc.oneof(hex64, fc.string({ minLength: 16 })),
        (bytes, s, sendSecret, other) => {
          const expected = signBody(s, bytes);
          // A confused sender may put the secret itself in the header.
          const sent = sendSecret ? s : other;
          const result = verifySignature({
            raw: bytes,
            headers: { 'x-knock-signature': sent },
            keys: [{ id: 'k', secret: s, validUntil: null }],
            policy: knock,
            now,
          });
          const problem = (result.problem ?? '').toLowerCase();
          expect(problem).not.toContain(s.toLowerCase());
          expect(problem).not.toContain(expected);
          if (sent.trim().length >= 16) expect(problem).not.toContain(sent.trim().toLowerCase());
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('rejectionOf', () => {
  it.each([
    [{ status: 'enforced:missing' as const, accept: false, problem: 'header X-Knock-Signature is missing' }, 'signature_missing', 'header X-Knock-Signature is missing'],
    [{ status: 'enforced:failed' as const, accept: false, problem: 'signature does not match the body' }, 'signature_invalid', 'signature does not match the body'],
    [{ status: 'enforced:failed' as const, accept: false }, 'signature_invalid', 'signature does not verify'],
  ])('names the reason of %j', (result, reason, message) => {
    expect(rejectionOf(result)).toEqual({ reason, message });
  });
});
