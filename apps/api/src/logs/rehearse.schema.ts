import { z } from 'zod';

/** The request body of a test event. Unknown fields are refused. */

export const RehearseBody = z
  .object({
    /** The JSON payload, as the sender would post it. */
    body: z.unknown().refine((v) => v !== undefined, { error: 'required' }),
    /** Request headers, e.g. one the event type path reads. */
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/), z.string().max(8192)).default({}),
  })
  .strict();
