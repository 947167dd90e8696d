import { telemetry } from './instrument';
import { bootstrap } from '@inlet/platform/pipeline';
import { GatewayConfigSchema, httpLimitsOf } from './config';
import { GatewayModule } from './gateway.module';
import { intakeRoute } from './intake-route';

// The gateway reads the raw body itself: signatures are computed over the exact bytes.
// Header and request timeouts, header limits: a public edge must not wait on slow senders for Node's 300 s.
// The intake route, the hot path, is answered before the framework.
bootstrap({ name: 'gateway', schema: GatewayConfigSchema, module: GatewayModule.forRoot, telemetry, bodyParser: false, http: httpLimitsOf, rawRoute: intakeRoute });
