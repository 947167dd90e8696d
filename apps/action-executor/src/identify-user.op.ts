import type { Action } from '@inlet/contracts';

type IdentifyParams = Extract<Action, { type: 'identify_user' }>['params'];

/**
 * identify user as one upsert: a merge, so only the fields sent change; custom properties merge key
 * by key. Applying the same identify twice leaves the same user, which is what makes a redelivery
 * harmless even before the executed-action record is written.
 */
export function identifyUserOp(environment: string, params: IdentifyParams, now: Date) {
  const { id, properties, ...fields } = params;
  const set: Record<string, unknown> = { ...fields, updatedAt: now };
  for (const [name, value] of Object.entries(properties ?? {})) set[`properties.${name}`] = value;
  const setOnInsert: Record<string, unknown> = { createdAt: now };
  if (!properties || Object.keys(properties).length === 0) setOnInsert.properties = {};
  return { updateOne: { filter: { environment, id }, update: { $set: set, $setOnInsert: setOnInsert }, upsert: true } };
}
