import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EnvelopeHead, EventRejected, SourceEnvironmentConfig } from '@inlet/contracts';
import { parseJsonBody } from '@inlet/domain/normalize';
import { rejectionOf, verifySignature } from '@inlet/domain/signature';
import { ConfigView, PipelineError, Publisher } from '@inlet/platform/kafka';
import { LOGGER } from '@inlet/platform/pipeline';
import { SigningKeyring, policyOf } from '@inlet/platform/secrets';
import { readBody } from './read-body';

export type IntakeAnswer = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

/** Seconds a sender should wait before retrying a 503. */
const RETRY_AFTER_SECONDS = '5';

const error = (status: number, code: string, message: string, headers?: Record<string, string>): IntakeAnswer => ({
  status,
  body: { error: { code, message } },
  headers,
});

/**
 * The ingestion endpoint: find the environment by its endpoint token, enforce the body limit, the
 * signature and JSON, and answer 202 only once Kafka (acks=all) holds the raw request. Every answer
 * that leaves a source log names it in `X-Inlet-Log-Id`.
 */
@Injectable()
export class IntakeService implements BeforeApplicationShutdown {
  private draining = false;

  constructor(
    private readonly view: ConfigView,
    private readonly publisher: Publisher,
    private readonly keyring: SigningKeyring,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  beforeApplicationShutdown(): void {
    this.draining = true;
  }

  async receive(token: string, req: IncomingMessage): Promise<IntakeAnswer> {
    if (this.draining) return error(503, 'shutting_down', 'The gateway is shutting down; retry shortly.', { 'Retry-After': RETRY_AFTER_SECONDS });

    const env = this.view.sourceEnvironmentByTokenHash(createHash('sha256').update(token).digest('hex'));
    if (!env) return error(404, 'endpoint_not_found', 'No source environment has this endpoint; it may have been regenerated.');

    const receivedAt = new Date().toISOString();
    const headers = flattenHeaders(req.headers);
    const contentType = req.headers['content-type'] ?? null;
    const head = this.head(env);
    const sensitiveHeaders = [env.settings.verification.header.toLowerCase()];
    const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
    const body = await readBody(req, env.settings.maxBodyBytes, declared);

    if (!body.ok) {
      if (body.reason === 'aborted') return error(400, 'request_aborted', 'The request body ended early.');
      const logged = await this.reject(head, { reason: 'too_large', message: `body is larger than ${env.settings.maxBodyBytes} bytes`, receivedAt, verification: 'none', request: { contentType, headers, sensitiveHeaders } });
      return error(413, 'payload_too_large', `The body is larger than this environment's limit of ${env.settings.maxBodyBytes} bytes.`, { Connection: 'close', ...logged });
    }

    const bodyBase64 = body.bytes.toString('base64');
    // Authenticity before content: the signature is checked over the exact bytes received.
    const signature = verifySignature({ raw: body.bytes, headers, keys: this.keyring.keysOf(env), policy: policyOf(env), now: new Date(receivedAt) });
    const verification = signature.status;
    if (!signature.accept) {
      const { reason, message } = rejectionOf(signature);
      const logged = await this.reject(head, { reason, message, field: `headers.${env.settings.verification.header.toLowerCase()}`, receivedAt, verification, request: { contentType, headers, bodyBase64, sensitiveHeaders } });
      return error(401, reason, message, logged);
    }

    const parsed = parseJsonBody(body.bytes);
    if (!parsed.ok) {
      const logged = await this.reject(head, { reason: 'invalid_json', message: parsed.message, field: 'body', receivedAt, verification, request: { contentType, headers, bodyBase64, sensitiveHeaders } });
      return error(400, 'invalid_json', `body: ${parsed.message.replace(/^body /, '')}`, logged);
    }

    try {
      await this.publisher.publish('intakeReceived', [
        { key: env.id, value: { ...head, payload: { receivedAt, contentType, headers, bodyBase64, verification, sensitiveHeaders } } },
      ]);
    } catch (err) {
      // A contract violation is a bug here, not a reason for the sender to retry: 500 via the filter.
      if (err instanceof PipelineError && !err.retriable) throw err;
      this.logger.warn({ err, eventId: head.eventId, source: env.sourceKey }, 'intake not acknowledged by Kafka; answered 503');
      return error(503, 'unavailable', 'The event could not be stored; retry shortly.', { 'Retry-After': RETRY_AFTER_SECONDS });
    }
    return { status: 202, body: { id: head.eventId }, headers: { 'X-Inlet-Log-Id': head.eventId } };
  }

  private head(env: SourceEnvironmentConfig): EnvelopeHead {
    return {
      messageId: randomUUID(),
      eventId: randomUUID(),
      sourceEnvironmentId: env.id,
      sourceKey: env.sourceKey,
      environment: env.environment,
      producedAt: new Date().toISOString(),
    };
  }

  /**
   * A refused request is logged too; if Kafka cannot take the log entry, the 4xx answer stands.
   * Returns the header naming the log, only when there is one.
   */
  private async reject(head: EnvelopeHead, payload: EventRejected): Promise<Record<string, string>> {
    try {
      await this.publisher.publish('eventRejected', [{ key: head.sourceEnvironmentId, value: { ...head, payload } }]);
      return { 'X-Inlet-Log-Id': head.eventId };
    } catch (err) {
      this.logger.warn({ err, eventId: head.eventId, reason: payload.reason }, 'could not log a refused request');
      return {};
    }
  }
}

function flattenHeaders(raw: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
