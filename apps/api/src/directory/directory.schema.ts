import { z } from 'zod';
import { Key } from '../shared/request-fields.schema';

/** Queries of the built-in directory reads. Unknown fields are refused. */

export const EnvironmentQuery = z.object({ environment: Key }).strict();

export const WorkflowRunsQuery = z
  .object({
    environment: Key,
    workflow: z.string().min(1).optional(),
    /** A recipient id: a user id, or an object's id (with `recipient_collection`). */
    recipient: z.string().min(1).optional(),
    recipient_collection: z.string().min(1).optional(),
    event_id: z.string().min(1).optional(),
    status: z.enum(['pending', 'canceled']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().min(1).optional(),
  })
  .strict();
