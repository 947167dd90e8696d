import type { ConfigRecord, MappingConfig, SourceEnvironmentConfig, WorkflowConfig } from '@inlet/contracts';

/**
 * The latest value of every config key, with the lookups the services make on their hot paths.
 * Applying a record replaces what its key held before (indexes included); null deletes it.
 */
export class ConfigIndex {
  private readonly byKey = new Map<string, ConfigRecord>();
  private readonly environmentsById = new Map<string, SourceEnvironmentConfig>();
  private readonly environmentsByTokenHash = new Map<string, SourceEnvironmentConfig>();
  private readonly mappingsByEnvironmentAndType = new Map<string, Map<string, MappingConfig>>();
  private readonly workflowsByKey = new Map<string, WorkflowConfig>();
  /** Source environments this index saw deleted (a tombstone), until one is published again under the id. */
  private readonly deletedEnvironments = new Set<string>();

  get size(): number {
    return this.byKey.size;
  }

  apply(key: string, record: ConfigRecord | null): void {
    const previous = this.byKey.get(key);
    if (previous) this.unindex(previous);
    if (record === null) {
      this.byKey.delete(key);
      // By key, not by the previous record: compaction may have dropped the record and kept its tombstone.
      if (key.startsWith(SOURCE_ENVIRONMENT_KEY)) this.deletedEnvironments.add(key.slice(SOURCE_ENVIRONMENT_KEY.length));
      return;
    }
    if (record.kind === 'source_environment') this.deletedEnvironments.delete(record.id);
    this.byKey.set(key, record);
    this.index(record);
  }

  /**
   * True when the last record of this source environment was a tombstone: deleted, rather than not
   * seen yet (a record the gateway already had may still be on its way here).
   */
  sourceEnvironmentDeleted(id: string): boolean {
    return this.deletedEnvironments.has(id);
  }

  sourceEnvironmentById(id: string): SourceEnvironmentConfig | undefined {
    return this.environmentsById.get(id);
  }

  sourceEnvironmentByTokenHash(hash: string): SourceEnvironmentConfig | undefined {
    return this.environmentsByTokenHash.get(hash);
  }

  /** Active and inactive, ordered by id so every replica sees the same order. */
  mappingsFor(sourceEnvironmentId: string, eventType: string): MappingConfig[] {
    const mappings = this.mappingsByEnvironmentAndType.get(mappingSlot(sourceEnvironmentId, eventType));
    if (!mappings) return [];
    return [...mappings.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  workflow(key: string): WorkflowConfig | undefined {
    return this.workflowsByKey.get(key);
  }

  private index(record: ConfigRecord): void {
    if (record.kind === 'source_environment') {
      this.environmentsById.set(record.id, record);
      this.environmentsByTokenHash.set(record.endpointTokenHash, record);
      return;
    }
    if (record.kind === 'workflow') {
      this.workflowsByKey.set(record.id, record);
      return;
    }
    const slot = mappingSlot(record.sourceEnvironmentId, record.eventType);
    let mappings = this.mappingsByEnvironmentAndType.get(slot);
    if (!mappings) this.mappingsByEnvironmentAndType.set(slot, (mappings = new Map()));
    mappings.set(record.id, record);
  }

  // Only removes entries that still point at this very record: another key may have taken the slot since.
  private unindex(record: ConfigRecord): void {
    if (record.kind === 'source_environment') {
      if (this.environmentsById.get(record.id) === record) this.environmentsById.delete(record.id);
      if (this.environmentsByTokenHash.get(record.endpointTokenHash) === record) {
        this.environmentsByTokenHash.delete(record.endpointTokenHash);
      }
      return;
    }
    if (record.kind === 'workflow') {
      if (this.workflowsByKey.get(record.id) === record) this.workflowsByKey.delete(record.id);
      return;
    }
    const slot = mappingSlot(record.sourceEnvironmentId, record.eventType);
    const mappings = this.mappingsByEnvironmentAndType.get(slot);
    if (mappings?.get(record.id) === record) mappings.delete(record.id);
    if (mappings?.size === 0) this.mappingsByEnvironmentAndType.delete(slot);
  }
}

const SOURCE_ENVIRONMENT_KEY = `${'source_environment' satisfies ConfigRecord['kind']}:`;

function mappingSlot(sourceEnvironmentId: string, eventType: string): string {
  return `${sourceEnvironmentId}\u0000${eventType}`;
}

/**
 * When a reader that started from the beginning has caught up: it has read up to the last offset
 * each partition had when the reader started. An empty partition is caught up at once.
 */
export class CatchUp {
  private readonly pending = new Map<number, bigint>();

  constructor(watermarks: readonly { partition: number; high: string; low: string }[]) {
    for (const { partition, high, low } of watermarks) {
      if (BigInt(high) > BigInt(low)) this.pending.set(partition, BigInt(high) - 1n);
    }
  }

  get done(): boolean {
    return this.pending.size === 0;
  }

  /** Records that everything up to `offset` of `partition` was read. */
  reached(partition: number, offset: string): void {
    const target = this.pending.get(partition);
    if (target !== undefined && BigInt(offset) >= target) this.pending.delete(partition);
  }
}
