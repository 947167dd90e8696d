import { z } from 'zod';
import { WorkflowStatusSchema } from '@inlet/contracts';
import { ExpectedVersion, Key } from '../shared/request-fields.schema';
import { IsoDateTime, Version } from '../shared/response-fields.schema';

/** Request bodies of the workflows and triggers API (snake_case on the wire). Unknown fields are refused. */

/** A trigger's schema mapping: paths over the track event, `data.x` written for `properties.x`. */
const TriggerMapping = z
  .object({
    recipients: z.string().min(1).optional(),
    actor: z.string().min(1).optional(),
    tenant: z.string().min(1).optional(),
    /** Workflow data field → path; when given, the data is these fields only (default: all `properties`). */
    data: z.record(z.string().min(1).max(200), z.string().min(1)).optional(),
  })
  .strict();

const TriggerStatuses = z.record(Key, WorkflowStatusSchema);

export const CreateTriggerBody = z
  .object({
    /** A `legacy_http` source. */
    source: Key,
    /** The Segment event name (`event`) that triggers the workflow. */
    event: z.string().min(1).max(255),
    mapping: TriggerMapping.default({}),
    /** Status per environment; active wherever not set inactive. */
    status: TriggerStatuses.default({}),
  })
  .strict();

export const UpdateTriggerBody = z
  .object({ event: z.string().min(1).max(255).optional(), mapping: TriggerMapping.optional(), status: TriggerStatuses.optional(), version: ExpectedVersion })
  .strict();

/** Status per environment name; an environment not named keeps its status (active for a new workflow). */
const Statuses = z.record(Key, WorkflowStatusSchema);

export const CreateWorkflowBody = z.object({ key: Key, name: z.string().min(1).max(200), status: Statuses.default({}) }).strict();
export const UpdateWorkflowBody = z.object({ name: z.string().min(1).max(200).optional(), status: Statuses.optional(), version: ExpectedVersion }).strict();

/* Responses: what workflows.service.ts and triggers.service.ts present and the OpenAPI document shows. */

const StatusPerEnvironment = z.record(z.string(), WorkflowStatusSchema).meta({ description: 'Environment name → `active` or `inactive`, for every environment.' });

export const WorkflowSchema = z
  .object({ key: z.string(), name: z.string(), status: StatusPerEnvironment, created_at: IsoDateTime, updated_at: IsoDateTime, version: Version })
  .meta({ id: 'Workflow' });
export type Workflow = z.infer<typeof WorkflowSchema>;

export const TriggerSchema = z
  .object({
    id: z.string(),
    workflow: z.string(),
    source: z.string(),
    event: z.string(),
    mapping: z.object({ recipients: z.string().optional(), actor: z.string().optional(), tenant: z.string().optional(), data: z.record(z.string(), z.string()).optional() }),
    status: StatusPerEnvironment,
    created_at: IsoDateTime,
    updated_at: IsoDateTime,
    version: Version,
  })
  .meta({ id: 'Trigger' });
export type Trigger = z.infer<typeof TriggerSchema>;
