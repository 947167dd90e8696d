import { ACTION_LIMITS, type ActionType } from '@inlet/contracts';

/**
 * What a parameter's value must be once resolved:
 * - `id`: a non-empty string (a number is refused, never converted);
 * - `string`, `boolean`: that JSON type;
 * - `object`: a JSON object; `properties`: an object whose names contain no '.' and do not start with '$'
 *   (custom properties and settings, stored as document fields);
 * - `recipients`: a user id, an inline user, an object reference `{id, collection}`, or an array of those;
 * - `recipient`: one of those, not an array (the actor);
 * - `user_ids`: a user id or an array of user ids;
 * - `tenant`: a tenant id or an inline tenant `{id, name?, settings?, ...custom}`.
 */
export type ParamKind = 'id' | 'string' | 'boolean' | 'object' | 'properties' | 'recipient' | 'tenant' | ListKind;
type ListKind = 'recipients' | 'user_ids';

export type ActionParam = {
  name: string;
  required: boolean;
  description: string;
  /** For an object parameter: every parameter name the action does not know becomes one of its fields. */
  catchAll?: boolean;
} & ({ kind: Exclude<ParamKind, ListKind> } | { kind: ListKind; max: number });

export { PROPERTY_NAME } from '@inlet/contracts';
export const PROPERTY_NAME_RULE = "a name without '.' that does not start with '$'";

const required = <K extends ParamKind>(name: string, kind: K, description: string) => ({ name, required: true, kind, description });
const optional = <K extends ParamKind>(name: string, kind: K, description: string) => ({ name, required: false, kind, description });

const customProperties = {
  ...optional('properties', 'properties', 'Custom properties, merged key by key. `properties.<name>` sets one; any other parameter name is a custom property too.'),
  catchAll: true,
};

/**
 * The parameters of every action type, as mappings name them. Planning, the checks at mapping
 * creation and the API's documentation all read this one table.
 */
export const ACTION_PARAMS: { readonly [T in ActionType]: readonly ActionParam[] } = {
  identify_user: [
    required('id', 'id', 'The user id.'),
    optional('name', 'string', 'Full name.'),
    optional('email', 'string', 'Email address.'),
    optional('phone_number', 'string', 'Phone number.'),
    optional('avatar', 'string', 'Avatar URL.'),
    optional('locale', 'string', 'Locale, e.g. `en-GB`.'),
    optional('timezone', 'string', 'IANA time zone, e.g. `Europe/London`.'),
    customProperties,
  ],
  delete_user: [required('id', 'id', 'The user id.')],
  set_object: [
    required('collection', 'id', 'The collection the object belongs to.'),
    required('id', 'id', 'The object id within its collection.'),
    optional('name', 'string', 'Display name.'),
    customProperties,
  ],
  delete_object: [required('collection', 'id', 'The collection the object belongs to.'), required('id', 'id', 'The object id within its collection.')],
  set_tenant: [
    required('id', 'id', 'The tenant id.'),
    optional('name', 'string', 'Display name.'),
    optional('settings', 'properties', 'Tenant settings (object), merged key by key. `settings.<name>` sets one.'),
    customProperties,
  ],
  delete_tenant: [required('id', 'id', 'The tenant id.')],
  subscribe: [
    required('collection', 'id', 'Collection of the object subscribed to.'),
    required('object_id', 'id', 'Id of the object subscribed to.'),
    { ...required('recipients', 'recipients', `Who subscribes: user ids, inline users or object references (at most ${ACTION_LIMITS.subscriptionRecipients}).`), max: ACTION_LIMITS.subscriptionRecipients },
    optional('properties', 'properties', 'Subscription properties (object). `properties.<name>` sets one.'),
  ],
  unsubscribe: [
    required('collection', 'id', 'Collection of the object unsubscribed from.'),
    required('object_id', 'id', 'Id of the object unsubscribed from.'),
    { ...required('recipients', 'recipients', `Who unsubscribes: user ids, inline users or object references (at most ${ACTION_LIMITS.subscriptionRecipients}).`), max: ACTION_LIMITS.subscriptionRecipients },
  ],
  add_audience_members: [
    required('audience_key', 'id', 'The audience key.'),
    { ...required('user_ids', 'user_ids', `A user id or an array of user ids (at most ${ACTION_LIMITS.audienceMembers}).`), max: ACTION_LIMITS.audienceMembers },
    optional('tenant', 'id', 'Tenant id the membership is scoped to.'),
    optional('create_audience', 'boolean', 'Create the audience if it does not exist (boolean).'),
  ],
  remove_audience_members: [
    required('audience_key', 'id', 'The audience key.'),
    { ...required('user_ids', 'user_ids', `A user id or an array of user ids (at most ${ACTION_LIMITS.audienceMembers}).`), max: ACTION_LIMITS.audienceMembers },
    optional('tenant', 'id', 'Tenant id the membership is scoped to.'),
  ],
  cancel_workflow: [
    required('key', 'id', 'The workflow key, usually a literal.'),
    required('cancellation_key', 'id', 'The cancellation key the runs were triggered with.'),
    { ...optional('recipients', 'recipients', `Cancel only for these recipients (at most ${ACTION_LIMITS.recipients}).`), max: ACTION_LIMITS.recipients },
  ],
  trigger_workflow: [
    required('key', 'id', 'The workflow key, usually a literal.'),
    { ...required('recipients', 'recipients', `User ids, inline users \`{id, ...}\` (identified first) or object references \`{id, collection}\` (at most ${ACTION_LIMITS.recipients}); one run per recipient.`), max: ACTION_LIMITS.recipients },
    optional('actor', 'recipient', 'Who performed the action: one user id, inline user or object reference.'),
    optional('data', 'object', 'Workflow data (object), often a whole sub-object of the payload. `data.<field>` sets one field.'),
    optional('tenant', 'tenant', 'A tenant id, or an inline tenant `{id, name?, settings?, ...custom}` that is set first.'),
    optional('cancellation_key', 'id', 'A key to cancel the run with later.'),
  ],
};

/** Where a configured parameter name goes: a parameter itself, or one field of an object parameter. */
export type ParamTarget = { param: ActionParam; field?: string };

/**
 * `<object>.<field>` sets one field of an object parameter; on actions with custom properties, any
 * other unknown name is a custom property. Undefined: the action does not take that name.
 */
export function targetOf(actionType: ActionType, name: string): ParamTarget | undefined {
  const params = ACTION_PARAMS[actionType];
  const exact = params.find((p) => p.name === name);
  if (exact) return { param: exact };
  const dot = name.indexOf('.');
  const object = dot > 0 ? params.find((p) => isObjectParam(p) && p.name === name.slice(0, dot)) : undefined;
  if (object) return { param: object, field: name.slice(dot + 1) };
  const catchAll = params.find((p) => p.catchAll);
  return catchAll ? { param: catchAll, field: name } : undefined;
}

export function isObjectParam(param: ActionParam): boolean {
  return param.kind === 'object' || param.kind === 'properties';
}
