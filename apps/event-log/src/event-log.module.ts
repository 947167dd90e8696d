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
            // Every partition of a fetch handled at once, so the StageHandler flushes them together.
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
