import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { PipelineModule } from '@inlet/platform/pipeline';
import { SecretBox } from '@inlet/platform/secrets';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeyGuard } from './shared/auth.guard';
import { API_CONFIG, type ApiConfig } from './config';
import { ConfigStore } from './config-store/config-store.service';
import { DirectoryController } from './directory/directory.controller';
import { DocsController } from './shared/docs.controller';
import { DashboardModule } from './dashboard/dashboard.module';
import { SourceActivityController } from './source-activity/source-activity.controller';
import { SourceSummaryController } from './source-summary/source-summary.controller';
import { MappingsController } from './mappings/mappings.controller';
import { MappingsService } from './mappings/mappings.service';
import { MappingChecksController } from './mappings/mapping-checks.controller';
import { MappingChecksService } from './mappings/mapping-checks.service';
import { EventTypeSamplesService } from './event-types/event-type-samples.service';
import { RedriveController } from './logs/redrive.controller';
import { RedriveService } from './logs/redrive.service';
import { RehearseService } from './logs/rehearse.service';
import { SourcesController } from './sources/sources.controller';
import { SourcesService } from './sources/sources.service';
import { TriggersService } from './workflows/triggers.service';
import { LogsController } from './logs/logs.controller';
import { RehearseController } from './logs/rehearse.controller';
import { EventTypesController } from './event-types/event-types.controller';
import { SigningKeysController } from './signing-keys/signing-keys.controller';
import { WorkflowsController } from './workflows/workflows.controller';
import { WorkflowsService } from './workflows/workflows.service';

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
        DashboardModule.forRoot(config.DASHBOARD_DIR),
      ],
      controllers: [SourcesController, SigningKeysController, LogsController, RehearseController, EventTypesController, MappingsController, WorkflowsController, DirectoryController, ApiKeysController, DocsController, RedriveController, SourceActivityController, SourceSummaryController, MappingChecksController],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: SecretBox, useValue: new SecretBox(config.INLET_MASTER_KEY) },
        ApiKeyGuard,
        ConfigStore,
        SourcesService,
        RehearseService,
        RedriveService,
        MappingsService,
        MappingChecksService,
        EventTypeSamplesService,
        WorkflowsService,
        TriggersService,
      ],
    };
  }
}
