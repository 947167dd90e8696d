import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { PipelineModule } from '@inlet/platform/pipeline';
import { SigningKeyring } from '@inlet/platform/secrets';
import type { VerifierConfig } from './config';
import { IntakeReceivedHandler } from './intake-received.handler';

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
          consume: {
            topics: ['intakeReceived'],
            handler: IntakeReceivedHandler,
            providers: [{ provide: SigningKeyring, useValue: new SigningKeyring(config.INLET_MASTER_KEY) }],
          },
        }),
      ],
    };
  }
}
