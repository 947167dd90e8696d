import { telemetry } from './instrument';
import { bootstrap } from '@inlet/platform/pipeline';
import { ActionExecutorConfigSchema } from './config';
import { ActionExecutorModule } from './action-executor.module';

bootstrap({ name: 'action-executor', schema: ActionExecutorConfigSchema, module: ActionExecutorModule.forRoot, telemetry });
