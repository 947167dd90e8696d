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
