import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { HealthController } from './health.controller';
import { READINESS_CHECKS, ReadinessRegistry } from './readiness';
import type { ReadinessCheck } from './readiness';

/**
 * GET /health and GET /ready. Import once in the root module; it is global so any provider can
 * inject {@link READINESS_CHECKS} to add a check that depends on injected services.
 */
@Module({})
export class HealthModule {
  static forRoot(checks: ReadinessCheck[] = []): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      controllers: [HealthController],
      providers: [{ provide: READINESS_CHECKS, useValue: new ReadinessRegistry(checks) }],
      exports: [READINESS_CHECKS],
    };
  }
}
