import { PROPERTY_NAME, PROPERTY_NAME_RULE, type ActionParam } from './action-params';
import { isPlainObject, mismatch, nonEmptyString, ok, setField, type Checked } from './checked';
import { toRecipient, toRecipients, toTenantRef, toUserIds } from './recipients';

/** Checks one resolved (non-null) value against its parameter and returns it in the action's shape. */
export function checkValue(param: ActionParam, value: unknown): Checked<unknown> {
  const field = param.name;
  switch (param.kind) {
    case 'id':
      return nonEmptyString(field, value);
    case 'string':
      return typeof value === 'string' ? ok(value) : mismatch(field, 'a string', value);
    case 'boolean':
      return typeof value === 'boolean' ? ok(value) : mismatch(field, 'a boolean', value);
    case 'object':
    case 'properties':
      return buildObject(param, value, []);
    case 'recipients':
      return toRecipients(field, value, param.max);
    case 'recipient':
      return toRecipient(field, value);
    case 'user_ids':
      return toUserIds(field, value, param.max);
    case 'tenant':
      return toTenantRef(field, value);
  }
}

/**
 * An object parameter: the whole object when the parameter itself is mapped, then each
 * `<name>.<field>` (or custom property) in the order configured, so single fields override.
 */
export function buildObject(param: ActionParam, whole: unknown, fields: ReadonlyArray<readonly [string, unknown]>): Checked<Record<string, unknown>> {
  const object: Record<string, unknown> = {};
  if (whole !== undefined) {
    if (!isPlainObject(whole)) return mismatch(param.name, 'an object', whole);
    for (const [key, value] of Object.entries(whole)) setField(object, key, value);
  }
  for (const [key, value] of fields) setField(object, key, value);
  if (param.kind === 'properties') {
    const badName = Object.keys(object).find((name) => !PROPERTY_NAME.test(name));
    if (badName !== undefined) return mismatch(`${param.name}.${badName}`, PROPERTY_NAME_RULE, badName);
  }
  return ok(object);
}
