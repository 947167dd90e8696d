import { z } from 'zod';
import { ActionTypeSchema, ParamSourceSchema } from '@inlet/contracts';
import { ExpectedVersion, Key, Path } from '../shared/request-fields.schema';
import { IsoDateTime, Version } from '../shared/response-fields.schema';

/** Request bodies of the mappings API (snake_case on the wire). Unknown fields are refused. */

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

export const MappingsQuery = z.object({ event_type: EventType.optional().meta({ description: 'Only mappings of this event type.' }) }).strict();

export const CopyMappingsBody = z
  .object({
    /** The environment that receives copies of this environment's mappings. */
    to_environment: Key,
    /** Delete the target's mappings first (default: keep them and add the copies). */
    replace: z.boolean().default(false),
  })
  .strict();

/* Responses: what mappings.service.ts presents and the OpenAPI document shows. */

export const MappingSchema = z
  .object({
    id: z.string(),
    source: z.string(),
    environment: z.string(),
    event_type: z.string(),
    action_type: ActionTypeSchema,
    trigger_id: z.string().nullable().meta({ description: 'The workflow trigger that owns this mapping (change it there).' }),
    params: z.record(z.string(), ParamSourceSchema),
    active: z.boolean(),
    created_at: IsoDateTime,
    updated_at: IsoDateTime,
    version: Version,
  })
  .meta({ id: 'Mapping' });
export type Mapping = z.infer<typeof MappingSchema>;

export const MappingWithWarningsSchema = MappingSchema.extend({
  warnings: z.array(z.object({ code: z.literal('event_type_not_seen'), message: z.string() })).meta({ description: 'The mapping is saved; these say what may keep it from running.' }),
}).meta({ id: 'MappingWithWarnings' });
export type MappingWithWarnings = z.infer<typeof MappingWithWarningsSchema>;
