import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { PipelineModule, retentionProviders } from '@inlet/platform/pipeline';
import { executedActionModel } from './executed-action.model';
import type { ActionExecutorConfig } from './config';
import { ActionRequestedHandler } from './action-requested.handler';

@Module({})
export class ActionExecutorModule {
  static forRoot(config: ActionExecutorConfig, logger: Logger): DynamicModule {
    return {
      module: ActionExecutorModule,
      imports: [
        PipelineModule.forRoot({
          service: 'action-executor',
          logger,
          env: config,
          store: true,
          // trigger workflow looks the workflow up (exists, active in the environment) in the config view.
          configView: true,
          consume: { topics: ['actionRequested'], handler: ActionRequestedHandler },
        }),
      ],
      // A redelivery comes within minutes; records older than the logs they belong to serve nothing.
      providers: retentionProviders(
        { days: config.RETENTION_DAYS, everyMinutes: config.RETENTION_EVERY_MINUTES },
        'executed_actions',
        async (connection, cutoff) => (await executedActionModel(connection).deleteMany({ executedAt: { $lt: cutoff } })).deletedCount,
      ),
    };
  }
}
