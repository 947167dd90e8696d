import { randomUUID } from 'node:crypto';
import { configKey, type ConfigRecord, type MappingConfig, type SourceEnvironmentConfig, type WorkflowConfig } from '@inlet/contracts';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { isRetriable } from './classify-error';
import { decodeValue } from './codec';
import { CatchUp, ConfigIndex } from './config-index';
import type { Publisher } from './publisher';
import { topicName } from './topics';

export type ConfigListener = (key: string, record: ConfigRecord | null) => void;

/** How long the view's consumer may fail without a successful fetch before the view gives up on it. Default 2 minutes. */
export const CONFIG_VIEW_GIVE_UP_MS = 120_000;

/**
 * An in-memory view of the compacted config topic. Every replica reads the whole topic with its
 * own throwaway group (no commits), so every replica sees every record.
 *
 * A view whose consumer is dead would serve stale configuration for as long as the process lives:
 * when kafkajs crashes it for good (a non-retriable error), or it has failed without one
 * successful fetch for `giveUpAfterMs` (kafkajs itself would restart it forever), the view stops
 * being ready and tells its failure listeners, so that the service exits and is restarted.
 */
export class ConfigView {
  private readonly kafka: Kafka;
  private readonly topic: string;
  private readonly service: string;
  private readonly logger: Logger;
  private readonly index = new ConfigIndex();
  private readonly listeners = new Set<ConfigListener>();
  private readonly failureListeners = new Set<(reason: string) => void>();
  private readonly giveUpAfterMs: number;
  private consumer: Consumer | undefined;
  private isReady = false;
  private stopped = false;
  private failure: string | undefined;
  /** Since when the consumer has been crashing without a successful fetch in between. */
  private failingSince: number | undefined;
  private gaveUp: string | undefined;
  private abortStart: ((error: Error) => void) | undefined;
  private startedAt: Date | undefined;

  constructor(kafka: Kafka, opts: { topicSuffix: string; service: string; logger: Logger; giveUpAfterMs?: number }) {
    this.kafka = kafka;
    this.topic = topicName('config', opts.topicSuffix);
    this.service = opts.service;
    this.logger = opts.logger.child({ component: 'config-view' });
    this.giveUpAfterMs = opts.giveUpAfterMs ?? CONFIG_VIEW_GIVE_UP_MS;
  }

  /** True once the view has caught up with the topic as it was at start(), until it stops or its consumer dies. */
  get ready(): boolean {
    return this.isReady && !this.stopped && this.failure === undefined;
  }

  /** Why the view stopped following the topic for good (undefined while it follows it). */
  get failed(): string | undefined {
    return this.failure;
  }

  /** Invoked once if the view's consumer dies (not on stop()); at once if it already has. */
  onFailure(listener: (reason: string) => void): void {
    this.failureListeners.add(listener);
    if (this.failure !== undefined) listener(this.failure);
  }

  /**
   * Reads the topic from the beginning and resolves once caught up with the high watermarks read
   * at start (an empty topic is caught up at once). Keeps following changes afterwards.
   */
  async start(): Promise<void> {
    if (this.consumer) throw new Error('ConfigView.start() was already called');
    this.startedAt = new Date();
    const admin = this.kafka.admin();
    await admin.connect();
    let catchUp: CatchUp;
    try {
      catchUp = new CatchUp(await highWatermarks(admin, this.topic));
    } finally {
      await admin.disconnect();
    }

    const consumer = this.kafka.consumer({
      groupId: `inlet-config-view.${this.service}.${randomUUID()}`,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 500,
      // kafkajs' default retries, and a limit on how long it may keep restarting a failing consumer.
      retry: { retries: 5, restartOnFailure: async () => this.keepTrying() },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.FETCH, () => {
      this.failingSince = undefined;
    });
    let caughtUp!: () => void;
    const ready = new Promise<void>((resolve, reject) => {
      caughtUp = resolve;
      this.abortStart = reject;
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        this.logger.error({ err: payload.error, restart: payload.restart }, 'config consumer crashed');
        if (payload.restart) return;
        reject(payload.error);
        this.fail(this.gaveUp ?? `the config consumer crashed and will not restart: ${payload.error.message}`);
      });
    });
    const markReady = () => {
      if (this.isReady) return;
      this.isReady = true;
      this.logger.info({ records: this.index.size }, 'config view caught up');
      caughtUp();
    };

    await consumer.connect();
    await consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, heartbeat }: EachBatchPayload) => {
        for (const message of batch.messages) this.apply(message.key, message.value, message.offset);
        catchUp.reached(batch.partition, batch.lastOffset());
        if (catchUp.done) markReady();
        await heartbeat();
      },
    });
    if (catchUp.done) markReady();
    await ready;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abortStart?.(new Error('the config view was stopped before it caught up'));
    await this.consumer?.disconnect();
  }

  /** kafkajs asks before restarting a crashed consumer: yes, unless it has failed for too long. */
  private keepTrying(): boolean {
    if (this.stopped) return false;
    const now = Date.now();
    this.failingSince ??= now;
    if (now - this.failingSince < this.giveUpAfterMs) return true;
    this.gaveUp = `the config consumer has failed for ${now - this.failingSince} ms without a successful fetch (limit ${this.giveUpAfterMs} ms)`;
    return false;
  }

  private fail(reason: string): void {
    if (this.stopped || this.failure !== undefined) return;
    this.failure = reason;
    for (const listener of this.failureListeners) listener(reason);
  }

  sourceEnvironmentById(id: string): SourceEnvironmentConfig | undefined {
    return this.index.sourceEnvironmentById(id);
  }

  sourceEnvironmentByTokenHash(hash: string): SourceEnvironmentConfig | undefined {
    return this.index.sourceEnvironmentByTokenHash(hash);
  }

  /** True when the view saw this source environment deleted (its last record is a tombstone). */
  sourceEnvironmentDeleted(id: string): boolean {
    return this.index.sourceEnvironmentDeleted(id);
  }

  /**
   * When start() read the topic's end offsets: once the view is ready, it holds every record
   * published before this time (undefined before start()).
   */
  get holdsEverythingBefore(): Date | undefined {
    return this.startedAt;
  }

  /** Mappings of that environment and event type, active and inactive, ordered by id. */
  mappingsFor(sourceEnvironmentId: string, eventType: string): MappingConfig[] {
    return this.index.mappingsFor(sourceEnvironmentId, eventType);
  }

  /** A registered workflow by key, with its status per environment. */
  workflow(key: string): WorkflowConfig | undefined {
    return this.index.workflow(key);
  }

  /** Invoked after each applied record (key and the new value, null for a tombstone). Returns the unsubscribe function. */
  onChange(listener: ConfigListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private apply(rawKey: Buffer | null, value: Buffer | null, offset: string): void {
    if (rawKey === null) {
      this.logger.error({ topic: this.topic, offset }, 'config record without a key ignored');
      return;
    }
    const key = rawKey.toString('utf8');
    const decoded = decodeValue('config', value);
    if (!decoded.ok) {
      // The api validates before it writes; a bad record keeps the previous value of its key.
      this.logger.error({ topic: this.topic, offset, key, code: decoded.code, reason: decoded.message }, 'invalid config record ignored');
      return;
    }
    this.index.apply(key, decoded.value);
    for (const listener of this.listeners) {
      try {
        listener(key, decoded.value);
      } catch (err) {
        this.logger.error({ err, key }, 'config change listener failed');
      }
    }
  }
}

/** Deletes a config record: written as a tombstone for its key. */
export type ConfigTombstone = { kind: ConfigRecord['kind']; id: string; deleted: true };

/** Writes config records (the api uses it), each keyed `configKey(record)`; a ConfigTombstone deletes its key. */
export function publishConfig(publisher: Publisher, records: (ConfigRecord | ConfigTombstone)[]): Promise<void> {
  return publisher.publish(
    'config',
    records.map((r) => ('deleted' in r ? { key: configKey(r), value: null } : { key: configKey(r), value: r })),
  );
}

/** How long a view waits at start for the topic's partitions to have a leader again. */
const LEADER_WAIT_MS = 30_000;

/**
 * The topic's high watermarks. A broker that has just started (or restarted) answers NOT_LEADER for
 * a moment while its partitions elect leaders: a retriable error, waited out here, rather than a
 * service that fails to start.
 */
async function highWatermarks(admin: Admin, topic: string): Promise<Awaited<ReturnType<Admin['fetchTopicOffsets']>>> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (err) {
      if (!isRetriable(err) || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, DEFAULT_BACKOFF)));
    }
  }
}
