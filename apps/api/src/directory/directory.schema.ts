import { z } from 'zod';
import { Key } from '../shared/request-fields.schema';
import { AnyObject, IsoDateTime, PageInfoSchema } from '../shared/response-fields.schema';

/** Queries of the built-in directory reads. Unknown fields are refused. */

const Environment = Key.meta({ description: 'The environment (`development`, `production`, or one created).' });

export const EnvironmentQuery = z.object({ environment: Environment }).strict();

export const WorkflowRunsQuery = z
  .object({
    environment: Environment,
    workflow: z.string().min(1).optional().meta({ description: 'Only runs of this workflow key.' }),
    recipient: z.string().min(1).optional().meta({ description: 'Only runs for this recipient id (a user id, or an object id with `recipient_collection`).' }),
    recipient_collection: z.string().min(1).optional().meta({ description: 'The collection of an object recipient.' }),
    event_id: z.string().min(1).optional().meta({ description: 'Only runs triggered by this event (its log id).' }),
    status: z.enum(['pending', 'canceled']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50).meta({ description: 'Page size, 1 to 100 (default 50).' }),
    cursor: z.string().min(1).optional().meta({ description: '`page_info.next_cursor` of the previous page.' }),
  })
  .strict();

/* Responses: what directory.controller.ts presents and the OpenAPI document shows. */

export const DirectoryRecipientSchema = z
  .discriminatedUnion('kind', [z.object({ kind: z.literal('user'), id: z.string() }), z.object({ kind: z.literal('object'), collection: z.string(), id: z.string() })])
  .meta({ id: 'Recipient', description: 'A user (`kind: user`) or an object reference (`kind: object`, with its collection).' });
export type DirectoryRecipient = z.infer<typeof DirectoryRecipientSchema>;

/** A user, object or tenant: its stored fields (which depend on what the actions set), custom `properties` and timestamps. */
const entity = (id: string, fields: z.ZodRawShape) =>
  z.looseObject({ ...fields, environment: z.string(), properties: AnyObject.optional(), created_at: IsoDateTime, updated_at: IsoDateTime }).meta({ id });

export const DirectoryUserSchema = entity('DirectoryUser', { id: z.string() });
export const DirectoryObjectSchema = entity('DirectoryObject', { collection: z.string(), id: z.string() });
export const DirectoryTenantSchema = entity('DirectoryTenant', { id: z.string(), settings: AnyObject.optional() });
export type DirectoryEntity = z.infer<typeof DirectoryUserSchema>;

export const SubscriptionSchema = z.object({ recipient: DirectoryRecipientSchema, properties: AnyObject.nullable(), created_at: IsoDateTime, updated_at: IsoDateTime }).meta({ id: 'Subscription' });
export type Subscription = z.infer<typeof SubscriptionSchema>;

export const AudienceMemberSchema = z.object({ user_id: z.string(), tenant: z.string().nullable(), created_at: IsoDateTime }).meta({ id: 'AudienceMember' });
export type AudienceMember = z.infer<typeof AudienceMemberSchema>;

export const WorkflowRunSchema = z
  .object({
    id: z.string(),
    workflow: z.string(),
    environment: z.string(),
    recipient: DirectoryRecipientSchema,
    actor: DirectoryRecipientSchema.nullable(),
    data: AnyObject,
    tenant: z.string().nullable(),
    cancellation_key: z.string().nullable(),
    status: z.enum(['pending', 'canceled']),
    event_id: z.string(),
    action_id: z.string(),
    source: z.string(),
    created_at: IsoDateTime,
    canceled_at: IsoDateTime.nullable(),
  })
  .meta({ id: 'WorkflowRun' });
export type WorkflowRunView = z.infer<typeof WorkflowRunSchema>;

export const WorkflowRunsPageSchema = z.object({ entries: z.array(WorkflowRunSchema), page_info: PageInfoSchema });
export type WorkflowRunsPage = z.infer<typeof WorkflowRunsPageSchema>;
