import type { SourceEnvironmentConfig } from '@inlet/contracts';
import type { SigningKey, VerificationPolicy } from '@inlet/domain/signature';
import { SecretBox } from './secret-box';

/**
 * What a signing key's sealed secret is bound to: its source environment and its key id. JSON, so
 * no pair of ids can run together into another pair's context.
 */
export function signingKeyContext(sourceEnvironmentId: string, keyId: string): string {
  return JSON.stringify(['signing-key', sourceEnvironmentId, keyId]);
}

/**
 * The signing keys of a source environment, opened with the master key once per version of its
 * configuration record (records are replaced, never mutated, so the record itself is the cache key).
 * A key sealed for another environment or key id does not open: it throws.
 */
export class SigningKeyring {
  private readonly box: SecretBox;
  private readonly opened = new WeakMap<SourceEnvironmentConfig, SigningKey[]>();

  constructor(masterKey: string) {
    this.box = new SecretBox(masterKey);
  }

  keysOf(env: SourceEnvironmentConfig): SigningKey[] {
    let keys = this.opened.get(env);
    if (!keys) {
      keys = env.signingKeys.map((k) => ({
        id: k.id,
        secret: this.box.open(k.sealedSecret, signingKeyContext(env.id, k.id)),
        validUntil: k.validUntil ? new Date(k.validUntil) : null,
      }));
      this.opened.set(env, keys);
    }
    return keys;
  }
}

/** The verification policy of a source environment's settings. */
export function policyOf(env: SourceEnvironmentConfig): VerificationPolicy {
  return { enforced: env.settings.verification.enabled, header: env.settings.verification.header };
}
