import { telemetry } from './instrument';
import { bootstrap } from '@inlet/platform/pipeline';
import { ApiModule } from './api.module';
import { API_ERROR_STATUS } from './shared/api-errors';
import { ApiConfigSchema } from './config';

bootstrap({ name: 'api', schema: ApiConfigSchema, module: ApiModule.forRoot, telemetry, errorStatus: API_ERROR_STATUS });
