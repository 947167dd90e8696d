import { z } from 'zod';
import { envelopeOf } from './envelope.schema';
import type { ActionType } from './action-type.schema';
import { ParamSourceSchema } from './config.schema';

/** Limits of the reference: recipients of a trigger, of a subscription, and audience members per action. */
export const ACTION_LIMITS = { recipients: 1000, subscriptionRecipients: 100, audienceMembers: 1000 } as const;

const Id = z.string().min(1);
/** Names of fields stored as document fields (custom properties, settings): no '.', no leading '$'. */
export const PROPERTY_NAME = /^[^.$][^.]*$/;
/** Custom properties or settings, merged key by key. */
const Properties = z.record(z.string().regex(PROPERTY_NAME), z.unknown());

/** The fields of a user besides its id; a merge changes only those sent. */
export const UserProfileSchema = z.object({
  name: z.string().optional(),
  email: z.string().optional(),
  phone_number: z.string().optional(),
  avatar: z.string().optional(),
  locale: z.string().optional(),
  timezone: z.string().optional(),
  properties: Properties.optional(),
});
export type UserProfile = z.infer<typeof UserProfileSchema>;

/** The fields of a tenant besides its id. */
export const TenantProfileSchema = z.object({
  name: z.string().optional(),
  settings: Properties.optional(),
  properties: Properties.optional(),
});
export type TenantProfile = z.infer<typeof TenantProfileSchema>;

/**
 * A recipient or actor as resolved from the payload: a user (from an id, or an inline user object
 * whose other fields are identified first) or an object reference `{id, collection}`.
 */
export const RecipientSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), id: Id, profile: UserProfileSchema.optional() }),
  z.object({ kind: z.literal('object'), collection: Id, id: Id }),
]);
export type Recipient = z.infer<typeof RecipientSchema>;

/** A tenant by id, or inline with fields that are set first. */
export const TenantRefSchema = z.object({ id: Id, profile: TenantProfileSchema.optional() });
export type TenantRef = z.infer<typeof TenantRefSchema>;

const action = <T extends ActionType, P extends z.ZodRawShape>(type: T, params: P) => z.object({ type: z.literal(type), params: z.object(params) });

/** Every action the executor performs, with its parameters resolved and checked. */
export const ActionSchema = z.discriminatedUnion('type', [
  action('identify_user', { id: Id, ...UserProfileSchema.shape }),
  action('delete_user', { id: Id }),
  action('set_object', { collection: Id, id: Id, name: z.string().optional(), properties: Properties.optional() }),
  action('delete_object', { collection: Id, id: Id }),
  action('set_tenant', { id: Id, ...TenantProfileSchema.shape }),
  action('delete_tenant', { id: Id }),
  action('subscribe', { collection: Id, object_id: Id, recipients: z.array(RecipientSchema).min(1).max(ACTION_LIMITS.subscriptionRecipients), properties: Properties.optional() }),
  action('unsubscribe', { collection: Id, object_id: Id, recipients: z.array(RecipientSchema).min(1).max(ACTION_LIMITS.subscriptionRecipients) }),
  action('add_audience_members', { audience_key: Id, user_ids: z.array(Id).min(1).max(ACTION_LIMITS.audienceMembers), tenant: Id.optional(), create_audience: z.boolean().optional() }),
  action('remove_audience_members', { audience_key: Id, user_ids: z.array(Id).min(1).max(ACTION_LIMITS.audienceMembers), tenant: Id.optional() }),
  action('cancel_workflow', { key: Id, cancellation_key: Id, recipients: z.array(RecipientSchema).min(1).max(ACTION_LIMITS.recipients).optional() }),
  action('trigger_workflow', {
    key: Id,
    recipients: z.array(RecipientSchema).min(1).max(ACTION_LIMITS.recipients),
    actor: RecipientSchema.optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    tenant: TenantRefSchema.optional(),
    cancellation_key: Id.optional(),
  }),
]);
export type Action = z.infer<typeof ActionSchema>;
export type ActionOf<T extends ActionType> = Extract<Action, { type: T }>;
export type ActionParams<T extends ActionType> = ActionOf<T>['params'];

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

export const SkipReasonSchema = z.enum(['inactive', 'missing_field', 'type_mismatch', 'limit_exceeded']);
export type SkipReason = z.infer<typeof SkipReasonSchema>;

/** The mapping-engine's plan for one event: what will run, and what was skipped and why. */
export const EventMappedSchema = z.object({
  eventType: z.string().min(1),
  planned: z.array(
    z.object({
      actionId: z.string(),
      mappingId: z.string(),
      actionType: z.string(),
      /** The workflow trigger the mapping was made from, if any. */
      triggerId: z.string().optional(),
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
      triggerId: z.string().optional(),
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

/** One workflow run, as the executor stores it and announces it for a team's own notification engine. */
export const WorkflowTriggeredSchema = z.object({
  /** Stable for one action and recipient: a redelivered trigger announces the same run again. */
  runId: z.string().min(1),
  workflow: z.string().min(1),
  recipient: RecipientSchema,
  actor: RecipientSchema.optional(),
  data: z.record(z.string(), z.unknown()),
  tenant: z.string().optional(),
  cancellationKey: z.string().optional(),
  actionId: z.string().min(1),
  triggeredAt: z.iso.datetime(),
});
export type WorkflowTriggered = z.infer<typeof WorkflowTriggeredSchema>;
export const WorkflowTriggeredEnvelopeSchema = envelopeOf(WorkflowTriggeredSchema);
