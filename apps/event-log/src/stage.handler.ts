import { Inject, Injectable } from '@nestjs/common';
import type { Context } from '@opentelemetry/api';
import type { Connection } from 'mongoose';
import type { FinalLogStatus, LogStatus } from '@inlet/contracts';
import { deriveStatus, failedOnlyByStall } from '@inlet/domain/logs';
import { isRetriableMongoError } from '@inlet/platform/mongo';
import { PipelineError, Publisher, type OutgoingMessage, type ReceivedMessage } from '@inlet/platform/kafka';
import { BatchCoalescer, MONGO, followUp, type BatchHandlerService } from '@inlet/platform/pipeline';
import { knownEventTypeModel, sourceLogCollection, type SourceLog } from '@inlet/store/source-logs';
import { eventLogMetrics } from './event-log.metrics';
import { logFactsOf, STATUS_FIELDS, type StatusFields } from './log-facts';
import { mergeLogUpdates, projectEventTypes, projectStage, type StageTopic } from './project-stage';
import { applyLogUpdate, KnownLogs } from './known-logs';
import { traceIdOf } from './trace-id';

/** Rounds of derive-and-verify before leaving a contended status to the next stage's write. */
const MAX_STATUS_ROUNDS = 5;

/**
 * How long the first partition's batch of a fetch waits for the others before their flush: kafkajs
 * starts the handler calls of one fetch within a millisecond or two of each other.
 */
export const FLUSH_LINGER_MS = 5;

/** Ids per status query: see findChunked. */
const FIND_CHUNK = 200;

/**
 * The log writes and reads of every flush go straight to the driver: mongoose's casting of each
 * upsert was a quarter of this service's CPU (a --cpu-prof profile), and it adds nothing here. The
 * updates are built from validated messages with the schema's types (dates as Dates), its insert
 * defaults are in each upsert's head (`headOnInsert`), and a field left undefined is not written.
 */
const WRITE_OPTIONS = { ordered: true, ignoreUndefined: true } as const;

/**
 * Logs in progress remembered (1 to 2 KB each, up to about 80 MB): half a minute of stages at
 * 1,500 events/s. A log forgotten before its next stage costs a read of the whole log and a second
 * write for its status: with 10,000, a backlog at 1,000 unmapped events/s for 60 s forgot most of
 * them (2.2 documents updated per event instead of 1.7, and a third more of the store's CPU).
 */
const KNOWN_LOGS = 50_000;

/**
 * Projects every stage of the pipeline into one source-log document per request. The batches of the
 * partitions consumed concurrently are flushed together: one bulk upsert per flush, one upsert per
 * event however many of its stages the flush holds, then the status of each touched log derived
 * from what it now holds, and the catalog of known event types (two writes per type per flush). A
 * log that holds an idempotency key and reaches its final status is announced on event.completed,
 * for the verifier to keep or give back the key.
 */
@Injectable()
export class StageHandler implements BatchHandlerService<StageTopic> {
  private readonly logs;
  private readonly eventTypes;
  private readonly known = new KnownLogs(KNOWN_LOGS);
  private readonly flushes = new BatchCoalescer<ReceivedMessage<StageTopic>>((batch) => this.project(batch), FLUSH_LINGER_MS);

  constructor(
    @Inject(MONGO) connection: Connection,
    private readonly publisher: Publisher,
  ) {
    this.logs = sourceLogCollection(connection);
    this.eventTypes = knownEventTypeModel(connection);
  }

  handle(batch: ReceivedMessage<StageTopic>[]): Promise<void> {
    return this.flushes.submit(batch);
  }

  /**
   * One flush: the stages of every batch submitted together, one upsert per event. A log this
   * process knows gets the status its stages lead to in the same write, and only its version is read
   * back: when no one else wrote a stage of it meanwhile, that status stands. A log the flush
   * inserted whose status is pending needs no reading back; every other is read back and its status
   * derived.
   */
  private async project(batch: ReceivedMessage<StageTopic>[]): Promise<void> {
    const updates = mergeLogUpdates(batch.map((m) => projectStage(m.topic, m.value, traceIdOf(m.headers.traceparent))));
    const projectedAt = new Date();
    const writes = new Map<string, number>();
    for (const u of updates) writes.set(u.eventId, (writes.get(u.eventId) ?? 0) + 1);
    const before = new Map<string, LogStatus>();
    // The logs as this write leaves them, if no one else writes a stage of them first.
    const predicted = new Map<string, StatusFields>();
    for (const u of updates) {
      const known = this.known.get(u.eventId);
      if (!known || writes.get(u.eventId) !== 1 || u.update.$unset) continue;
      // A new object: the remembered log is left as it was.
      const log = applyLogUpdate(known, u);
      const status = (log.status = deriveStatus(logFactsOf(log)));
      predicted.set(u.eventId, log);
      if (status === known.status) continue;
      before.set(u.eventId, known.status);
      delete u.update.$setOnInsert.status;
      Object.assign(u.update.$set, status !== 'pending' && known.status === 'pending' ? { status, finalAt: projectedAt } : { status });
    }
    let completed: { log: StatusFields; status: FinalLogStatus }[];
    try {
      const written = await this.logs.bulkWrite(
        updates.map((u) => ({
          updateOne: { filter: { _id: u.eventId }, update: { ...u.update, $set: { ...u.update.$set, projectedAt } }, upsert: true },
        })),
        WRITE_OPTIONS,
      );
      // A log this write inserted holds only what the flush wrote: when that leaves it pending, a stage
      // another replica writes next finds it and derives the status from both.
      const settled = new Set<string>();
      for (const index of Object.keys(written.upsertedIds)) {
        const u = updates[Number(index)];
        if (writes.get(u.eventId) !== 1) continue;
        const log = applyLogUpdate(undefined, u);
        if (deriveStatus(logFactsOf(log)) !== 'pending') continue;
        settled.add(u.eventId);
        this.known.remember(log);
      }
      const unsettled = [...writes.keys()].filter((id) => !settled.has(id));
      const confirmed = await this.confirmPredicted(
        unsettled.filter((id) => predicted.has(id)),
        predicted,
        { before, at: projectedAt },
      );
      completed = [
        ...confirmed.final,
        ...(await this.deriveStatuses(
          unsettled.filter((id) => !confirmed.ids.has(id)),
          { before, at: projectedAt },
        )),
      ];
      const types = projectEventTypes(batch.flatMap((m) => (m.topic === 'eventNormalized' ? [m.value] : [])));
      // Ordered: a type's samples are pushed after the write that creates the type.
      if (types.length > 0) await this.eventTypes.bulkWrite(types, { ordered: true });
    } catch (err) {
      // A duplicate key here is two projectors inserting the same new log at once: the retry updates it.
      const retriable = isRetriableMongoError(err) || (err as { code?: number }).code === 11000;
      throw new PipelineError('log_store_unavailable', 'the log store did not take the batch', { retriable, cause: err });
    }
    await this.announce(completed, batch);
  }

  /**
   * event.completed for each touched log that holds an idempotency key and whose status is final, in
   * its event's trace. Other logs have nothing to release, so they are not announced. (Also used by
   * the dead-letter handler and the stall sweeper, which end logs too.)
   */
  async announce(final: { log: StatusFields; status: FinalLogStatus }[], batch: { value: { eventId: string }; context: Context }[]): Promise<void> {
    // A log failed only by a stall may still complete: it keeps its key, so no sender's retry runs beside it.
    const completed = final.filter(({ log }) => log.idempotency?.outcome === 'claimed' && !failedOnlyByStall(logFactsOf(log)));
    if (completed.length === 0) return;
    const contexts = new Map<string, Context>(batch.map((m) => [m.value.eventId, m.context]));
    const completedAt = new Date().toISOString();
    const messages: OutgoingMessage<'eventCompleted'>[] = completed.map(({ log, status }) => ({
      key: log._id,
      context: contexts.get(log._id),
      value: followUp({ ...log, eventId: log._id }, {
        status,
        completedAt,
        ...(log.eventType ? { eventType: log.eventType } : {}),
        ...(log.idempotency ? { idempotency: log.idempotency } : {}),
      }),
    }));
    await this.publisher.publish('eventCompleted', messages);
  }

  /**
   * The predicted logs whose version is the one predicted: every stage write (a replica's, the
   * sweeper's, a dead letter's) counts in the version, so no one else wrote a stage of them since
   * this process knew them, and the status their write carried is the one their stages lead to.
   * Reads the versions alone, not the logs. Returns those logs, and the final ones among them, as
   * deriveStatuses does.
   */
  private async confirmPredicted(
    eventIds: string[],
    predicted: Map<string, StatusFields>,
    written: { before: Map<string, LogStatus>; at: Date },
  ): Promise<{ ids: Set<string>; final: { log: StatusFields; status: FinalLogStatus }[] }> {
    const ids = new Set<string>();
    const final: { log: StatusFields; status: FinalLogStatus }[] = [];
    for (const { _id, version } of await this.findChunked<Pick<SourceLog, '_id' | 'version'>>(eventIds, { version: 1 })) {
      const log = predicted.get(_id);
      if (!log || log.version !== version) continue;
      ids.add(_id);
      this.known.remember(log);
      if (log.status === 'pending') continue;
      final.push({ log, status: log.status });
      if (written.before.get(_id) === 'pending') eventLogMetrics.final(log, log.status, written.at);
    }
    return { ids, final };
  }

  /**
   * Derives each touched log's status from what it holds and writes it. Another event-log replica
   * may project a stage of the same event between our read and our write, so after writing we read
   * the versions back and derive again where one moved: the last status written is always derived
   * from the latest version. (The write filters on `_id` alone: a compound filter is a collection
   * scan on the local MongoDB-wire server.) `predicted` names the logs whose stage write already set
   * a status, with the status each had before, so that a log it ended is counted as ended. Returns
   * the touched logs whose status is final: announced again when a stage is redelivered, so an
   * announcement lost to a failed batch is made by its retry.
   */
  async deriveStatuses(
    eventIds: string[],
    predicted: { before: Map<string, LogStatus>; at: Date } = { before: new Map(), at: new Date() },
  ): Promise<{ log: StatusFields; status: FinalLogStatus }[]> {
    const final = new Map<string, { log: StatusFields; status: FinalLogStatus }>();
    let pending = eventIds;
    for (let round = 0; round < MAX_STATUS_ROUNDS && pending.length > 0; round++) {
      const docs = await this.findChunked<StatusFields>(pending, STATUS_FIELDS);
      const written = new Map<string, number>();
      const ended: { doc: StatusFields; status: FinalLogStatus }[] = [];
      // When a log leaves pending: the api's per-source summary measures receipt to final with it.
      const endedAt = new Date();
      const ops = docs.flatMap((doc) => {
        const status = deriveStatus(logFactsOf(doc));
        if (status === 'pending') final.delete(doc._id);
        else final.set(doc._id, { log: doc, status });
        this.known.remember({ ...doc, status });
        const before = round === 0 ? predicted.before.get(doc._id) : undefined;
        if (status === doc.status) {
          // The stage's write set this status: count the log as ended by it.
          if (before === 'pending' && status !== 'pending') eventLogMetrics.final(doc, status, predicted.at);
          return [];
        }
        written.set(doc._id, doc.version);
        const ends = status !== 'pending' && (before ?? doc.status ?? 'pending') === 'pending';
        if (ends) ended.push({ doc, status });
        return [{ updateOne: { filter: { _id: doc._id }, update: { $set: ends ? { status, finalAt: endedAt } : { status } } } }];
      });
      if (ops.length === 0) break;
      await this.logs.bulkWrite(ops, { ...WRITE_OPTIONS, ordered: false });
      for (const { doc, status } of ended) eventLogMetrics.final(doc, status, endedAt);
      const after = await this.findChunked<Pick<SourceLog, '_id' | 'version'>>([...written.keys()], { version: 1 });
      pending = after.filter((doc) => doc.version !== written.get(doc._id)).map((doc) => doc._id);
    }
    return [...final.values()];
  }

  /**
   * The logs of these ids, FIND_CHUNK ids per query: the local MongoDB-wire server matches each log
   * against the whole $in list, so one query of a large flush's ids costs the square of its size.
   */
  private async findChunked<T>(ids: string[], projection: Record<string, 1>): Promise<T[]> {
    const chunks = Array.from({ length: Math.ceil(ids.length / FIND_CHUNK) }, (_, i) => ids.slice(i * FIND_CHUNK, (i + 1) * FIND_CHUNK));
    const found = await Promise.all(chunks.map((chunk) => this.logs.find({ _id: { $in: chunk } }, { projection }).toArray()));
    return found.flat() as T[];
  }
}
