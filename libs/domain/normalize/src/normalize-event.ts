import { resolvePath, type PathRoot } from '@inlet/domain/paths';
import { checkJsonBounds, invalidUtf8Offset, JSON_BOUNDS, type JsonBounds } from './check-json-bounds';

export type ParsedBody = { ok: true; body: unknown } | { ok: false; message: string };

/**
 * Parses the raw bytes as JSON: the body the paths resolve over. The bytes must be UTF-8 and the
 * JSON within `bounds` (checked before parsing, so no body can exhaust the stack); any failure is
 * a message, never a throw.
 */
export function parseJsonBody(raw: Uint8Array, bounds: JsonBounds = JSON_BOUNDS): ParsedBody {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { ok: false, message: `body is not valid UTF-8 (byte ${invalidUtf8Offset(raw)} starts no valid sequence)` };
  }
  const bounded = checkJsonBounds(text, bounds);
  if (!bounded.ok) return { ok: false, message: `body ${bounded.problem} at ${bounded.path}` };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch (err) {
    return { ok: false, message: `body is not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

const MAX_EVENT_TYPE_LENGTH = 255;

export type EventTypeResult = { ok: true; eventType: string } | { ok: false; message: string };

/** The event type is a non-empty string (or a number, taken as its decimal text) at the configured path. */
export function resolveEventType(root: PathRoot, path: string): EventTypeResult {
  const found = resolvePath(root, path);
  if (!found.found) return { ok: false, message: `event type path "${path}" does not resolve to a value` };
  const { value } = found;
  const eventType = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof eventType !== 'string' || eventType.length === 0) {
    return { ok: false, message: `event type path "${path}" resolves to ${describeValue(value)}, not a string` };
  }
  if (eventType.length > MAX_EVENT_TYPE_LENGTH) {
    return { ok: false, message: `event type at "${path}" is longer than ${MAX_EVENT_TYPE_LENGTH} characters` };
  }
  return { ok: true, eventType };
}

export type EventTime = { eventTime: Date; source: 'payload' | 'ingestion'; issue?: string };

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** Epoch values below this are seconds, above it milliseconds (1e11 s is the year 5138). */
const SECONDS_LIMIT = 1e11;

/**
 * The event time: the value at the timestamp path when it parses (ISO-8601, or epoch seconds or
 * milliseconds as a number or digit string), otherwise the ingestion time with the reason.
 */
export function resolveEventTime(root: PathRoot, path: string | null, receivedAt: Date): EventTime {
  if (path === null) return { eventTime: receivedAt, source: 'ingestion' };
  const found = resolvePath(root, path);
  if (!found.found) return { eventTime: receivedAt, source: 'ingestion', issue: `timestamp path "${path}" does not resolve to a value` };
  const parsed = parseTimestamp(found.value);
  if (!parsed) {
    return { eventTime: receivedAt, source: 'ingestion', issue: `timestamp at "${path}" is not ISO-8601 or epoch seconds/milliseconds: ${describeValue(found.value)}` };
  }
  return { eventTime: parsed, source: 'payload' };
}

export function parseTimestamp(value: unknown): Date | null {
  let date: Date | null = null;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    date = new Date(value < SECONDS_LIMIT ? value * 1000 : value);
  } else if (typeof value === 'string' && /^\d{1,16}(\.\d+)?$/.test(value)) {
    return parseTimestamp(Number(value));
  } else if (typeof value === 'string' && ISO_8601.test(value)) {
    date = new Date(value);
  }
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

/** A short description of a value for messages: quoted and cut if a string, else its kind. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
