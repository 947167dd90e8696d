import { telemetry } from './instrument';
import { bootstrap } from '@inlet/platform/pipeline';
import { MappingEngineConfigSchema } from './config';
import { MappingEngineModule } from './mapping-engine.module';

bootstrap({ name: 'mapping-engine', schema: MappingEngineConfigSchema, module: MappingEngineModule.forRoot, telemetry });
