import { telemetry } from './instrument';
import { bootstrap } from '@inlet/platform/pipeline';
import { ApiModule } from './api.module';
import { ApiConfigSchema } from './config';

bootstrap({ name: 'api', schema: ApiConfigSchema, module: ApiModule.forRoot, telemetry });
