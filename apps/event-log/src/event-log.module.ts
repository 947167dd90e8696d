import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { Topics } from '@inlet/contracts';
import { PipelineModule, retentionProviders } from '@inlet/platform/pipeline';
import { EVENT_LOG_CONFIG, type EventLogConfig } from './config';
import { DeadLetterHandler } from './dead-letter.handler';
import { STAGE_TOPICS } from './project-stage';
import { pruneSourceLogs } from './prune-source-logs';
import { StageHandler } from './stage.handler';
import { StallSweeper } from './stall-sweeper.job';

@Module({})
export class EventLogModule {
  static forRoot(config: EventLogConfig, logger: Logger): DynamicModule {
    return {
      module: EventLogModule,
      imports: [
        PipelineModule.forRoot({
          service: 'event-log',
          logger,
          env: config,
          store: true,
          consume: {
            topics: [...STAGE_TOPICS],
            handler: StageHandler,
            // Every partition of a fetch handled at once, so that the StageHandler flushes them together:
            // one flush per fetch. The fetch sizes stay kafkajs' own (up to 1 MB per partition, 10 MB per
            // fetch, answered as soon as any stage is there): the next fetch holds what arrived during
            // the last flush, a few dozen stages at 1,000 events/s and thousands under a backlog, so
            // batches grow with the load without a wait that would add to the latency of a quiet stack.
            partitionsConsumedConcurrently: STAGE_TOPICS.reduce((n, topic) => n + Topics[topic].partitions, 0),
          },
        }),
      ],
      providers: [
        ...retentionProviders({ days: config.RETENTION_DAYS, everyMinutes: config.RETENTION_EVERY_MINUTES }, 'source_logs', pruneSourceLogs),
        { provide: EVENT_LOG_CONFIG, useValue: config },
        // The pipeline's own instance is not exported: this one derives and announces the statuses of
        // logs ended by a dead letter or a stall, the same way the stages do.
        StageHandler,
        DeadLetterHandler,
        StallSweeper,
      ],
    };
  }
}
