import { z } from 'zod';
import { ActionTypeSchema, ParamSourceSchema, SkipReasonSchema } from '@inlet/contracts';
import type { ParamProblemReason } from '@inlet/domain/mapping';

/**
 * Requests and answers of the mapping editor's checks: a mapping's parameters against one sample,
 * and the dry run of an event's whole plan. Nothing is stored or run.
 */

/** Either a stored sample, by its event id (GET …/event-types/{type}/samples), or a payload given inline. */
export const SampleRef = z.union(
  [
    z.object({ event_id: z.string().min(1) }).strict(),
    z
      .object({
        body: z.unknown().refine((v) => v !== undefined, { error: 'required' }),
        /** Request headers as the pipeline sees them (`headers.<name>` paths); names are matched without case. */
        headers: z.record(z.string(), z.string()).default({}),
      })
      .strict(),
  ],
  { error: 'expected {"event_id": "<id>"} (a stored sample) or {"body": <payload>, "headers"?: {<name>: <value>}}' },
);
export type SampleRef = z.infer<typeof SampleRef>;

/**
 * Parameters as a mapping would hold them. A path is not checked here: a malformed one is answered
 * per parameter (`invalid_path`), as the editor shows it beside its input.
 */
const CheckedParams = z.record(z.string().min(1).max(200), ParamSourceSchema.meta({ description: '`{"path": "<dot path>"}` or `{"literal": <value>}`' }));

export const CheckMappingBody = z
  .object({
    action_type: ActionTypeSchema,
    params: CheckedParams,
    sample: SampleRef,
  })
  .strict();

export const DryRunBody = z
  .object({
    /** The event type whose stored mappings (active and inactive) are planned. */
    event_type: z.string().min(1).max(255),
    sample: SampleRef,
  })
  .strict();

const PROBLEM_REASONS = ['missing_field', 'type_mismatch', 'limit_exceeded', 'invalid_path', 'unknown_parameter'] as const satisfies readonly ParamProblemReason[];

const checkedParam = {
  name: z.string().meta({ description: 'The parameter as the mapping names it: `data`, `data.priority`, or a custom property.' }),
  param: z.string().nullable().meta({ description: "The action's parameter it goes into (`data` for `data.priority`); null for a name the action does not take." }),
  kind: z.string().nullable().meta({ description: 'What the action expects there (string, recipients, object, …); null for an unknown name.' }),
  required: z.boolean(),
  configured: ParamSourceSchema.nullable().meta({ description: 'How the mapping sets it; null when it is not mapped.' }),
};

export const ParamCheckSchema = z
  .discriminatedUnion('status', [
    z.object({ ...checkedParam, status: z.literal('resolved'), ok: z.literal(true), value: z.unknown().meta({ description: 'The value the action would be sent, in its shape.' }) }),
    z.object({ ...checkedParam, status: z.literal('omitted'), ok: z.literal(true), message: z.string().meta({ description: 'Why the optional parameter would be left out.' }) }),
    z.object({
      ...checkedParam,
      status: z.literal('unresolved'),
      ok: z.literal(false),
      reason: z.enum(PROBLEM_REASONS).meta({
        description:
          "The pipeline's skip reason (`missing_field`, `type_mismatch`, `limit_exceeded`), or what a saved mapping cannot hold: `invalid_path` (a malformed path), `unknown_parameter` (a name the action does not take).",
      }),
      field: z.string().meta({ description: 'The value at fault, e.g. `recipients[2].id`.' }),
      message: z.string(),
    }),
  ])
  .meta({ id: 'ParamCheck', description: 'One parameter against the sample: resolved (✓ with the value), omitted (an optional one left out) or unresolved (✕ with the reason).' });
export type ParamCheck = z.infer<typeof ParamCheckSchema>;

export const MappingCheckSchema = z
  .object({
    action_type: ActionTypeSchema,
    params: z.array(ParamCheckSchema).meta({
      description: "Every parameter the action takes, in the action's order, mapped or not; then each single field, custom property or unknown name the request maps, in its order.",
    }),
    skip: z
      .object({ param: z.string(), reason: z.string(), field: z.string(), message: z.string() })
      .nullable()
      .meta({ description: "For this sample, why the action would not run (its first unresolved parameter among the action's own, as the pipeline would log the skip); null when it would run." }),
  })
  .meta({ id: 'MappingCheck' });
export type MappingCheck = z.infer<typeof MappingCheckSchema>;

export const DryRunSchema = z
  .object({
    event_type: z.string(),
    event_id: z.string().nullable().meta({ description: 'The stored sample planned; null for an inline one.' }),
    planned: z
      .array(
        z.object({
          action_id: z.string().nullable().meta({ description: "The id the sample's event gave the action (`<event id>:<mapping id>`); null for an inline sample." }),
          mapping_id: z.string(),
          trigger_id: z.string().nullable(),
          action_type: ActionTypeSchema,
          position: z.number().int().min(0),
          configured: z.record(z.string(), ParamSourceSchema),
          resolved: z.record(z.string(), z.unknown()).meta({ description: 'The payload the action would be sent.' }),
        }),
      )
      .meta({ description: 'The actions that would run, in execution order.' }),
    skipped: z
      .array(
        z.object({
          mapping_id: z.string(),
          trigger_id: z.string().nullable(),
          action_type: ActionTypeSchema,
          reason: SkipReasonSchema,
          field: z.string().nullable().meta({ description: 'The parameter at fault, when one is.' }),
          message: z.string(),
          configured: z.record(z.string(), ParamSourceSchema),
        }),
      )
      .meta({ description: 'The mappings that would be left out, and why, in the words of the event\'s log.' }),
  })
  .meta({ id: 'DryRun', description: "What the mapping-engine would plan for the sample with the environment's current mappings of the event type. Nothing is run." });
export type DryRun = z.infer<typeof DryRunSchema>;
