import type { EnvelopeHead, MessageOf, Redrive, TopicKey } from '@inlet/contracts';
import { redactHeaders } from '@inlet/domain/logs';
import { parseJsonBody } from '@inlet/domain/normalize';
import { EVENT_TYPE_SAMPLES, knownEventTypeId, type EventTypeSample, type TimelineEntry } from '@inlet/store/source-logs';

/** The stage topics the event-log projects. */
export const STAGE_TOPICS = [
  'intakeReceived',
  'eventRejected',
  'eventNormalized',
  'eventMapped',
  'actionCompleted',
  'actionFailed',
] as const satisfies readonly TopicKey[];
export type StageTopic = (typeof STAGE_TOPICS)[number];

export type LogUpdate = {
  eventId: string;
  update: { $set: Record<string, unknown>; $setOnInsert: Record<string, unknown>; $inc: { version: number }; $unset?: Record<string, ''> };
};

const MAX_BODY_TEXT = 64 * 1024;
/**
 * The largest body a log keeps (the default `max_body_bytes`): a log is one MongoDB document, which
 * cannot exceed 16 MB, and an environment may accept bodies up to 16 MiB.
 */
export const MAX_LOGGED_BODY_BYTES = 1024 * 1024;
/** The largest event kept as one of an event type's samples: its JSON body and redacted headers, in bytes. */
export const MAX_SAMPLE_BYTES = 64 * 1024;

/**
 * One stage message as an upsert of its event's log. Stages arrive from several topics in any
 * order and may be redelivered or produced again by a retried batch, so each update only sets the
 * fields its stage owns, inserts the head on first sight, and writes its timeline entry under the
 * stage's own key. `traceId` is the trace of the message (from its `traceparent`): the gateway's
 * stage sets it and any stage inserting the log first does, a re-drive's stages (another trace,
 * started by the api) never replace it.
 */
export function projectStage<K extends StageTopic>(topic: K, message: MessageOf<K>, traceId?: string): LogUpdate {
  const m = message as MessageOf<StageTopic>;
  const set: Record<string, unknown> = {};
  let entry: TimelineEntry;
  let entryKey: string;

  switch (topic) {
    case 'intakeReceived': {
      const p = (m as MessageOf<'intakeReceived'>).payload;
      if (p.redrive) return projectRedrive(m, p.redrive, traceId);
      Object.assign(set, {
        ...(traceId ? { traceId } : {}),
        receivedAt: new Date(p.receivedAt),
        edgeVerification: p.verification,
        ...(p.verifiedKeyId ? { verifiedKeyId: p.verifiedKeyId } : {}),
        request: storedRequest(p),
      });
      entry = { stage: 'received', at: new Date(p.receivedAt), service: 'gateway' };
      entryKey = entry.stage;
      break;
    }
    case 'eventRejected': {
      const p = (m as MessageOf<'eventRejected'>).payload;
      Object.assign(set, {
        // Refused by the gateway: the event's first and only stage.
        ...(traceId && p.request ? { traceId } : {}),
        receivedAt: new Date(p.receivedAt),
        verification: p.verification,
        rejection: { reason: p.reason, message: p.message, ...(p.field ? { field: p.field } : {}) },
        ...(p.eventType ? { eventType: p.eventType } : {}),
        ...(p.idempotency ? { idempotency: p.idempotency } : {}),
        ...(p.request ? { request: storedRequest(p.request) } : {}),
      });
      entry = { stage: 'rejected', at: new Date(m.producedAt), service: p.request ? 'gateway' : 'verifier', detail: p.message };
      entryKey = entry.stage;
      break;
    }
    case 'eventNormalized': {
      const p = (m as MessageOf<'eventNormalized'>).payload;
      Object.assign(set, {
        eventType: p.eventType,
        verification: p.verification,
        eventTime: new Date(p.eventTime),
        timeSource: p.timeSource,
        idempotency: p.idempotency,
        ...(p.timestampIssue ? { timestampIssue: p.timestampIssue } : {}),
      });
      entry = { stage: 'normalized', at: new Date(m.producedAt), service: 'verifier', detail: p.timestampIssue };
      entryKey = entry.stage;
      break;
    }
    case 'eventMapped': {
      const p = (m as MessageOf<'eventMapped'>).payload;
      set.plan = { planned: p.planned.length, skipped: p.skipped.map((s) => s.reason) };
      // Planned actions: what will run, with the parameters resolved; the outcome arrives later
      // under the same mapping id and may arrive first, so only these fields are set here.
      for (const a of p.planned) {
        const at = `actions.${a.mappingId}`;
        Object.assign(set, {
          [`${at}.actionId`]: a.actionId,
          [`${at}.mappingId`]: a.mappingId,
          [`${at}.actionType`]: a.actionType,
          ...(a.triggerId ? { [`${at}.triggerId`]: a.triggerId } : {}),
          [`${at}.position`]: a.position,
          [`${at}.configured`]: a.configured,
          [`${at}.resolved`]: a.resolved,
        });
      }
      p.skipped.forEach((s, i) => {
        set[`actions.${s.mappingId}`] = {
          actionId: `${m.eventId}:${s.mappingId}`,
          mappingId: s.mappingId,
          actionType: s.actionType,
          ...(s.triggerId ? { triggerId: s.triggerId } : {}),
          position: p.planned.length + i,
          configured: s.configured,
          status: 'skipped',
          reason: s.message,
          ...(s.field ? { field: s.field } : {}),
          at: new Date(m.producedAt),
        };
      });
      entry = { stage: 'mapped', at: new Date(m.producedAt), service: 'mapping-engine', detail: `${p.planned.length} planned, ${p.skipped.length} skipped` };
      entryKey = entry.stage;
      break;
    }
    case 'actionCompleted': {
      const p = (m as MessageOf<'actionCompleted'>).payload;
      const at = `actions.${p.mappingId}`;
      Object.assign(set, { [`${at}.status`]: 'success', [`${at}.result`]: p.result, [`${at}.at`]: new Date(p.completedAt) });
      entry = { stage: 'action_executed', at: new Date(p.completedAt), service: 'action-executor', detail: p.actionType };
      entryKey = `action:${p.mappingId}`;
      break;
    }
    case 'actionFailed': {
      const p = (m as MessageOf<'actionFailed'>).payload;
      const at = `actions.${p.mappingId}`;
      Object.assign(set, { [`${at}.status`]: 'failed', [`${at}.reason`]: `${p.failure.code}: ${p.failure.message}`, [`${at}.at`]: new Date(p.failedAt) });
      entry = { stage: 'action_failed', at: new Date(p.failedAt), service: 'action-executor', detail: p.failure.code };
      entryKey = `action:${p.mappingId}`;
      break;
    }
    default:
      throw new Error(`not a stage topic: ${String(topic)}`);
  }

  set[`timeline.${entryKey}`] = stripUndefined(entry);
  return {
    eventId: m.eventId,
    update: { $set: set, $setOnInsert: headOnInsert(m, set, traceId), $inc: { version: 1 } },
  };
}

/**
 * A re-drive: the request, its receipt and the edge's verdict stay as first logged; what the new
 * attempt rebuilds is forgotten (a rejection, the plan, a dead letter or stall, and the outcome of
 * every action that did not succeed), so the status is derived from the new attempt's stages. The
 * earlier attempt's entries stay in the timeline beside the re-drive's own. A re-drive message
 * redelivered after its attempt progressed resets that progress again; the sweeper then ends the
 * log as stalled rather than leave it pending.
 */
function projectRedrive(m: EnvelopeHead, redrive: Redrive, traceId: string | undefined): LogUpdate {
  const at = new Date(redrive.requestedAt);
  const entry: TimelineEntry = { stage: 'redriven', at, service: 'api', detail: `attempt ${redrive.attempt}, requested by ${redrive.requestedBy}` };
  // Pending in the same write: between this write and the derived status, a reader must not see the
  // new attempt under the old attempt's final status.
  const set = { status: 'pending', redrive: { attempt: redrive.attempt, requestedAt: at, requestedBy: redrive.requestedBy }, [`timeline.redrive:${redrive.attempt}`]: entry };
  const unset = Object.fromEntries(['rejection', 'plan', 'failure', ...redrive.retryActions.map((id) => `actions.${id}`)].map((field) => [field, '' as const]));
  return { eventId: m.eventId, update: { $set: set, $unset: unset, $setOnInsert: headOnInsert(m, { ...set, ...unset }, traceId), $inc: { version: 1 } } };
}

/**
 * Fields every stage can insert when it is the first to arrive, minus those its own update writes
 * (`written`: the paths it sets or unsets). The log's schema defaults are among them (`actions`;
 * `version` is counted by every update's $inc): the handler writes through the driver, not mongoose.
 */
function headOnInsert(m: EnvelopeHead, written: Record<string, unknown>, traceId: string | undefined): Record<string, unknown> {
  const head: Record<string, unknown> = {
    ...(traceId ? { traceId } : {}),
    sourceEnvironmentId: m.sourceEnvironmentId,
    sourceKey: m.sourceKey,
    environment: m.environment,
    status: 'pending',
    receivedAt: new Date(m.producedAt),
    actions: {},
  };
  for (const key of Object.keys(written)) delete head[key.split('.')[0]];
  return head;
}

function storedRequest(r: { contentType: string | null; headers: Record<string, string>; bodyBase64?: string; sensitiveHeaders: string[] }) {
  const headers = redactHeaders(r.headers, r.sensitiveHeaders);
  if (r.bodyBase64 === undefined) return { contentType: r.contentType, headers, bodyOmitted: 'body larger than the limit was not kept' };
  const raw = Buffer.from(r.bodyBase64, 'base64');
  if (raw.length > MAX_LOGGED_BODY_BYTES) {
    return { contentType: r.contentType, headers, bodyOmitted: `body of ${raw.length} bytes is larger than the ${MAX_LOGGED_BODY_BYTES} a log keeps` };
  }
  // The gateway's own parse: a refused body too deep or too wide to store is kept as text instead.
  const parsed = parseJsonBody(raw);
  if (parsed.ok) return { contentType: r.contentType, headers, body: parsed.body };
  return { contentType: r.contentType, headers, bodyText: raw.toString('utf8').slice(0, MAX_BODY_TEXT) };
}

function stripUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The updates of one flush, those of the same event merged into one upsert: one document write per
 * event however many of its stages the flush holds. The merged upsert does what the updates did one
 * after the other: later fields win, the version counts each, and the head inserted is the first
 * update's, less what any of them sets. An update that could conflict with the one it would join (a
 * re-drive's $unset, or a field inside another's) starts a new upsert after it instead, as the bulk
 * write is ordered.
 */
export function mergeLogUpdates(updates: LogUpdate[]): LogUpdate[] {
  const merged: LogUpdate[] = [];
  const open = new Map<string, LogUpdate['update']>();
  for (const { eventId, update } of updates) {
    const into = open.get(eventId);
    if (into && mergeable(into, update)) {
      Object.assign(into.$set, update.$set);
      into.$setOnInsert = { ...update.$setOnInsert, ...into.$setOnInsert };
      for (const key of Object.keys(into.$set)) delete into.$setOnInsert[key.split('.')[0]];
      into.$inc.version += update.$inc.version;
      continue;
    }
    const copy = { ...update, $set: { ...update.$set }, $setOnInsert: { ...update.$setOnInsert }, $inc: { ...update.$inc } };
    merged.push({ eventId, update: copy });
    open.set(eventId, copy);
  }
  return merged;
}

function mergeable(into: LogUpdate['update'], next: LogUpdate['update']): boolean {
  if (into.$unset || next.$unset) return false;
  const paths = Object.keys(into.$set);
  return Object.keys(next.$set).every((p) => paths.every((q) => p === q || !(p.startsWith(`${q}.`) || q.startsWith(`${p}.`))));
}

/**
 * The normalized events of one flush as upserts of their environments' catalogs of known event
 * types, two per type however many events of it the flush holds: the counts and times, then the
 * newest of its events as the newest of the type's samples. The samples go in a second write that
 * skips a type already holding any of them, so a redelivered batch does not repeat them (new events
 * flushed with a redelivered one are not kept as samples then: the next events of the type are);
 * the two run in order (the handler's bulk write is ordered), the first creating the type.
 */
export function projectEventTypes(messages: MessageOf<'eventNormalized'>[]) {
  const byType = new Map<string, MessageOf<'eventNormalized'>[]>();
  for (const m of messages) {
    const _id = knownEventTypeId(m.sourceEnvironmentId, m.payload.eventType);
    byType.set(_id, [...(byType.get(_id) ?? []), m]);
  }
  return [...byType].flatMap(([_id, group]) => {
    const times = group.map((m) => new Date(m.payload.receivedAt).getTime());
    // A payload too large to be a useful sample leaves the previous ones in place.
    const samples = group.flatMap((m) => sampleOf(m) ?? []);
    const counts = {
      updateOne: {
        filter: { _id },
        update: {
          $setOnInsert: { sourceEnvironmentId: group[0].sourceEnvironmentId, eventType: group[0].payload.eventType },
          $min: { firstSeenAt: new Date(Math.min(...times)) },
          $max: { lastSeenAt: new Date(Math.max(...times)) },
          $inc: { count: group.length },
          ...(samples.length > 0 ? { $set: { sample: samples[samples.length - 1].body } } : {}),
        },
        upsert: true,
      },
    };
    if (samples.length === 0) return [counts];
    // Only the group's own newest can be among the type's newest; an event redelivered within the flush is one sample.
    const newest = [...new Map(samples.map((sample) => [sample.eventId, sample])).values()]
      .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime())
      .slice(0, EVENT_TYPE_SAMPLES);
    const push = {
      updateOne: {
        filter: { _id, 'samples.eventId': { $nin: newest.map((sample) => sample.eventId) } },
        // Sorted by receipt rather than prepended: events of one type arrive from several partitions in any order.
        update: { $push: { samples: { $each: newest, $sort: { receivedAt: -1 as const }, $slice: EVENT_TYPE_SAMPLES } } },
      },
    };
    return [counts, push];
  });
}

/** The event as one of its type's samples, unless it is larger than a sample may be. */
function sampleOf(message: MessageOf<'eventNormalized'>): EventTypeSample | undefined {
  const { receivedAt, body, headers, sensitiveHeaders } = message.payload;
  const sample: EventTypeSample = { eventId: message.eventId, receivedAt: new Date(receivedAt), body, headers: redactHeaders(headers, sensitiveHeaders) };
  return Buffer.byteLength(JSON.stringify({ body: body ?? null, headers: sample.headers })) <= MAX_SAMPLE_BYTES ? sample : undefined;
}
