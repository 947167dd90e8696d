import { createHash } from 'node:crypto';
import type { FinalLogStatus, Idempotency, SourceSettings } from '@inlet/contracts';
import { resolvePath, type PathRoot } from '@inlet/domain/paths';
import { describeValue } from './normalize-event';

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * What the payload says before anything is claimed: a key to claim, or the outcome already known
 * (off, no value at the path, or a value that cannot be a key and is dropped).
 */
export type IdempotencyCheck = { claim: true; key: string } | { claim: false; idempotency: Idempotency };

/** Finds and validates the idempotency key: a non-empty string of at most 255 characters. */
export function checkIdempotencyKey(root: PathRoot, settings: SourceSettings['idempotency']): IdempotencyCheck {
  if (!settings.enabled || settings.keyPath === null) return { claim: false, idempotency: { outcome: 'disabled' } };
  const path = settings.keyPath;
  const found = resolvePath(root, path);
  if (!found.found || found.value === null) return { claim: false, idempotency: { outcome: 'no_key' } };
  const { value } = found;
  const invalid = (why: string): IdempotencyCheck => ({ claim: false, idempotency: { outcome: 'key_invalid', detail: `idempotency key at "${path}" ${why}; processed without deduplication` } });
  if (typeof value !== 'string') return invalid(`is ${describeValue(value)}, not a string`);
  if (value.length === 0) return invalid('is an empty string');
  if (value.length > MAX_IDEMPOTENCY_KEY_LENGTH) return invalid(`is longer than ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  return { claim: true, key: value };
}

/** One event's hold on its key, from its receipt until the window closes. */
export type IdempotencyClaim = { id: string; eventId: string; claimedAt: Date; expiresAt: Date };

/**
 * The claim an event makes. Its id is the scope, key + event type + source environment, hashed:
 * fixed length whatever the key, and one `_id` lookup to find the holder.
 */
export function idempotencyClaimOf(event: { sourceEnvironmentId: string; eventId: string; eventType: string; key: string; receivedAt: Date }, windowSeconds: number): IdempotencyClaim {
  return {
    id: idempotencyClaimId(event.sourceEnvironmentId, event.eventType, event.key),
    eventId: event.eventId,
    claimedAt: event.receivedAt,
    expiresAt: new Date(event.receivedAt.getTime() + windowSeconds * 1000),
  };
}

export function idempotencyClaimId(sourceEnvironmentId: string, eventType: string, key: string): string {
  return createHash('sha256').update(JSON.stringify([sourceEnvironmentId, eventType, key])).digest('hex');
}

/**
 * Only successful processing is recorded: an event that ended with a failed action (or an action
 * skipped for bad data) gives its key back, so the sender's retry runs again. An event with no
 * mappings, or whose actions all succeeded or were skipped by design, keeps it.
 */
export function releasesIdempotencyClaim(status: FinalLogStatus): boolean {
  return status === 'failed' || status === 'partially_failed';
}
