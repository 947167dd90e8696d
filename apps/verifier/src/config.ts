import { z } from 'zod';
import { KafkaEnv, ServiceEnv } from '@inlet/platform/config';

export const VerifierConfigSchema = z.object({ ...ServiceEnv, ...KafkaEnv, PORT: ServiceEnv.PORT.default(3002) });
export type VerifierConfig = z.infer<typeof VerifierConfigSchema>;
