import { describeValue } from '@inlet/domain/normalize';

/**
 * Most events one batch may hold. Segment bounds a batch by size only (500 KB, which the gateway
 * enforces); this bound sits above the flush sizes of Segment's libraries (20 to 250 events) and
 * keeps one batch's answer and its Kafka send small.
 */
export const MAX_BATCH_EVENTS = 1000;

/** The events of a batch body, still to be checked one by one, or why the body is not a batch. */
export type TrackBatch = { ok: true; items: unknown[] } | { ok: false; field: 'batch'; message: string };

/** A batch body is `{"batch": [ ...track events ]}` with 1 to {@link MAX_BATCH_EVENTS} items; other top-level keys are ignored. */
export function checkTrackBatch(value: unknown): TrackBatch {
  const shape = 'the body must be {"batch": [ ...events ]}';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, field: 'batch', message: `required: ${shape}, not ${describeValue(value)}` };
  }
  const batch = Object.hasOwn(value, 'batch') ? (value as Record<string, unknown>)['batch'] : undefined;
  if (batch === undefined || batch === null) return { ok: false, field: 'batch', message: `required: ${shape}` };
  if (!Array.isArray(batch)) return { ok: false, field: 'batch', message: `must be an array, not ${describeValue(batch)}` };
  if (batch.length === 0) return { ok: false, field: 'batch', message: 'must hold at least one event' };
  if (batch.length > MAX_BATCH_EVENTS) {
    return { ok: false, field: 'batch', message: `must hold at most ${MAX_BATCH_EVENTS} events, not ${batch.length}` };
  }
  return { ok: true, items: batch };
}
