import { z } from 'zod';
import { envelopeOf } from './envelope.schema';
import { ParamSourceSchema } from './config.schema';

/** identify user: a merge, only the fields sent change. */
export const IdentifyUserActionSchema = z.object({
  type: z.literal('identify_user'),
  params: z.object({
    id: z.string().min(1),
    name: z.string().optional(),
    email: z.string().optional(),
    phone_number: z.string().optional(),
    avatar: z.string().optional(),
    locale: z.string().optional(),
    timezone: z.string().optional(),
    /** Custom properties, merged key by key. */
    properties: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** Every action the executor performs, with its resolved parameters. */
export const ActionSchema = z.discriminatedUnion('type', [IdentifyUserActionSchema]);
export type Action = z.infer<typeof ActionSchema>;
export type ActionType = Action['type'];

/** One action to perform, resolved from one mapping of one event. */
export const ActionRequestedSchema = z.object({
  /** Deterministic per event and mapping: the executor applies each action id at most once. */
  actionId: z.string().min(1),
  mappingId: z.string().min(1),
  /** Place of this action in the event's fixed execution order. */
  position: z.number().int().nonnegative(),
  eventType: z.string().min(1),
  /** The mapping's parameters as configured, for the action log. */
  configured: z.record(z.string(), ParamSourceSchema),
  action: ActionSchema,
});
export type ActionRequested = z.infer<typeof ActionRequestedSchema>;
export const ActionRequestedEnvelopeSchema = envelopeOf(ActionRequestedSchema);

export const SkipReasonSchema = z.enum(['inactive', 'missing_field', 'type_mismatch', 'limit_exceeded', 'unsupported_action']);
export type SkipReason = z.infer<typeof SkipReasonSchema>;

/** The mapping-engine's plan for one event: what will run, and what was skipped and why. */
export const EventMappedSchema = z.object({
  eventType: z.string().min(1),
  planned: z.array(
    z.object({
      actionId: z.string(),
      mappingId: z.string(),
      actionType: z.string(),
      position: z.number().int(),
      configured: z.record(z.string(), ParamSourceSchema),
      /** The parameters as resolved from the payload: the action log shows them before the outcome. */
      resolved: z.record(z.string(), z.unknown()),
    }),
  ),
  skipped: z.array(
    z.object({
      mappingId: z.string(),
      actionType: z.string(),
      reason: SkipReasonSchema,
      /** The parameter at fault. */
      field: z.string().optional(),
      message: z.string(),
      configured: z.record(z.string(), ParamSourceSchema),
    }),
  ),
});
export type EventMapped = z.infer<typeof EventMappedSchema>;
export const EventMappedEnvelopeSchema = envelopeOf(EventMappedSchema);

/** A stable failure: `code` for machines, `message` for people, `retriable` for the runner. */
export const FailureSchema = z.object({ code: z.string().min(1), message: z.string(), retriable: z.boolean() });
export type Failure = z.infer<typeof FailureSchema>;

export const ActionCompletedSchema = z.object({
  actionId: z.string().min(1),
  mappingId: z.string().min(1),
  actionType: z.string().min(1),
  /** What the action produced, e.g. the user id or workflow run ids. */
  result: z.record(z.string(), z.unknown()),
  completedAt: z.iso.datetime(),
});
export type ActionCompleted = z.infer<typeof ActionCompletedSchema>;
export const ActionCompletedEnvelopeSchema = envelopeOf(ActionCompletedSchema);

export const ActionFailedSchema = z.object({
  actionId: z.string().min(1),
  mappingId: z.string().min(1),
  actionType: z.string().min(1),
  failure: FailureSchema,
  failedAt: z.iso.datetime(),
});
export type ActionFailed = z.infer<typeof ActionFailedSchema>;
export const ActionFailedEnvelopeSchema = envelopeOf(ActionFailedSchema);
