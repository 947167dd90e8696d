import { Inject, Injectable } from '@nestjs/common';
import type { Context } from '@opentelemetry/api';
import type { Connection } from 'mongoose';
import type { FinalLogStatus } from '@inlet/contracts';
import { deriveStatus, failedOnlyByStall } from '@inlet/domain/logs';
import { isRetriableMongoError } from '@inlet/platform/mongo';
import { PipelineError, Publisher, type OutgoingMessage, type ReceivedMessage } from '@inlet/platform/kafka';
import { MONGO, followUp, type BatchHandlerService } from '@inlet/platform/pipeline';
import { knownEventTypeModel, sourceLogModel, type SourceLog } from '@inlet/store/source-logs';
import { eventLogMetrics } from './event-log.metrics';
import { logFactsOf, STATUS_FIELDS, type StatusFields } from './log-facts';
import { projectEventType, projectStage, type StageTopic } from './project-stage';
import { traceIdOf } from './trace-id';

/** Rounds of derive-and-verify before leaving a contended status to the next stage's write. */
const MAX_STATUS_ROUNDS = 5;

/**
 * Projects every stage of the pipeline into one source-log document per request: one bulk upsert
 * per batch, then the status of each touched log derived from what it now holds, and the catalog of
 * known event types. A log that holds an idempotency key and reaches its final status is announced
 * on event.completed, for the verifier to keep or give back the key.
 */
@Injectable()
export class StageHandler implements BatchHandlerService<StageTopic> {
  private readonly logs;
  private readonly eventTypes;

  constructor(
    @Inject(MONGO) connection: Connection,
    private readonly publisher: Publisher,
  ) {
    this.logs = sourceLogModel(connection);
    this.eventTypes = knownEventTypeModel(connection);
  }

  async handle(batch: ReceivedMessage<StageTopic>[]): Promise<void> {
    const updates = batch.map((m) => projectStage(m.topic, m.value, traceIdOf(m.headers.traceparent)));
    const projectedAt = new Date();
    let completed: { log: StatusFields; status: FinalLogStatus }[];
    try {
      await this.logs.bulkWrite(
        updates.map((u) => ({
          updateOne: { filter: { _id: u.eventId }, update: { ...u.update, $set: { ...u.update.$set, projectedAt } }, upsert: true },
        })),
        { ordered: true },
      );
      completed = await this.deriveStatuses([...new Set(updates.map((u) => u.eventId))]);
      const types = batch.flatMap((m) => (m.topic === 'eventNormalized' ? projectEventType(m.value) : []));
      // Ordered: a type's sample is pushed after the write that creates the type.
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
   * Derives each touched log's status from what it holds and writes it. Another event-log replica
   * may project a stage of the same event between our read and our write, so after writing we read
   * the versions back and derive again where one moved: the last status written is always derived
   * from the latest version. (The write filters on `_id` alone: a compound filter is a collection
   * scan on the local MongoDB-wire server.) Returns the touched logs whose status is final: announced
   * again when a stage is redelivered, so an announcement lost to a failed batch is made by its retry.
   */
  async deriveStatuses(eventIds: string[]): Promise<{ log: StatusFields; status: FinalLogStatus }[]> {
    const final = new Map<string, { log: StatusFields; status: FinalLogStatus }>();
    let pending = eventIds;
    for (let round = 0; round < MAX_STATUS_ROUNDS && pending.length > 0; round++) {
      const docs = await this.logs
        .find({ _id: { $in: pending } }, STATUS_FIELDS)
        .lean<StatusFields[]>();
      const written = new Map<string, number>();
      const ended: { doc: StatusFields; status: FinalLogStatus }[] = [];
      // When a log leaves pending: the api's per-source summary measures receipt to final with it.
      const endedAt = new Date();
      const ops = docs.flatMap((doc) => {
        const status = deriveStatus(logFactsOf(doc));
        if (status === 'pending') final.delete(doc._id);
        else final.set(doc._id, { log: doc, status });
        if (status === doc.status) return [];
        written.set(doc._id, doc.version);
        const ends = status !== 'pending' && (doc.status ?? 'pending') === 'pending';
        if (ends) ended.push({ doc, status });
        return [{ updateOne: { filter: { _id: doc._id }, update: { $set: ends ? { status, finalAt: endedAt } : { status } } } }];
      });
      if (ops.length === 0) break;
      await this.logs.bulkWrite(ops, { ordered: false });
      for (const { doc, status } of ended) eventLogMetrics.final(doc, status, endedAt);
      const after = await this.logs.find({ _id: { $in: [...written.keys()] } }, { version: 1 }).lean<Pick<SourceLog, '_id' | 'version'>[]>();
      pending = after.filter((doc) => doc.version !== written.get(doc._id)).map((doc) => doc._id);
    }
    return [...final.values()];
  }
}
