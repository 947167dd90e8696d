import { telemetry } from './instrument';
import { bootstrap } from '@inlet/platform/pipeline';
import { VerifierConfigSchema } from './config';
import { VerifierModule } from './verifier.module';

bootstrap({ name: 'verifier', schema: VerifierConfigSchema, module: VerifierModule.forRoot, telemetry });
