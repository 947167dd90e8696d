import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { normalizeIntake } from '@inlet/domain/normalize';
import { rejectionOf, verifySignature } from '@inlet/domain/signature';
import { ConfigView, Publisher, type OutgoingMessage, type ReceivedMessage } from '@inlet/platform/kafka';
import { LOGGER, followUp, messageLog, type BatchHandlerService } from '@inlet/platform/pipeline';
import { SigningKeyring, policyOf } from '@inlet/platform/secrets';

/** intake.received → event.normalized, or event.rejected with the precise reason. */
@Injectable()
export class IntakeReceivedHandler implements BatchHandlerService<'intakeReceived'> {
  constructor(
    private readonly view: ConfigView,
    private readonly publisher: Publisher,
    private readonly keyring: SigningKeyring,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(batch: ReceivedMessage<'intakeReceived'>[]): Promise<void> {
    const normalized: OutgoingMessage<'eventNormalized'>[] = [];
    const rejected: OutgoingMessage<'eventRejected'>[] = [];
    for (const message of batch) {
      const { value: intake, key, context } = message;
      const env = this.view.sourceEnvironmentById(intake.sourceEnvironmentId);
      if (!env) {
        // Deleted after the gateway accepted the request: the log says so rather than stay pending.
        const rejection = { reason: 'source_deleted' as const, message: 'the source environment was deleted before the event was verified', receivedAt: intake.payload.receivedAt, verification: intake.payload.verification };
        rejected.push({ key, context, value: followUp(intake, rejection) });
        messageLog(this.logger, message).warn('source environment no longer exists; event rejected');
        continue;
      }
      // Re-check the edge's verdict under the rules it applied: its enforcement mode, keys as valid
      // at receipt (a rotated key that expired since still verifies; a revoked one no longer does).
      const { receivedAt, bodyBase64, headers, verification: atEdge } = intake.payload;
      const policy = { ...policyOf(env), enforced: atEdge.startsWith('enforced:') };
      const signature = verifySignature({ raw: Buffer.from(bodyBase64, 'base64'), headers, keys: this.keyring.keysOf(env), policy, now: new Date(receivedAt) });
      if (!signature.accept) {
        const rejection = rejectionOf(signature);
        rejected.push({ key, context, value: followUp(intake, { ...rejection, receivedAt, verification: signature.status }) });
        messageLog(this.logger, message).warn({ reason: rejection.reason }, 'signature did not verify at the verifier');
        continue;
      }
      const outcome = normalizeIntake({ ...intake.payload, verification: signature.status }, env.settings);
      if (outcome.ok) {
        normalized.push({ key, context, value: followUp(intake, outcome.event) });
      } else {
        rejected.push({ key, context, value: followUp(intake, outcome.rejection) });
        messageLog(this.logger, message).info({ reason: outcome.rejection.reason, message: outcome.rejection.message }, 'event rejected');
      }
    }
    await Promise.all([this.publisher.publish('eventNormalized', normalized), this.publisher.publish('eventRejected', rejected)]);
  }
}
