/**
 * Pure helpers of a source's Settings tab: what a key path resolves to in a sample, what enforcing
 * verification would have done to the recent requests, and how a signing key's validity reads.
 */

export type Sample = { body: unknown; headers: Record<string, string> };

export type Resolved = { found: true; value: unknown } | { found: false };

function walk(value: unknown, segments: readonly string[]): Resolved {
  let current = value;
  for (const part of segments) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, part)) return { found: false };
    current = (current as Record<string, unknown>)[part];
  }
  return { found: true, value: current };
}

/**
 * A path as the pipeline reads it (libs/domain/paths): `headers.<name>` is a request header (names
 * lower-case), `body.<path>` an explicit body path, anything else a dot path over the body.
 */
export function resolveSamplePath(sample: Sample, path: string): Resolved {
  const segments = path.trim().split('.');
  if (segments.some((s) => s === '')) return { found: false };
  if (segments[0] === 'headers' && segments.length > 1) {
    const name = segments.slice(1).join('.').toLowerCase();
    const headers = Object.fromEntries(Object.entries(sample.headers).map(([k, v]) => [k.toLowerCase(), v]));
    return Object.prototype.hasOwnProperty.call(headers, name) ? { found: true, value: headers[name] } : { found: false };
  }
  if (segments[0] === 'body' && segments.length > 1) return walk(sample.body, segments.slice(1));
  return walk(sample.body, segments);
}

/** A resolved value in one line: strings as they are, the rest as JSON, cut at `max` characters. */
export function showValue(value: unknown, max = 80): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What a path gives the pipeline in a sample: a value it takes, or why it does not take one. */
export type PathVerdict = { ok: true; value: string } | { ok: false; reason: string };

/**
 * The event type at a path, as the normalizer reads it (`resolveEventType` in libs/domain/normalize,
 * which the dashboard may not import): a non-empty string of at most 255 characters, or a number.
 */
export function eventTypeVerdict(resolved: Resolved): PathVerdict {
  if (!resolved.found) return { ok: false, reason: 'nothing at this path: the event would be logged as invalid_path and go no further' };
  const value = typeof resolved.value === 'number' && Number.isFinite(resolved.value) ? String(resolved.value) : resolved.value;
  if (typeof value !== 'string' || value.length === 0) return { ok: false, reason: `${showValue(resolved.value, 40)} is not a string: the event would be logged as invalid_path` };
  if (value.length > 255) return { ok: false, reason: 'longer than 255 characters: the event would be logged as invalid_path' };
  return { ok: true, value };
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The event time at a path, as the normalizer reads it (`resolveEventTime`): ISO-8601, or epoch
 * seconds or milliseconds as a number or digit string; otherwise the event is timed when received.
 */
export function timestampVerdict(resolved: Resolved): PathVerdict {
  const fallback = 'events would be timed when received';
  if (!resolved.found) return { ok: false, reason: `nothing at this path: ${fallback}` };
  const parse = (value: unknown): Date | null => {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return new Date(value < 1e11 ? value * 1000 : value);
    if (typeof value === 'string' && /^\d{1,16}(\.\d+)?$/.test(value)) return parse(Number(value));
    if (typeof value === 'string' && ISO_8601.test(value)) return new Date(value);
    return null;
  };
  const date = parse(resolved.value);
  if (!date || Number.isNaN(date.getTime())) return { ok: false, reason: `${showValue(resolved.value, 40)} is not ISO-8601 or epoch seconds/milliseconds: ${fallback}` };
  return { ok: true, value: date.toISOString() };
}

/**
 * What enforcing verification would have done to the last requests: those the gateway let through
 * unenforced with a wrong signature (`unenforced:failed`) or none (`unenforced:missing`).
 */
export function enforcementPreview(logs: readonly { verification: string | null }[]): { total: number; failed: number; missing: number; refused: number } {
  const failed = logs.filter((l) => l.verification === 'unenforced:failed').length;
  const missing = logs.filter((l) => l.verification === 'unenforced:missing').length;
  return { total: logs.length, failed, missing, refused: failed + missing };
}

/** `previous_valid_until` for an overlap of `hours` from `now`; null (stops at once) for none. */
export function overlapUntil(hours: number, now: number): string | null {
  if (!Number.isFinite(hours) || hours <= 0) return null;
  return new Date(now + hours * 3_600_000).toISOString();
}

/** "valid", or "valid until <when>" for a key being replaced. */
export function keyValidity(validUntil: string | null, formatTime: (iso: string) => string): string {
  return validUntil === null ? 'valid' : `valid until ${formatTime(validUntil)}`;
}

/** A byte count as people read it: "1 MiB", "512 KiB", "300 bytes". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '';
  if (bytes % 1_048_576 === 0) return `${bytes / 1_048_576} MiB`;
  if (bytes >= 1_048_576) return `${(bytes / 1_048_576).toFixed(2)} MiB`;
  if (bytes % 1024 === 0 || bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}
