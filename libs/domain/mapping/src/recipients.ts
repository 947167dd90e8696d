import type { Recipient, TenantProfile, TenantRef, UserProfile } from '@inlet/contracts';
import { PROPERTY_NAME, PROPERTY_NAME_RULE } from './action-params';
import { isPlainObject, mismatch, nonEmptyString, ok, overLimit, own, setField, type Checked } from './checked';

const RECIPIENT = 'a user id, an inline user {id, ...} or an object reference {id, collection}';
const TENANT = 'a tenant id or an inline tenant {id, ...}';

const USER_FIELDS = ['name', 'email', 'phone_number', 'avatar', 'locale', 'timezone'] as const;
type UserField = (typeof USER_FIELDS)[number];
const isUserField = (key: string): key is UserField => (USER_FIELDS as readonly string[]).includes(key);

/**
 * Recipients as sent: one recipient, or an array of them. Duplicates are kept as sent: the
 * executor derives a run id from the action and the recipient, so a repeated recipient gets the
 * same run rather than a second one, and the action log shows exactly what the payload held.
 */
export function toRecipients(field: string, value: unknown, limit: number): Checked<Recipient[]> {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) return mismatch(field, 'at least one recipient', value);
  if (list.length > limit) return overLimit(field, list.length, limit, 'recipients');
  const recipients: Recipient[] = [];
  for (const [index, item] of list.entries()) {
    const recipient = toRecipient(Array.isArray(value) ? `${field}[${index}]` : field, item);
    if (!recipient.ok) return recipient;
    recipients.push(recipient.value);
  }
  return ok(recipients);
}

/** One recipient or actor: a user id, an object reference (exactly `id` and `collection`) or an inline user. */
export function toRecipient(field: string, value: unknown): Checked<Recipient> {
  if (typeof value === 'string') return value.length > 0 ? ok({ kind: 'user', id: value }) : mismatch(field, RECIPIENT, value);
  if (!isPlainObject(value)) return mismatch(field, RECIPIENT, value);
  const keys = Object.keys(value);
  if (keys.length === 2 && keys.includes('id') && keys.includes('collection')) {
    const collection = nonEmptyString(`${field}.collection`, value.collection);
    if (!collection.ok) return collection;
    const id = nonEmptyString(`${field}.id`, value.id);
    if (!id.ok) return id;
    return ok({ kind: 'object', collection: collection.value, id: id.value });
  }
  return toInlineUser(field, value);
}

/** `{id, name?, email?, phone_number?, avatar?, locale?, timezone?, ...custom}`; a null field counts as not sent. */
function toInlineUser(field: string, value: Record<string, unknown>): Checked<Recipient> {
  const id = nonEmptyString(`${field}.id`, own(value, 'id'));
  if (!id.ok) return id;
  const profile: UserProfile = {};
  const properties: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'id') continue;
    if (isUserField(key)) {
      if (item === null) continue;
      if (typeof item !== 'string') return mismatch(`${field}.${key}`, 'a string', item);
      profile[key] = item;
    } else {
      if (!PROPERTY_NAME.test(key)) return mismatch(`${field}.${key}`, PROPERTY_NAME_RULE, key);
      setField(properties, key, item);
    }
  }
  if (Object.keys(properties).length > 0) profile.properties = properties;
  return ok(Object.keys(profile).length > 0 ? { kind: 'user', id: id.value, profile } : { kind: 'user', id: id.value });
}

/** A user id, or an array of them. */
export function toUserIds(field: string, value: unknown, limit: number): Checked<string[]> {
  if (typeof value === 'string') return value.length > 0 ? ok([value]) : mismatch(field, 'a user id or an array of user ids', value);
  if (!Array.isArray(value)) return mismatch(field, 'a user id or an array of user ids', value);
  if (value.length === 0) return mismatch(field, 'at least one user id', value);
  if (value.length > limit) return overLimit(field, value.length, limit, 'user ids');
  for (const [index, item] of value.entries()) {
    const id = nonEmptyString(`${field}[${index}]`, item);
    if (!id.ok) return id;
  }
  return ok(value as string[]);
}

/** A tenant id, or `{id, name?, settings?, ...custom}` whose other fields are set before the action runs. */
export function toTenantRef(field: string, value: unknown): Checked<TenantRef> {
  if (typeof value === 'string') return value.length > 0 ? ok({ id: value }) : mismatch(field, TENANT, value);
  if (!isPlainObject(value)) return mismatch(field, TENANT, value);
  const id = nonEmptyString(`${field}.id`, own(value, 'id'));
  if (!id.ok) return id;
  const profile: TenantProfile = {};
  const properties: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'id' || ((key === 'name' || key === 'settings') && item === null)) continue;
    if (key === 'name') {
      if (typeof item !== 'string') return mismatch(`${field}.name`, 'a string', item);
      profile.name = item;
    } else if (key === 'settings') {
      if (!isPlainObject(item)) return mismatch(`${field}.settings`, 'an object', item);
      const badName = Object.keys(item).find((name) => !PROPERTY_NAME.test(name));
      if (badName !== undefined) return mismatch(`${field}.settings.${badName}`, PROPERTY_NAME_RULE, badName);
      profile.settings = item;
    } else {
      if (!PROPERTY_NAME.test(key)) return mismatch(`${field}.${key}`, PROPERTY_NAME_RULE, key);
      setField(properties, key, item);
    }
  }
  if (Object.keys(properties).length > 0) profile.properties = properties;
  return ok(Object.keys(profile).length > 0 ? { id: id.value, profile } : { id: id.value });
}
