import { createHash } from 'node:crypto';
import { SourceSettingsSchema, type ConfigRecord } from '@inlet/contracts';
import type { ConfigTombstone } from '@inlet/platform/kafka';
import type { StoredMapping, StoredSourceEnvironment, StoredWorkflow, Versioned } from './config-store.models';

/** The kinds of stored document the api publishes to the config topic. */
export type PublishedKind = ConfigRecord['kind'];

export function environmentRecord(stored: StoredSourceEnvironment): ConfigRecord {
  return {
    kind: 'source_environment',
    id: stored._id,
    ...versionOf(stored),
    sourceKey: stored.sourceKey,
    sourceType: stored.sourceType,
    environment: stored.environment,
    endpointTokenHash: createHash('sha256').update(stored.endpointToken).digest('hex'),
    settings: SourceSettingsSchema.parse(stored.settings),
    signingKeys: (stored.signingKeys ?? []).map((k) => ({ id: k.id, sealedSecret: k.sealedSecret, validUntil: k.validUntil ? new Date(k.validUntil).toISOString() : null })),
  };
}

export function mappingRecord(stored: StoredMapping): ConfigRecord {
  return {
    kind: 'mapping',
    id: stored._id,
    ...versionOf(stored),
    sourceEnvironmentId: stored.sourceEnvironmentId,
    eventType: stored.eventType,
    actionType: stored.actionType,
    params: stored.params,
    active: stored.active,
    ...(stored.triggerId ? { triggerId: stored.triggerId } : {}),
  };
}

export function workflowRecord(stored: StoredWorkflow): ConfigRecord {
  return { kind: 'workflow', id: stored._id, ...versionOf(stored), name: stored.name, statuses: stored.statuses ?? {} };
}

type StoredOf = { source_environment: StoredSourceEnvironment; mapping: StoredMapping; workflow: StoredWorkflow };

/** What the relay publishes for a stored document: its record, or a tombstone once it is marked deleted. */
export function outboxMessage<K extends PublishedKind>(kind: K, stored: StoredOf[K]): ConfigRecord | ConfigTombstone {
  if (stored.deleted) return { kind, id: stored._id, deleted: true };
  if (kind === 'source_environment') return environmentRecord(stored as StoredSourceEnvironment);
  if (kind === 'mapping') return mappingRecord(stored as StoredMapping);
  return workflowRecord(stored as StoredWorkflow);
}

/**
 * After publishing `sent`, what the relay owes for a document whose mark missed (it changed or went
 * away meanwhile, so what was sent may now be the last record of its key, and stale):
 * `republish` the current version, a `tombstone` if it is gone and what was sent was not one, or
 * `nothing` when the deletion that was sent stands.
 */
export function owedAfterMiss(sent: Pick<Versioned, 'version' | 'deleted'>, current: Pick<Versioned, 'version'> | undefined): 'republish' | 'tombstone' | 'nothing' {
  if (current) return 'republish';
  return sent.deleted ? 'nothing' : 'tombstone';
}

// Documents written before versions existed have none: boot gives them version 1.
function versionOf(stored: { version?: number }): { version?: number } {
  return typeof stored.version === 'number' && stored.version > 0 ? { version: stored.version } : {};
}
