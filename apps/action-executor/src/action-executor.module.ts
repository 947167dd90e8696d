import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { PipelineModule } from '@inlet/platform/pipeline';
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
          consume: { topics: ['actionRequested'], handler: ActionRequestedHandler },
        }),
      ],
    };
  }
}
