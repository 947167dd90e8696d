import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Sealed without associated data; still opened, so secrets sealed before v2 keep working. */
const LEGACY = 'v1';
/** Sealed with associated data: opens only for the same context it was sealed for. */
const CURRENT = 'v2';

/**
 * Encrypts secrets at rest (signing keys in MongoDB and on the config topic) with AES-256-GCM under
 * the master key. The output names its version, so the scheme can change without a migration.
 *
 * Every new seal is bound to a context (AEAD associated data, e.g. a signing key's environment and
 * id): a sealed value copied into another context fails to open instead of being trusted there.
 */
export class SecretBox {
  private readonly key: Buffer;

  /** @param masterKey 32 bytes, given as 64 hex characters or base64. */
  constructor(masterKey: string) {
    this.key = /^[0-9a-f]{64}$/i.test(masterKey) ? Buffer.from(masterKey, 'hex') : Buffer.from(masterKey, 'base64');
    if (this.key.length !== 32) throw new Error('the master key must be 32 bytes (64 hex characters or base64)');
  }

  /** @param context what the secret belongs to; the same context is needed to open it. */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [CURRENT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
  }

  /**
   * Throws if the value was not sealed with this master key for this context, or was altered. A
   * legacy (v1) value carries no context and opens anywhere: {@link isLegacy} tells callers to
   * re-seal it.
   */
  open(sealed: string, context: string): string {
    const [version, iv, tag, data] = sealed.split(':');
    if ((version !== CURRENT && version !== LEGACY) || !iv || !tag || data === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    if (version === CURRENT) decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  }

  /** Sealed before contexts existed (v1): opens, but is bound to nothing until re-sealed. */
  isLegacy(sealed: string): boolean {
    return sealed.startsWith(`${LEGACY}:`);
  }

  /** The value sealed for `context`: unchanged when already bound, re-sealed when legacy. */
  reseal(sealed: string, context: string): string {
    return this.isLegacy(sealed) ? this.seal(this.open(sealed, context), context) : sealed;
  }
}
