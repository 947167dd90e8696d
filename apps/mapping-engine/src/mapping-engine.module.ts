import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { PipelineModule } from '@inlet/platform/pipeline';
import type { MappingEngineConfig } from './config';
import { EventNormalizedHandler } from './event-normalized.handler';

@Module({})
export class MappingEngineModule {
  static forRoot(config: MappingEngineConfig, logger: Logger): DynamicModule {
    return {
      module: MappingEngineModule,
      imports: [
        PipelineModule.forRoot({
          service: 'mapping-engine',
          logger,
          env: config,
          configView: true,
          consume: { topics: ['eventNormalized'], handler: EventNormalizedHandler },
        }),
      ],
    };
  }
}
