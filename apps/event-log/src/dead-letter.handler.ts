import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { isRetriableMongoError } from '@inlet/platform/mongo';
import { PipelineError, RawConsumer, type RawRecord } from '@inlet/platform/kafka';
import { KAFKA, LOGGER, MONGO } from '@inlet/platform/pipeline';
import { READINESS_CHECKS, type ReadinessRegistry } from '@inlet/platform/service';
import { sourceLogModel } from '@inlet/store/source-logs';
import { EVENT_LOG_CONFIG, type EventLogConfig } from './config';
import { projectDeadLetter } from './project-dead-letter';
import { StageHandler } from './stage.handler';

/**
 * Reads `inlet.dead-letter.v1` (raw records, in its own consumer group) and marks each dead-lettered
 * event's log `failed`, naming the stage and the reason, so an accepted event whose stage gave up
 * does not look in progress forever. Records that name no event are logged and skipped.
 */
@Injectable()
export class DeadLetterHandler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logs;
  private readonly consumer: RawConsumer;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(MONGO) connection: Connection,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(EVENT_LOG_CONFIG) config: EventLogConfig,
    @Inject(READINESS_CHECKS) private readonly readiness: ReadinessRegistry,
    private readonly stages: StageHandler,
  ) {
    this.logs = sourceLogModel(connection);
    this.consumer = new RawConsumer(kafka, {
      groupId: `inlet.event-log.dead-letters${config.KAFKA_TOPIC_SUFFIX}`,
      topic: 'deadLetter',
      topicSuffix: config.KAFKA_TOPIC_SUFFIX,
      logger,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Indexes first, as for the stages: a write racing an index build fails on the local MongoDB-wire server.
    await this.logs.init();
    await this.consumer.start((records) => this.handle(records));
    this.readiness.add({ name: 'dead_letter_consumer', isReady: () => this.consumer.running });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }

  async handle(records: RawRecord[]): Promise<void> {
    const readable = records.flatMap((record) => {
      const projected = projectDeadLetter(record);
      if (projected.ok) return [{ record, log: projected.log }];
      this.logger.warn({ partition: record.partition, offset: record.offset, why: projected.why }, 'dead letter names no event; skipped');
      return [];
    });
    if (readable.length === 0) return;
    const projectedAt = new Date();
    try {
      await this.logs.bulkWrite(
        readable.map(({ log }) => ({ updateOne: { filter: { _id: log.eventId }, update: { ...log.update, $set: { ...log.update.$set, projectedAt } }, upsert: true } })),
        { ordered: true },
      );
      const final = await this.stages.deriveStatuses([...new Set(readable.map(({ log }) => log.eventId))]);
      for (const { log } of readable) this.logger.warn({ eventId: log.eventId, failure: log.update.$set.failure }, 'dead letter logged on its event');
      await this.stages.announce(final, readable.map(({ record, log }) => ({ value: { eventId: log.eventId }, context: record.context })));
    } catch (err) {
      if (err instanceof PipelineError) throw err;
      // Two projectors inserting the same new log at once: the retry updates it.
      const retriable = isRetriableMongoError(err) || (err as { code?: number }).code === 11000;
      throw new PipelineError('log_store_unavailable', 'the log store did not take the dead letters', { retriable, cause: err });
    }
  }
}
