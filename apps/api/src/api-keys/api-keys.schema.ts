import { z } from 'zod';

/** Request bodies of the API keys API. Unknown fields are refused. */

export const CreateApiKeyBody = z.object({ name: z.string().min(1).max(200) }).strict();
