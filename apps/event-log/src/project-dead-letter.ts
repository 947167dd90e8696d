import { DeadLetterHeader, type RawRecord } from '@inlet/platform/kafka';
import type { LogFailure, TimelineEntry } from '@inlet/store/source-logs';
import type { LogUpdate } from './project-stage';

export type DeadLetterProjection = { ok: true; log: LogUpdate } | { ok: false; why: string };

/** Fields of the dead-lettered message that say which log it belongs to; nothing else is read. */
type Head = { eventId?: unknown; sourceEnvironmentId?: unknown; sourceKey?: unknown; environment?: unknown; payload?: { receivedAt?: unknown } };

/**
 * One dead-letter record as an upsert of its event's log: `failure` names the stage (the original
 * topic and consumer group) and the reason (the error code and message from the headers), and the
 * timeline gets an entry per record. The message itself is never copied: it may be exactly what the
 * log could not store. A log the dead letter is the first to reach (the intake itself could not be
 * stored) is inserted with the envelope's head. A record whose value has no readable event id
 * belongs to no log.
 */
export function projectDeadLetter(record: Pick<RawRecord, 'value' | 'headers' | 'partition' | 'offset' | 'timestamp'>): DeadLetterProjection {
  const head = readHead(record.value);
  if (!head) return { ok: false, why: 'the value is not a JSON object' };
  if (typeof head.eventId !== 'string' || head.eventId.length === 0) return { ok: false, why: 'the value has no event id' };
  const h = record.headers;
  const topic = h[DeadLetterHeader.originalTopic] ?? 'unknown';
  const consumerGroup = h[DeadLetterHeader.consumerGroup] ?? 'unknown';
  const at = new Date(Number(record.timestamp));
  const failure: LogFailure = {
    reason: 'dead_lettered',
    topic,
    consumerGroup,
    code: h[DeadLetterHeader.errorCode] ?? 'unknown',
    message: h[DeadLetterHeader.errorMessage] ?? 'no error message in the dead-letter record',
    at,
  };
  const entry: TimelineEntry = { stage: 'dead_lettered', at, service: serviceOf(consumerGroup), detail: `${topic}: ${failure.code}: ${failure.message}` };
  // Timeline keys are field names: no dots. The original topic, partition and offset name one record.
  const where = `${topic}:${h[DeadLetterHeader.originalPartition] ?? record.partition}:${h[DeadLetterHeader.originalOffset] ?? record.offset}`.replace(/[.$]/g, '_');
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : 'unknown');
  const receivedAt = new Date(typeof head.payload?.receivedAt === 'string' ? head.payload.receivedAt : Number.NaN);
  return {
    ok: true,
    log: {
      eventId: head.eventId,
      update: {
        $set: { failure, [`timeline.dead_letter:${where}`]: entry },
        $setOnInsert: {
          sourceEnvironmentId: text(head.sourceEnvironmentId),
          sourceKey: text(head.sourceKey),
          environment: text(head.environment),
          status: 'pending',
          receivedAt: Number.isNaN(receivedAt.getTime()) ? at : receivedAt,
        },
        $inc: { version: 1 },
      },
    },
  };
}

function readHead(value: Buffer | null): Head | null {
  if (value === null) return null;
  try {
    const parsed = JSON.parse(value.toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Head) : null;
  } catch {
    return null;
  }
}

/** `inlet.<service><suffix>` → the service; the group as it is otherwise. */
function serviceOf(group: string): string {
  const match = /^inlet\.([a-z-]+)/.exec(group);
  return match ? match[1] : group;
}
