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
          kafka: { brokers: config.KAFKA_BROKERS, topicSuffix: config.KAFKA_TOPIC_SUFFIX },
        mongo: { url: config.MONGO_URL, dbName: config.MONGO_DB },
          consume: { topics: ['actionRequested'], handler: ActionRequestedHandler },
        }),
      ],
    };
  }
}
