import type { SkipReason } from '@inlet/contracts';

/** Why a value cannot be used: the skip reason, the field at fault and a sentence for the action log. */
export type Problem = { reason: Exclude<SkipReason, 'inactive'>; field: string; message: string };
export type Failed = { ok: false; problem: Problem };
export type Checked<T> = { ok: true; value: T } | Failed;

export const ok = <T>(value: T): Checked<T> => ({ ok: true, value });

export function mismatch(field: string, expected: string, value: unknown): Failed {
  return { ok: false, problem: { reason: 'type_mismatch', field, message: `field "${field}" must be ${expected}, got ${describe(value)}` } };
}

export function overLimit(field: string, count: number, limit: number, noun: string): Failed {
  return { ok: false, problem: { reason: 'limit_exceeded', field, message: `field "${field}" has ${count} ${noun}, more than the limit of ${limit}` } };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (value === '') return 'an empty string';
  return typeof value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function nonEmptyString(field: string, value: unknown): Checked<string> {
  return typeof value === 'string' && value.length > 0 ? ok(value) : mismatch(field, 'a non-empty string', value);
}

/** An own field of a payload object, never one inherited from a prototype. */
export function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * Sets a field by definition, not assignment: a payload key named `__proto__` stays a plain field
 * instead of replacing the object's prototype.
 */
export function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
