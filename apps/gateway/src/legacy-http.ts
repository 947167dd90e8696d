import type { TrackCheck } from '@inlet/domain/segment';

/** Segment's own bound on a batch request (500 KB); a single event keeps the environment's limit. */
export const LEGACY_BATCH_MAX_BYTES = 500 * 1024;

/** `application/json`, in any case, with or without parameters (`; charset=utf-8`). */
export function isJsonContentType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const [mediaType = ''] = contentType.split(';');
  return mediaType.trim().toLowerCase() === 'application/json';
}

/** Why a legacy request's Content-Type is refused (415), naming the header. */
export function contentTypeProblem(contentType: string | null): string {
  if (contentType === null || contentType.trim() === '') return 'headers.content-type: required, and must be application/json';
  return `headers.content-type: must be application/json, not ${JSON.stringify(contentType.slice(0, 100))}`;
}

/** The `<field>: <message>` both the 400 answer and the log show for a refused track event. */
export function trackProblem(check: { field: string; message: string }): string {
  return `${check.field}: ${check.message}`;
}

export type BatchItemOutcome = { index: number; eventId: string; check: TrackCheck };

export type BatchItemAnswer =
  | { index: number; status: 'accepted'; id: string }
  | { index: number; status: 'rejected'; id?: string; error: { code: 'invalid_event'; message: string } };

/**
 * The 200 body of a batch: each item's outcome in order, and the counts. Every item's `id` names
 * its log; a refused item has one only when its refusal was logged.
 */
export function batchAnswerBody(outcomes: BatchItemOutcome[], refusalsLogged: boolean): { items: BatchItemAnswer[]; accepted: number; rejected: number } {
  const items = outcomes.map(({ index, eventId, check }): BatchItemAnswer =>
    check.ok
      ? { index, status: 'accepted', id: eventId }
      : { index, status: 'rejected', ...(refusalsLogged ? { id: eventId } : {}), error: { code: 'invalid_event', message: trackProblem(check) } },
  );
  const accepted = items.filter((item) => item.status === 'accepted').length;
  return { items, accepted, rejected: items.length - accepted };
}
