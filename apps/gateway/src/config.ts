import { z } from 'zod';
import { KafkaEnv, ServiceEnv } from '@inlet/platform/config';

export const GatewayConfigSchema = z.object({ ...ServiceEnv, ...KafkaEnv, PORT: ServiceEnv.PORT.default(3000) });
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;
