import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EnvelopeHead, EventRejected, IntakeReceived, SourceEnvironmentConfig, VerificationStatus } from '@inlet/contracts';
import { parseJsonBody } from '@inlet/domain/normalize';
import { PipelineError, Publisher } from '@inlet/platform/kafka';
import { LOGGER, newEventId } from '@inlet/platform/pipeline';
import { writeJson } from '@inlet/platform/service';
import { GATEWAY_CONFIG, type GatewayConfig } from './config';
import { gatewayMetrics } from './gateway.metrics';
import { BodyBudget, readBody } from './read-body';
import { credentialStripper } from './strip-credential-headers';

/** What the intake routes send: no body means an empty answer (the legacy source's 204). */
export type IntakeAnswer = {
  status: number;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Set on a refusal's answer: the outcome its request is counted under in the metrics. */
  refusal?: Refusal;
};

/** Writes an answer on the response of its request. */
export function sendAnswer(res: ServerResponse, answer: IntakeAnswer): void {
  if (answer.body === undefined) res.writeHead(answer.status, answer.headers).end();
  else writeJson(res, answer.status, answer.body, answer.headers);
}

/** Seconds a sender should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = '5';

/**
 * Every refusal the gateway answers and its HTTP status: the one place a refusal becomes a status.
 * The first ones are logged on `eventRejected` under this reason; the others are answered only.
 */
export const REFUSAL_STATUS = {
  signature_missing: 401,
  signature_invalid: 401,
  invalid_json: 400,
  invalid_event: 400,
  too_large: 413,
  unsupported_media_type: 415,
  endpoint_not_found: 404,
  request_aborted: 400,
  request_timeout: 408,
  overloaded: 503,
  unavailable: 503,
  shutting_down: 503,
} as const satisfies Partial<Record<EventRejected['reason'], number>> & Record<string, number>;
export type Refusal = keyof typeof REFUSAL_STATUS;
/** A rejection the gateway logs: its reason has a status. */
export type Refused = EventRejected & { reason: Refusal };

/** A refusal's answer: its status from REFUSAL_STATUS; `code` is the refusal unless named otherwise. */
export const error = (refusal: Refusal, message: string, headers?: Record<string, string>, code: string = refusal): IntakeAnswer => ({
  status: REFUSAL_STATUS[refusal],
  body: { error: { code, message } },
  headers,
  refusal,
});

/** What every message about one request repeats, whichever way it ends. */
export type RequestMeta = Pick<IntakeReceived, 'receivedAt' | 'contentType' | 'headers' | 'sensitiveHeaders'>;

/** One message with its own envelope head: an accepted request (or batch item), or a refused one. */
export type Stamped<P> = { head: EnvelopeHead; payload: P };

export type Step<T> = ({ ok: true } & T) | { ok: false; answer: IntakeAnswer };

/**
 * What the custom and legacy flows share: reading the body under a limit, JSON parsing, envelope
 * heads, and the two ways a request leaves the gateway: stored on `intakeReceived` (or 503), or
 * refused and logged on `eventRejected`.
 */
@Injectable()
export class IntakeEdge {
  private readonly headersOf: ReturnType<typeof credentialStripper>;

  constructor(
    private readonly publisher: Publisher,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly budget: BodyBudget,
  ) {
    this.headersOf = credentialStripper(config.GATEWAY_STRIPPED_HEADERS);
  }

  /** Credential headers are stripped here, before anything is stored or published; the signature header stays. */
  meta(env: SourceEnvironmentConfig, req: IncomingMessage): RequestMeta {
    const signatureHeader = env.settings.verification.header.toLowerCase();
    return {
      receivedAt: new Date().toISOString(),
      contentType: req.headers['content-type'] ?? null,
      headers: this.headersOf(req.headers, signatureHeader),
      sensitiveHeaders: [signatureHeader],
    };
  }

  /**
   * The raw body, up to `limit` bytes; over it, 413 (logged, body not kept) and the connection
   * closed. The bytes count against the gateway's in-flight budget until the answer has gone (or
   * the connection is gone); over the budget, 503 `overloaded`. A sender that pauses mid-body
   * longer than the idle timeout gets 408 and the connection closed.
   */
  async read(env: SourceEnvironmentConfig, req: IncomingMessage, res: ServerResponse, meta: RequestMeta, limit: number, limitName = "this environment's limit"): Promise<Step<{ bytes: Buffer }>> {
    const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
    const hold = this.budget.hold();
    // The response's 'close' follows every end of the exchange: answered, aborted or timed out.
    res.once('close', hold.release);
    if (res.closed) hold.release();
    const body = await readBody(req, { limit, declaredLength: declared, idleTimeoutMs: this.config.GATEWAY_BODY_IDLE_TIMEOUT_MS, hold });
    if (body.ok) {
      gatewayMetrics.bodyRead(env, body.bytes.length);
      return body;
    }
    if (body.reason === 'aborted') return { ok: false, answer: error('request_aborted', 'The request body ended early.') };
    if (body.reason === 'stalled') {
      const seconds = this.config.GATEWAY_BODY_IDLE_TIMEOUT_MS / 1000;
      return { ok: false, answer: error('request_timeout', `The body stalled: nothing arrived for ${seconds} s.`, { Connection: 'close' }) };
    }
    if (body.reason === 'overloaded') {
      return { ok: false, answer: error('overloaded', 'The gateway has too many request bytes in flight; retry shortly.', { 'Retry-After': RETRY_AFTER_SECONDS, Connection: 'close' }) };
    }
    const answer = await this.refuse(
      env,
      { reason: 'too_large', message: `body is larger than ${limit} bytes`, receivedAt: meta.receivedAt, verification: 'none', request: requestOf(meta) },
      { code: 'payload_too_large', message: `The body is larger than ${limitName} of ${limit} bytes.`, headers: { Connection: 'close' } },
    );
    return { ok: false, answer };
  }

  /**
   * The body as JSON within the input limits (UTF-8, nesting, keys, items, key length: see
   * `JSON_BOUNDS`), or 400 `invalid_json` naming the problem and where (logged, body kept), so
   * nothing accepted here is too deep or too wide to store in its log.
   */
  async parseJson(env: SourceEnvironmentConfig, meta: RequestMeta, bytes: Buffer, verification: VerificationStatus): Promise<Step<{ body: unknown }>> {
    const parsed = parseJsonBody(bytes);
    if (parsed.ok) return parsed;
    const answer = await this.refuse(
      env,
      { reason: 'invalid_json', message: parsed.message, field: 'body', receivedAt: meta.receivedAt, verification, request: requestOf(meta, bytes) },
      { message: `body: ${parsed.message.replace(/^body (is )?/, '')}` },
    );
    return { ok: false, answer };
  }

  head(env: SourceEnvironmentConfig): EnvelopeHead {
    return {
      messageId: randomUUID(),
      eventId: newEventId(),
      sourceEnvironmentId: env.id,
      sourceKey: env.sourceKey,
      environment: env.environment,
      producedAt: new Date().toISOString(),
    };
  }

  /**
   * Stores accepted requests in one publish (acks=all). Undefined once Kafka holds them all; the
   * 503 answer when it does not. A contract violation is a bug, not a reason for the sender to
   * retry: it is thrown, and the filter answers 500.
   */
  async store(accepted: Stamped<IntakeReceived>[]): Promise<IntakeAnswer | undefined> {
    if (accepted.length === 0) return undefined;
    const stored = gatewayMetrics.storing();
    try {
      await this.publisher.publish('intakeReceived', accepted.map(({ head, payload }) => ({ key: head.eventId, value: { ...head, payload } })));
      stored('acknowledged');
      return undefined;
    } catch (err) {
      stored('unavailable');
      if (err instanceof PipelineError && !err.retriable) throw err;
      const [first] = accepted;
      this.logger.warn({ err, eventId: first?.head.eventId, events: accepted.length, source: first?.head.sourceKey }, 'intake not acknowledged by Kafka; answered 503');
      return error('unavailable', 'The event could not be stored; retry shortly.', { 'Retry-After': RETRY_AFTER_SECONDS });
    }
  }

  /**
   * Refuses a request: logs it, and answers the status of its reason (REFUSAL_STATUS) with
   * `X-Inlet-Log-Id` when logged. The code and message are the rejection's unless `answer` says otherwise.
   */
  async refuse(
    env: SourceEnvironmentConfig,
    payload: Refused,
    answer: { code?: string; message?: string; headers?: Record<string, string> } = {},
  ): Promise<IntakeAnswer> {
    const head = this.head(env);
    const logged = await this.log([{ head, payload }]);
    return error(payload.reason, answer.message ?? payload.message, { ...answer.headers, ...(logged ? { 'X-Inlet-Log-Id': head.eventId } : {}) }, answer.code ?? payload.reason);
  }

  /**
   * Refused requests are logged too, in one publish; if Kafka cannot take the entries, the answer
   * stands. True when they were logged.
   */
  async log(refused: Stamped<EventRejected>[]): Promise<boolean> {
    if (refused.length === 0) return true;
    try {
      await this.publisher.publish('eventRejected', refused.map(({ head, payload }) => ({ key: head.eventId, value: { ...head, payload } })));
      return true;
    } catch (err) {
      const [first] = refused;
      this.logger.warn({ err, eventId: first?.head.eventId, events: refused.length, reason: first?.payload.reason }, 'could not log a refused request');
      return false;
    }
  }
}

/** The refused request as its log keeps it; without bytes when the body was not kept. */
export function requestOf(meta: RequestMeta, bytes?: Buffer): NonNullable<EventRejected['request']> {
  return { contentType: meta.contentType, headers: meta.headers, sensitiveHeaders: meta.sensitiveHeaders, ...(bytes ? { bodyBase64: bytes.toString('base64') } : {}) };
}
