import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { PipelineModule, retentionProviders } from '@inlet/platform/pipeline';
import type { EventLogConfig } from './config';
import { STAGE_TOPICS } from './project-stage';
import { pruneSourceLogs } from './prune-source-logs';
import { StageHandler } from './stage.handler';

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
          consume: { topics: [...STAGE_TOPICS], handler: StageHandler },
        }),
      ],
      providers: retentionProviders(
        { days: config.RETENTION_DAYS, everyMinutes: config.RETENTION_EVERY_MINUTES },
        'source_logs',
        pruneSourceLogs,
      ),
    };
  }
}
