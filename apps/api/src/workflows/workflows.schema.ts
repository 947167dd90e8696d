import { z } from 'zod';
import { WorkflowStatusSchema } from '@inlet/contracts';
import { ExpectedVersion, Key } from '../shared/request-fields.schema';

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
