import { z } from 'zod';
import { KafkaEnv, SecretsEnv, ServiceEnv } from '@inlet/platform/config';

export const VerifierConfigSchema = z.object({ ...ServiceEnv, ...KafkaEnv, ...SecretsEnv, PORT: ServiceEnv.PORT.default(3002) });
export type VerifierConfig = z.infer<typeof VerifierConfigSchema>;
