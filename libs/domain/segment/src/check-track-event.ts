import { describeValue } from '@inlet/domain/normalize';

/** A legacy HTTP event is let through, or refused naming the field at fault (`event: required`). */
export type TrackCheck = { ok: true } | { ok: false; field: string; message: string };

/** The event type: the same bound the verifier puts on any event type. */
export const MAX_EVENT_LENGTH = 255;
/** Segment's own bound on `messageId`, the legacy source's idempotency key. */
export const MAX_MESSAGE_ID_LENGTH = 100;

/**
 * Checks one Segment track call (the reference's "Legacy HTTP source"). Fields beyond these
 * (`integrations`, `sentAt`, `originalTimestamp`, ...) are allowed and travel untouched.
 *
 * Decisions the Segment spec leaves open:
 * - An optional field holding `null` counts as absent: JSON encoders write unset fields that way.
 * - `userId` and `anonymousId` must be strings; a number is refused rather than converted, so
 *   that recipient ids downstream are exactly what was sent.
 * - A `timestamp` with a time of day must carry its zone (`Z` or `±hh:mm`): without one it would
 *   be read in the server's local time. A bare date (`2024-05-01`) means midnight UTC.
 */
export function checkTrackEvent(value: unknown): TrackCheck {
  if (!isObject(value)) return fail('body', `must be a JSON object, not ${describeValue(value)}`);
  // Own properties only, and null read as absent.
  const field = (name: string): unknown => (Object.hasOwn(value, name) ? (value[name] ?? undefined) : undefined);

  const type = field('type');
  if (type === undefined) return fail('type', 'required');
  if (type !== 'track') return fail('type', `${describeValue(type)} is not accepted: only "track" events`);

  const event = field('event');
  if (event === undefined) return fail('event', 'required');
  const eventProblem = stringProblem(event, MAX_EVENT_LENGTH);
  if (eventProblem) return fail('event', eventProblem);

  const userId = field('userId');
  const anonymousId = field('anonymousId');
  if (userId === undefined && anonymousId === undefined) return fail('userId', 'required unless anonymousId is present');
  for (const [name, id] of [['userId', userId], ['anonymousId', anonymousId]] as const) {
    const problem = id === undefined ? undefined : stringProblem(id);
    if (problem) return fail(name, problem);
  }

  for (const name of ['properties', 'context']) {
    const object = field(name);
    if (object !== undefined && !isObject(object)) return fail(name, `must be an object, not ${describeValue(object)}`);
  }

  const messageId = field('messageId');
  const messageIdProblem = messageId === undefined ? undefined : stringProblem(messageId, MAX_MESSAGE_ID_LENGTH);
  if (messageIdProblem) return fail('messageId', messageIdProblem);

  const timestamp = field('timestamp');
  if (timestamp !== undefined && !isIsoTimestamp(timestamp)) {
    return fail('timestamp', `must be an ISO-8601 date or date-time with a time zone (2024-05-01T12:00:00Z), not ${describeValue(timestamp)}`);
  }
  return { ok: true };
}

/** The event type of a track call, when it has a usable one, even if the call is refused: logs can be filtered by it. */
export function trackEventType(value: unknown): string | undefined {
  if (!isObject(value) || !Object.hasOwn(value, 'event')) return undefined;
  const event = value['event'];
  return stringProblem(event, MAX_EVENT_LENGTH) === undefined ? (event as string) : undefined;
}

// Date, optional time (minutes, seconds and fraction optional), and then a zone: the verifier's
// timestamp parser reads all of these the same way.
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2})))?$/;

/** A real calendar date and time: `Date` alone would roll 2024-02-30 over to March 1. */
export function isIsoTimestamp(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = ISO_8601.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second, zoneHours, zoneMinutes] = match.slice(1).map((part) => Number(part ?? 0));
  // setUTCFullYear rather than Date.UTC, which reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const realDate = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return realDate && hour < 24 && minute < 60 && second < 60 && zoneHours < 24 && zoneMinutes < 60 && !Number.isNaN(Date.parse(value));
}

function stringProblem(value: unknown, maxLength?: number): string | undefined {
  if (typeof value !== 'string') return `must be a string, not ${describeValue(value)}`;
  if (value.length === 0) return 'must not be empty';
  if (maxLength !== undefined && value.length > maxLength) return `must be at most ${maxLength} characters, not ${value.length}`;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(field: string, message: string): TrackCheck {
  return { ok: false, field, message };
}
