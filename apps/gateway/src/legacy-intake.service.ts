import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import type { EventRejected, IntakeReceived, SourceEnvironmentConfig } from '@inlet/contracts';
import { checkTrackBatch, checkTrackEvent, trackEventType } from '@inlet/domain/segment';
import { IntakeEdge, requestOf, type IntakeAnswer, type Refused, type RequestMeta, type Stamped, type Step } from './intake-edge';
import { batchAnswerBody, contentTypeProblem, isJsonContentType, LEGACY_BATCH_MAX_BYTES, trackProblem, type BatchItemOutcome } from './legacy-http';

/**
 * Legacy HTTP sources: Segment track events, one per request (204) or in a batch (200 with each
 * item's outcome). No signature (verification `none`); the environment's settings, fixed by the
 * api, read the event type at `event`, the time at `timestamp` and the idempotency key at
 * `messageId`, so only valid track events may reach `intakeReceived`.
 */
@Injectable()
export class LegacyIntakeService {
  constructor(private readonly edge: IntakeEdge) {}

  /** Size, Content-Type, JSON, then the track rules; 204 once Kafka holds the request. */
  async receive(env: SourceEnvironmentConfig, req: IncomingMessage, res: ServerResponse): Promise<IntakeAnswer> {
    const meta = this.edge.meta(env, req);
    const json = await this.readJson(env, req, res, meta, env.settings.maxBodyBytes);
    if (!json.ok) return json.answer;

    const check = checkTrackEvent(json.body);
    if (!check.ok) return this.edge.refuse(env, invalidEvent(meta, json.bytes, check, trackEventType(json.body)));

    const head = this.edge.head(env);
    const unavailable = await this.edge.store([{ head, payload: accepted(meta, json.bytes) }]);
    return unavailable ?? { status: 204, headers: { 'X-Inlet-Log-Id': head.eventId } };
  }

  /**
   * `{"batch": [...]}`: each item is its own event, checked, stored and logged on its own (the
   * item re-serialised as its body, the batch's headers). Accepted items go to Kafka in one
   * publish and refused ones in another; the 200 waits for the first, and if Kafka does not take
   * it the whole batch is answered 503, so the sender retries all of it (`messageId`
   * deduplicates what an interrupted send did store).
   */
  async receiveBatch(env: SourceEnvironmentConfig, req: IncomingMessage, res: ServerResponse): Promise<IntakeAnswer> {
    const meta = this.edge.meta(env, req);
    const json = await this.readJson(env, req, res, meta, LEGACY_BATCH_MAX_BYTES, 'the batch limit');
    if (!json.ok) return json.answer;

    const batch = checkTrackBatch(json.body);
    if (!batch.ok) return this.edge.refuse(env, invalidEvent(meta, json.bytes, batch));

    const stored: Stamped<IntakeReceived>[] = [];
    const refused: Stamped<EventRejected>[] = [];
    const outcomes = batch.items.map((item, index): BatchItemOutcome => {
      const head = this.edge.head(env);
      const bytes = Buffer.from(JSON.stringify(item));
      const check = checkTrackEvent(item);
      if (check.ok) stored.push({ head, payload: accepted(meta, bytes) });
      else refused.push({ head, payload: invalidEvent(meta, bytes, check, trackEventType(item)) });
      return { index, eventId: head.eventId, check };
    });

    const [unavailable, logged] = await Promise.all([this.edge.store(stored), this.edge.log(refused)]);
    return unavailable ?? { status: 200, body: batchAnswerBody(outcomes, logged) };
  }

  /** The body within `limit`, sent as `application/json` (else 415, logged) and parsed (else 400 `invalid_json`). */
  private async readJson(env: SourceEnvironmentConfig, req: IncomingMessage, res: ServerResponse, meta: RequestMeta, limit: number, limitName?: string): Promise<Step<{ body: unknown; bytes: Buffer }>> {
    const read = await this.edge.read(env, req, res, meta, limit, limitName);
    if (!read.ok) return read;
    if (!isJsonContentType(meta.contentType)) {
      const message = contentTypeProblem(meta.contentType);
      const rejection: Refused = { reason: 'unsupported_media_type', message, field: 'headers.content-type', receivedAt: meta.receivedAt, verification: 'none', request: requestOf(meta, read.bytes) };
      return { ok: false, answer: await this.edge.refuse(env, rejection) };
    }
    const parsed = await this.edge.parseJson(env, meta, read.bytes, 'none');
    return parsed.ok ? { ok: true, body: parsed.body, bytes: read.bytes } : parsed;
  }
}

function accepted(meta: RequestMeta, bytes: Buffer): IntakeReceived {
  return { ...meta, bodyBase64: bytes.toString('base64'), verification: 'none' };
}

function invalidEvent(meta: RequestMeta, bytes: Buffer, problem: { field: string; message: string }, eventType?: string): Refused {
  return {
    reason: 'invalid_event',
    message: trackProblem(problem),
    field: problem.field,
    ...(eventType === undefined ? {} : { eventType }),
    receivedAt: meta.receivedAt,
    verification: 'none',
    request: requestOf(meta, bytes),
  };
}
