import { createHmac, timingSafeEqual } from 'node:crypto';
import type { VerificationStatus } from '@inlet/contracts';
import { parseSignatureHeader } from './parse-signature-header';

/** A signing key as the verifier sees it: the secret, and until when it is still valid (null = current key, no end). */
export type SigningKey = { id: string; secret: string; validUntil: Date | null };

export type VerificationPolicy = {
  /** Reject requests whose signature is missing or wrong; when false, the outcome is only logged. */
  enforced: boolean;
  /** Header carrying the signature, e.g. 'X-Knock-Signature'; matched case-insensitively. */
  header: string;
};

export type VerificationResult = {
  status: VerificationStatus;
  /** False only for enforced:failed and enforced:missing. */
  accept: boolean;
  /** The key that matched, when one did. */
  keyId?: string;
  /** A sentence for logs and 401 bodies; never the secret nor any signature value. */
  problem?: string;
};

/** Hex HMAC-SHA256 of the exact raw bytes with the secret (UTF-8): what a sender puts in the header. */
export function signBody(secret: string, raw: Uint8Array): string {
  return hmac(secret, raw).toString('hex');
}

/**
 * Judges one request's signature against the environment's keys that are still valid at `now`
 * (a key with `validUntil <= now` is ignored). Without a usable key there is nothing to check: 'none',
 * unless verification is enforced: then nothing can verify, and the request is refused (fail closed).
 */
export function verifySignature(input: {
  raw: Uint8Array;
  /** Request headers with lower-case names. */
  headers: Readonly<Record<string, string>>;
  keys: readonly SigningKey[];
  policy: VerificationPolicy;
  now: Date;
}): VerificationResult {
  const { raw, headers, policy, now } = input;
  const keys = input.keys.filter((k) => k.validUntil === null || k.validUntil.getTime() > now.getTime());
  if (keys.length === 0) {
    return policy.enforced
      ? { status: 'enforced:failed', accept: false, problem: 'verification is enforced but the environment has no valid signing key' }
      : { status: 'none', accept: true };
  }

  const mode = policy.enforced ? 'enforced' : 'unenforced';
  const judged = (outcome: 'verified' | 'failed' | 'missing', extra: { keyId?: string; problem?: string }): VerificationResult => ({
    status: `${mode}:${outcome}`,
    accept: !policy.enforced || outcome === 'verified',
    ...extra,
  });

  const header = parseSignatureHeader(headers, policy.header);
  switch (header.kind) {
    case 'missing':
      return judged('missing', { problem: `header ${policy.header} is ${header.empty ? 'empty' : 'missing'}` });
    case 'malformed':
      return judged('failed', {
        problem:
          header.count === 1
            ? 'signature is not 64 hex characters'
            : `none of the ${header.count} values in header ${policy.header} is 64 hex characters`,
      });
    case 'signatures': {
      const received = header.values.map((v) => Buffer.from(v, 'hex'));
      for (const key of keys) {
        const expected = hmac(key.secret, raw);
        // Both sides are 32 bytes: the header values were checked to be 64 hex characters.
        if (received.some((r) => timingSafeEqual(r, expected))) return judged('verified', { keyId: key.id });
      }
      return judged('failed', {
        problem:
          header.values.length === 1
            ? 'signature does not match the body'
            : `none of the ${header.values.length} signatures in header ${policy.header} matches the body`,
      });
    }
  }
}

function hmac(secret: string, raw: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(raw).digest();
}

/** Why a refused request was refused, as the source log and the 401 answer state it. */
export function rejectionOf(result: VerificationResult): { reason: 'signature_missing' | 'signature_invalid'; message: string } {
  return {
    reason: result.status === 'enforced:missing' ? 'signature_missing' : 'signature_invalid',
    message: result.problem ?? 'signature does not verify',
  };
}
