import { signingKeyContext, type SecretBox } from '@inlet/platform/secrets';
import { ApiError } from '../shared/api-errors';

/**
 * The longest a replaced signing key keeps verifying after a rotation. A rotation is done within
 * days; a longer overlap would leave a possibly leaked key valid for as long as it was asked.
 */
export const MAX_SIGNING_KEY_OVERLAP_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Until when the key being replaced keeps verifying: `previous_valid_until` (ISO-8601, checked by
 * the schema), or `now` when absent. 400 naming the field when in the past or over the cap.
 */
export function overlapUntil(previousValidUntil: string | undefined, now: Date): Date {
  if (previousValidUntil === undefined) return now;
  const until = new Date(previousValidUntil);
  if (until.getTime() < now.getTime()) throw new ApiError('invalid_request', 'previous_valid_until: must not be in the past');
  if (until.getTime() > now.getTime() + MAX_SIGNING_KEY_OVERLAP_DAYS * DAY_MS) {
    throw new ApiError('invalid_request', `previous_valid_until: must be at most ${MAX_SIGNING_KEY_OVERLAP_DAYS} days ahead`);
  }
  return until;
}

/** A signing key's secret sealed for its source environment and key id, so it opens nowhere else. */
export function sealSigningKey(box: SecretBox, sourceEnvironmentId: string, keyId: string, secret: string): string {
  return box.seal(secret, signingKeyContext(sourceEnvironmentId, keyId));
}

/**
 * Keys sealed before keys were bound to their environment (v1) re-sealed bound; the others as
 * they are. Cheap, so done whenever the api rewrites an environment's keys anyway.
 */
export function resealLegacyKeys<K extends { id: string; sealedSecret: string }>(box: SecretBox, sourceEnvironmentId: string, keys: K[]): K[] {
  return keys.map((k) => (box.isLegacy(k.sealedSecret) ? { ...k, sealedSecret: box.reseal(k.sealedSecret, signingKeyContext(sourceEnvironmentId, k.id)) } : k));
}
