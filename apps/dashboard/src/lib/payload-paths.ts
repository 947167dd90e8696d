/**
 * The event type path of a field clicked in a received body: a dot path over the body (`data.kind`,
 * `items.0.type`), as the api's paths read it. A key holding a dot, an empty key or a prototype
 * member name cannot be written as such a path, so that field offers none.
 */
export function pathOf(segments: readonly (string | number)[]): string | null {
  if (segments.length === 0) return null;
  const parts = segments.map(String);
  const writable = parts.every((p) => p !== '' && !p.includes('.') && !['__proto__', 'constructor', 'prototype'].includes(p));
  return writable ? parts.join('.') : null;
}

/** The value at a dot path of a body, for showing what a path resolves to. */
export function valueAt(body: unknown, path: string): unknown {
  let current: unknown = body;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A string worth offering as an event type: short, on one line, like `task.assigned`. */
export function looksLikeEventType(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= 255 && !/\s/.test(value);
}
