import { z } from 'zod';
import { KafkaEnv, SecretsEnv, ServiceEnv } from '@inlet/platform/config';

export const GatewayConfigSchema = z.object({ ...ServiceEnv, ...KafkaEnv, ...SecretsEnv, PORT: ServiceEnv.PORT.default(3000) });
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;
