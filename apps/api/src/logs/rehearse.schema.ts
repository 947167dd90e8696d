import { z } from 'zod';
import { LogSchema, LogStatus } from './logs.schema';

/** The request body of a test event. Unknown fields are refused. */

export const RehearseBody = z
  .object({
    /** The JSON payload, as the sender would post it. */
    body: z.unknown().refine((v) => v !== undefined, { error: 'required' }),
    /** Request headers, e.g. one the event type path reads. */
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/), z.string().max(8192)).default({}),
  })
  .strict();

/** `?wait=true`: answer once the event has left `pending` (other parameters are ignored). */
export const RehearseQuery = z.object({
  wait: z.enum(['true', 'false']).optional().meta({ description: '`true`: answer once the event has left `pending` (up to 15 s), with its log.' }),
});

/* Responses. */

export const RehearseResponse = z.object({
  id: z.string().meta({ description: 'The event id, which is also its log id.' }),
  status: LogStatus,
  log: LogSchema.nullable().meta({ description: 'Its log, when waited for and settled within 15 s.' }),
});
export type Rehearsal = z.infer<typeof RehearseResponse>;
