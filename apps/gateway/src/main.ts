import { telemetry } from './instrument';
import { bootstrap } from '@inlet/platform/pipeline';
import { GatewayConfigSchema } from './config';
import { GatewayModule } from './gateway.module';

// The gateway reads the raw body itself: signatures are computed over the exact bytes.
bootstrap({ name: 'gateway', schema: GatewayConfigSchema, module: GatewayModule.forRoot, telemetry, bodyParser: false });
