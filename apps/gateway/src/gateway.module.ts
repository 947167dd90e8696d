import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { PipelineModule } from '@inlet/platform/pipeline';
import { SigningKeyring } from '@inlet/platform/secrets';
import { GATEWAY_CONFIG, type GatewayConfig } from './config';
import { IntakeController } from './intake.controller';
import { IntakeEdge } from './intake-edge';
import { IntakeService } from './intake.service';
import { LegacyIntakeService } from './legacy-intake.service';
import { BodyBudget } from './read-body';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      imports: [PipelineModule.forRoot({ service: 'gateway', logger, env: config, configView: true })],
      controllers: [IntakeController],
      providers: [
        IntakeEdge,
        IntakeService,
        LegacyIntakeService,
        { provide: SigningKeyring, useValue: new SigningKeyring(config.INLET_MASTER_KEY) },
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: BodyBudget, useValue: new BodyBudget(config.GATEWAY_MAX_INFLIGHT_BYTES) },
      ],
    };
  }
}
