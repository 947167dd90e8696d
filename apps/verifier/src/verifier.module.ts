import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { PipelineModule, retentionProviders } from '@inlet/platform/pipeline';
import type { VerifierConfig } from './config';
import { IdempotencyClaims, pruneIdempotencyClaims } from './idempotency-claims';
import { VerifierHandler } from './verifier.handler';

/** Claims whose window closed are kept a day longer, so a backlogged copy is still judged against them. */
const CLAIM_GRACE_DAYS = 1;

@Module({})
export class VerifierModule {
  static forRoot(config: VerifierConfig, logger: Logger): DynamicModule {
    return {
      module: VerifierModule,
      imports: [
        PipelineModule.forRoot({
          service: 'verifier',
          logger,
          env: config,
          configView: true,
          store: true,
          consume: {
            topics: ['intakeReceived', 'eventCompleted'],
            handler: VerifierHandler,
            providers: [IdempotencyClaims],
          },
        }),
      ],
      providers: retentionProviders({ days: CLAIM_GRACE_DAYS, everyMinutes: config.RETENTION_EVERY_MINUTES }, 'idempotency_keys', pruneIdempotencyClaims),
    };
  }
}
