import { z } from 'zod';
import { KafkaEnv, ServiceEnv } from '@inlet/platform/config';

export const MappingEngineConfigSchema = z.object({ ...ServiceEnv, ...KafkaEnv, PORT: ServiceEnv.PORT.default(3003) });
export type MappingEngineConfig = z.infer<typeof MappingEngineConfigSchema>;
