import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { SourceEnvironmentConfig } from '@inlet/contracts';
import { rejectionOf, verifySignature } from '@inlet/domain/signature';
import { ConfigView } from '@inlet/platform/kafka';
import { SigningKeyring, policyOf } from '@inlet/platform/secrets';
import { gatewayMetrics } from './gateway.metrics';
import { error, IntakeEdge, requestOf, RETRY_AFTER_SECONDS, type IntakeAnswer } from './intake-edge';
import { LegacyIntakeService } from './legacy-intake.service';

export type { IntakeAnswer } from './intake-edge';

/**
 * The ingestion endpoint: find the environment by its endpoint token, then run its source type's
 * flow. Custom sources: the body limit, the signature and JSON, and 202 only once Kafka (acks=all)
 * holds the raw request. Legacy HTTP sources: {@link LegacyIntakeService}. Every answer that
 * leaves a source log names it in `X-Inlet-Log-Id`.
 */
@Injectable()
export class IntakeService implements BeforeApplicationShutdown {
  private draining = false;

  constructor(
    private readonly view: ConfigView,
    private readonly edge: IntakeEdge,
    private readonly keyring: SigningKeyring,
    private readonly legacy: LegacyIntakeService,
  ) {}

  beforeApplicationShutdown(): void {
    this.draining = true;
  }

  async receive(token: string, req: IncomingMessage, res: ServerResponse): Promise<IntakeAnswer> {
    const found = this.environmentOf(token);
    if (!found.ok) return counted(undefined, found.answer);
    return counted(found.env, await (found.env.sourceType === 'legacy_http' ? this.legacy.receive(found.env, req, res) : this.receiveCustom(found.env, req, res)));
  }

  /** Batches are a legacy HTTP (Segment) feature: a custom source's endpoint has no batch route. */
  async receiveBatch(token: string, req: IncomingMessage, res: ServerResponse): Promise<IntakeAnswer> {
    const found = this.environmentOf(token);
    if (!found.ok) return counted(undefined, found.answer);
    if (found.env.sourceType !== 'legacy_http') {
      return counted(found.env, error('endpoint_not_found', 'This endpoint takes no batches: only legacy HTTP sources have a batch endpoint. Send one event per request.'));
    }
    return counted(found.env, await this.legacy.receiveBatch(found.env, req, res));
  }

  private environmentOf(token: string): { ok: true; env: SourceEnvironmentConfig } | { ok: false; answer: IntakeAnswer } {
    if (this.draining) return { ok: false, answer: error('shutting_down', 'The gateway is shutting down; retry shortly.', { 'Retry-After': RETRY_AFTER_SECONDS }) };
    const env = this.view.sourceEnvironmentByTokenHash(createHash('sha256').update(token).digest('hex'));
    if (!env) return { ok: false, answer: error('endpoint_not_found', 'No source environment has this endpoint; it may have been regenerated.') };
    return { ok: true, env };
  }

  private async receiveCustom(env: SourceEnvironmentConfig, req: IncomingMessage, res: ServerResponse): Promise<IntakeAnswer> {
    const meta = this.edge.meta(env, req);
    const body = await this.edge.read(env, req, res, meta, env.settings.maxBodyBytes);
    if (!body.ok) return body.answer;

    // Authenticity before content: the signature is checked over the exact bytes received.
    const signature = verifySignature({ raw: body.bytes, headers: meta.headers, keys: this.keyring.keysOf(env), policy: policyOf(env), now: new Date(meta.receivedAt) });
    const verification = signature.status;
    if (!signature.accept) {
      const { reason, message } = rejectionOf(signature);
      const field = `headers.${env.settings.verification.header.toLowerCase()}`;
      return this.edge.refuse(env, { reason, message, field, receivedAt: meta.receivedAt, verification, request: requestOf(meta, body.bytes) });
    }

    const parsed = await this.edge.parseJson(env, meta, body.bytes, verification);
    if (!parsed.ok) return parsed.answer;

    const head = this.edge.head(env);
    const unavailable = await this.edge.store([{ head, payload: { ...meta, bodyBase64: body.bytes.toString('base64'), verification, ...(signature.keyId ? { verifiedKeyId: signature.keyId } : {}) } }]);
    return unavailable ?? { status: 202, body: { id: head.eventId }, headers: { 'X-Inlet-Log-Id': head.eventId } };
  }
}

/** Every answer the ingestion routes give is counted once, here, by its outcome. */
function counted(env: SourceEnvironmentConfig | undefined, answer: IntakeAnswer): IntakeAnswer {
  gatewayMetrics.answered(env, answer);
  return answer;
}
