import { z } from 'zod';
import { ActionTypeSchema, WorkflowStatusSchema } from '@inlet/contracts';
import { ExpectedVersion, Key, Path } from './sources.schema';

/** Request bodies of the mappings and workflows API (snake_case on the wire). Unknown fields are refused. */

/** Where a parameter's value comes from: a payload path (a whole sub-object if it names one) or a literal. */
const ParamSource = z.union([
  z.object({ path: Path }).strict(),
  z.object({ literal: z.unknown().refine((v) => v !== undefined, { error: 'required' }) }).strict(),
], { error: 'expected {"path": "<dot path>"} or {"literal": <value>}' });

const Params = z.record(z.string().min(1).max(200), ParamSource);
const EventType = z.string().min(1).max(255);

export const CreateMappingBody = z
  .object({
    event_type: EventType,
    action_type: ActionTypeSchema,
    /** Parameter name → source, e.g. `{"recipients": {"path": "data.assigned_to"}, "key": {"literal": "task-assigned"}}`. */
    params: Params,
    active: z.boolean().default(true),
  })
  .strict();

export const UpdateMappingBody = z
  .object({ event_type: EventType.optional(), action_type: ActionTypeSchema.optional(), params: Params.optional(), active: z.boolean().optional(), version: ExpectedVersion })
  .strict();

export const MappingsQuery = z.object({ event_type: EventType.optional() }).strict();

export const CopyMappingsBody = z
  .object({
    /** The environment that receives copies of this environment's mappings. */
    to_environment: Key,
    /** Delete the target's mappings first (default: keep them and add the copies). */
    replace: z.boolean().default(false),
  })
  .strict();

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
