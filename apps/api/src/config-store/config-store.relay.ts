import type { Model } from 'mongoose';
import type { Logger } from 'pino';
import { ConfigRecordSchema, type ConfigRecord } from '@inlet/contracts';
import { Publisher, publishConfig, type ConfigTombstone } from '@inlet/platform/kafka';
import type { ConfigStoreModels, Versioned } from './config-store.models';
import { outboxMessage, owedAfterMiss, type PublishedKind } from './config-store.records';

type Doc = { _id: string } & Versioned;
type Pending = { kind: PublishedKind; doc: Doc };

/** A pass publishes, then re-checks what changed meanwhile; past this many rounds the timer takes over. */
const MAX_ROUNDS = 3;

/**
 * The outbox relay. A write only stores a document with `published: false`; the relay puts every
 * such document on the config topic and then marks it published, conditionally on the version it
 * sent. It runs after each write, at boot and on a timer, so a publish that failed (broker away)
 * heals without a restart. Several replicas may relay at once: the same version published twice is
 * the same value under the same key of a compacted topic. What the relay must prevent is a stale
 * record ending up last on its key (its send landing after a newer one): a mark that misses means
 * the document changed while its old version was in flight, so the current one is published again.
 */
export class ConfigRelay {
  private readonly collections: [PublishedKind, Model<Doc>][];
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Keys whose document is gone while a stale record of it may be last on the topic. */
  private readonly owedTombstones = new Map<string, ConfigTombstone>();
  /** Versions already reported as unpublishable, so the timer does not repeat the error line. */
  private readonly reported = new Set<string>();

  constructor(
    models: ConfigStoreModels,
    private readonly publisher: Publisher,
    private readonly logger: Logger,
  ) {
    this.collections = [
      ['source_environment', models.sourceEnvironments as unknown as Model<Doc>],
      ['mapping', models.mappings as unknown as Model<Doc>],
      ['workflow', models.workflows as unknown as Model<Doc>],
    ];
  }

  /**
   * Boot: documents stored before versions existed get version 1, and everything is to be
   * published again (a broker that lost the topic is brought back in line) by the next pass.
   */
  async markAllUnpublished(): Promise<void> {
    for (const [, model] of this.collections) {
      await model.updateMany({ version: { $exists: false } }, { $set: { version: 1 } });
      await model.updateMany({}, { $set: { published: false } });
    }
  }

  /** Runs a pass every `everyMs` until stop(). */
  startTimer(everyMs: number): void {
    this.timer = setInterval(() => void this.flush(), everyMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for the pass in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.queued;
    await this.running;
  }

  /**
   * Resolves after a pass that started after this call has ended: what was stored before the call
   * was then published, unless Kafka refused (logged; the timer tries again). Never rejects.
   */
  flush(): Promise<void> {
    this.queued ??= (async () => {
      await this.running;
      this.queued = undefined;
      const pass = this.pass();
      this.running = pass;
      await pass;
      if (this.running === pass) this.running = undefined;
    })();
    return this.queued;
  }

  /** How many documents wait for publication (for tests and logs). */
  async lagging(): Promise<number> {
    let count = 0;
    for (const [, model] of this.collections) count += await model.countDocuments({ published: false });
    return count;
  }

  private async pass(): Promise<void> {
    try {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const pending = this.publishable(await this.pending());
        const tombstones = [...this.owedTombstones.values()];
        if (pending.length === 0 && tombstones.length === 0) return;
        await publishConfig(this.publisher, [...pending.map((p) => p.message), ...tombstones]);
        for (const t of tombstones) this.owedTombstones.delete(`${t.kind}:${t.id}`);
        if (!(await this.markPublished(pending))) return;
      }
    } catch (err) {
      this.logger.warn({ err }, 'configuration not yet published: stored, and the relay tries again');
    }
  }

  /**
   * The documents whose record keeps to the contract. One that does not (stored by hand, or before
   * a rule existed) stays unpublished and is reported once, rather than keep every other from
   * being published: the publisher refuses a whole call for one bad record.
   */
  private publishable(pending: Pending[]): (Pending & { message: ConfigRecord | ConfigTombstone })[] {
    return pending.flatMap((p) => {
      try {
        const message = outboxMessage(p.kind, p.doc as never);
        if (!('deleted' in message)) ConfigRecordSchema.parse(message);
        return [{ ...p, message }];
      } catch (err) {
        const key = `${p.kind}:${p.doc._id}@${p.doc.version}`;
        if (!this.reported.has(key)) this.logger.error({ err, key }, 'stored configuration breaks the contract: not published until it is changed');
        this.reported.add(key);
        return [];
      }
    });
  }

  private async pending(): Promise<Pending[]> {
    const found = await Promise.all(
      this.collections.map(async ([kind, model]) => (await model.find({ published: false }).lean<Doc[]>()).map((doc) => ({ kind, doc }))),
    );
    return found.flat();
  }

  /** Marks each document published if it is still at the version sent; true if some mark missed. */
  private async markPublished(sent: Pending[]): Promise<boolean> {
    let missed = false;
    for (const [kind, model] of this.collections) {
      const ofKind = sent.filter((p) => p.kind === kind).map((p) => p.doc);
      if (ofKind.length === 0) continue;
      const result = await model.bulkWrite(
        ofKind.map((doc) =>
          // A published deletion ends the tombstone: the document goes, unless it changed since.
          doc.deleted
            ? { deleteOne: { filter: { _id: doc._id, version: doc.version, deleted: true } } }
            : { updateOne: { filter: { _id: doc._id, version: doc.version }, update: { $set: { published: true } } } },
        ) as never,
        { ordered: false },
      );
      if (result.matchedCount + result.deletedCount === ofKind.length) continue;
      missed = true;
      await this.settleMisses(kind, model, ofKind);
    }
    return missed;
  }

  private async settleMisses(kind: PublishedKind, model: Model<Doc>, sent: Doc[]): Promise<void> {
    const current = new Map((await model.find({ _id: { $in: sent.map((d) => d._id) } }, { version: 1 }).lean<Doc[]>()).map((d) => [d._id, d]));
    for (const doc of sent) {
      const now = current.get(doc._id);
      if (now && now.version === doc.version) continue;
      const owed = owedAfterMiss(doc, now);
      if (owed === 'republish') await model.updateOne({ _id: doc._id }, { $set: { published: false } });
      if (owed === 'tombstone') this.owedTombstones.set(`${kind}:${doc._id}`, { kind, id: doc._id, deleted: true });
    }
  }
}
