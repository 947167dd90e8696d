import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { deriveStatus } from '@inlet/domain/logs';
import { isRetriableMongoError } from '@inlet/platform/mongo';
import { PipelineError, type ReceivedMessage } from '@inlet/platform/kafka';
import { MONGO, type BatchHandlerService } from '@inlet/platform/pipeline';
import { sourceLogModel, type SourceLog } from '@inlet/store/source-logs';
import { projectStage, type StageTopic } from './project-stage';

/**
 * Projects every stage of the pipeline into one source-log document per request: one bulk upsert
 * per batch, then the status of each touched log derived from what it now holds.
 */
@Injectable()
export class StageHandler implements BatchHandlerService<StageTopic> {
  private readonly logs;

  constructor(@Inject(MONGO) connection: Connection) {
    this.logs = sourceLogModel(connection);
  }

  async handle(batch: ReceivedMessage<StageTopic>[]): Promise<void> {
    const updates = batch.map((m) => projectStage(m.topic, m.value));
    const projectedAt = new Date();
    try {
      await this.logs.bulkWrite(
        updates.map((u) => ({
          updateOne: { filter: { _id: u.eventId }, update: { ...u.update, $set: { ...u.update.$set, projectedAt } }, upsert: true },
        })),
        { ordered: true },
      );
      await this.deriveStatuses([...new Set(updates.map((u) => u.eventId))]);
    } catch (err) {
      // A duplicate key here is two projectors inserting the same new log at once: the retry updates it.
      const retriable = isRetriableMongoError(err) || (err as { code?: number }).code === 11000;
      throw new PipelineError('log_store_unavailable', 'the log store did not take the batch', { retriable, cause: err });
    }
  }

  /**
   * Writes each log's status only if no other stage changed the log since it was read: the writer
   * of the newer version derives the status again, so the last word is always the latest state.
   */
  private async deriveStatuses(eventIds: string[]): Promise<void> {
    const docs = await this.logs
      .find({ _id: { $in: eventIds } }, { rejection: 1, plan: 1, actions: 1, status: 1, version: 1 })
      .lean<Pick<SourceLog, '_id' | 'rejection' | 'plan' | 'actions' | 'status' | 'version'>[]>();
    const ops = docs.flatMap((doc) => {
      const status = deriveStatus({
        rejection: doc.rejection?.reason,
        plan: doc.plan,
        actionStatuses: Object.values(doc.actions ?? {})
          .map((a) => a.status ?? 'pending')
          .filter((s) => s !== 'skipped'),
      });
      return status === doc.status ? [] : [{ updateOne: { filter: { _id: doc._id, version: doc.version }, update: { $set: { status } } } }];
    });
    if (ops.length > 0) await this.logs.bulkWrite(ops, { ordered: false });
  }
}
