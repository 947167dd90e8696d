import { z } from 'zod';
import { IsoDateTime } from '../shared/response-fields.schema';

/** Request bodies of the signing keys API. Unknown fields are refused. */

export const CreateSigningKeyBody = z
  .object({
    /** Until when the key being replaced keeps verifying; absent: it stops at once. */
    previous_valid_until: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/* Responses. */

export const SigningKeySchema = z
  .object({ id: z.string(), prefix: z.string(), created_at: IsoDateTime, valid_until: IsoDateTime.nullable() })
  .meta({ id: 'SigningKey', description: 'A key by its prefix (the first 10 characters); the secret is shown only when created.' });
export type SigningKey = z.infer<typeof SigningKeySchema>;

export const CreatedSigningKeySchema = SigningKeySchema.extend({ secret: z.string() }).meta({ id: 'CreatedSigningKey' });
