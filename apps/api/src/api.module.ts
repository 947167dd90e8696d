import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { PipelineModule } from '@inlet/platform/pipeline';
import { SecretBox } from '@inlet/platform/secrets';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeyGuard } from './auth.guard';
import { API_CONFIG, type ApiConfig } from './config';
import { ConfigStore } from './config-store.service';
import { DirectoryController } from './directory.controller';
import { DocsController } from './docs.controller';
import { MappingsController } from './mappings.controller';
import { MappingsService } from './mappings.service';
import { RedriveController } from './redrive.controller';
import { RedriveService } from './redrive.service';
import { RehearseService } from './rehearse.service';
import { SourcesController } from './sources.controller';
import { SourcesService } from './sources.service';
import { TriggersService } from './triggers.service';
import { V1Controller } from './v1.controller';
import { WorkflowsService } from './workflows.service';

@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig, logger: Logger): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PipelineModule.forRoot({
          service: 'api',
          logger,
          env: config,
          store: true,
        }),
      ],
      controllers: [V1Controller, SourcesController, MappingsController, DirectoryController, ApiKeysController, DocsController, RedriveController],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: SecretBox, useValue: new SecretBox(config.INLET_MASTER_KEY) },
        ApiKeyGuard,
        ConfigStore,
        SourcesService,
        RehearseService,
        RedriveService,
        MappingsService,
        WorkflowsService,
        TriggersService,
      ],
    };
  }
}
