import { z } from 'zod';
import { IsoDateTime } from '../shared/response-fields.schema';

/** Request bodies of the API keys API. Unknown fields are refused. */

export const CreateApiKeyBody = z.object({ name: z.string().min(1).max(200) }).strict();

/* Responses. */

export const ApiKeySchema = z
  .object({ id: z.string(), name: z.string(), prefix: z.string(), created_at: IsoDateTime, revoked_at: IsoDateTime.nullable() })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof ApiKeySchema>;

export const CreatedApiKeySchema = ApiKeySchema.extend({ key: z.string().meta({ description: 'The key itself, shown in this answer only.' }) }).meta({ id: 'CreatedApiKey' });
