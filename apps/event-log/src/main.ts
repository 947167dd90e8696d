import { telemetry } from './instrument';
import { bootstrap } from '@inlet/platform/pipeline';
import { EventLogConfigSchema } from './config';
import { EventLogModule } from './event-log.module';

bootstrap({ name: 'event-log', schema: EventLogConfigSchema, module: EventLogModule.forRoot, telemetry });
