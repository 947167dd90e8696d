import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { Publisher, type OutgoingMessage } from '@inlet/platform/kafka';
import { MONGO } from '@inlet/platform/pipeline';
import { ApiError } from '../shared/api-errors';
import { sourceLogModel, type SourceLog } from '@inlet/store/source-logs';
import { REDRIVABLE_STATUSES, redriveMessage, type RedriveRefusal } from './redrive-message';
import type { RedriveFilter, RedriveMany, RedriveOne } from './redrive.schema';
import { SourcesService } from '../sources/sources.service';

/** Logs read and re-driven at a time by a bulk re-drive. */
const PAGE = 50;

/**
 * Re-drive: sends failed events through the pipeline again, under the configuration in force now.
 * The api only publishes (an intake message marked as a re-drive); the event-log, the logs' only
 * writer, resets what the new attempt rebuilds and records the re-drive in the timeline.
 */
@Injectable()
export class RedriveService {
  private readonly logs;

  constructor(
    private readonly sources: SourcesService,
    private readonly publisher: Publisher,
    @Inject(MONGO) connection: Connection,
  ) {
    this.logs = sourceLogModel(connection);
  }

  async redriveOne(key: string, environment: string, id: string, requestedBy: string): Promise<RedriveOne> {
    const env = await this.sources.sourceEnvironment(key, environment);
    const log = await this.logs.findById(id).lean<SourceLog>();
    if (!log || log.sourceEnvironmentId !== env._id) throw new ApiError('log_not_found', `No log with id "${id}" in ${key}/${environment}.`);
    const built = redriveMessage(log, requestedBy, new Date());
    if (!built.ok) throw new ApiError(built.refusal.code, built.refusal.message);
    await this.publisher.publish('intakeReceived', [{ key: log._id, value: built.value }]);
    return { id, attempt: built.value.payload.redrive!.attempt, status: 'pending' as const };
  }

  async redriveMany(key: string, environment: string, filter: RedriveFilter, requestedBy: string): Promise<RedriveMany> {
    const env = await this.sources.sourceEnvironment(key, environment);
    const receivedAt: Record<string, Date> = {};
    if (filter.from) receivedAt.$gte = new Date(filter.from);
    if (filter.to) receivedAt.$lte = new Date(filter.to);
    const cursor = this.logs
      .find({
        sourceEnvironmentId: env._id,
        status: { $in: filter.status ?? REDRIVABLE_STATUSES },
        ...(filter.event_type ? { eventType: filter.event_type } : {}),
        ...(filter.reason ? { 'failure.reason': filter.reason } : {}),
        ...(Object.keys(receivedAt).length > 0 ? { receivedAt } : {}),
      })
      .sort({ receivedAt: 1, _id: 1 })
      .limit(filter.limit)
      .lean<SourceLog[]>()
      .cursor({ batchSize: PAGE });
    const now = new Date();
    const redriven: { id: string; attempt: number }[] = [];
    const skipped: ({ id: string } & RedriveRefusal)[] = [];
    // A page at a time: each log holds its body (up to 1 MiB), so a thousand of them are not held at once.
    let page: OutgoingMessage<'intakeReceived'>[] = [];
    for await (const log of cursor as AsyncIterable<SourceLog>) {
      const built = redriveMessage(log, requestedBy, now);
      if (!built.ok) {
        skipped.push({ id: log._id, ...built.refusal });
        continue;
      }
      redriven.push({ id: log._id, attempt: built.value.payload.redrive!.attempt });
      page.push({ key: log._id, value: built.value });
      if (page.length === PAGE) {
        await this.publisher.publish('intakeReceived', page);
        page = [];
      }
    }
    await this.publisher.publish('intakeReceived', page);
    return { redriven, skipped };
  }
}
