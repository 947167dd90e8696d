import { z } from 'zod';

/** Request bodies of the signing keys API. Unknown fields are refused. */

export const CreateSigningKeyBody = z
  .object({
    /** Until when the key being replaced keeps verifying; absent: it stops at once. */
    previous_valid_until: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
