import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EventNormalized, EventRejected, SourceSettings } from '@inlet/contracts';
import { idempotencyClaimId, idempotencyClaimOf, normalizeIntake, releasesIdempotencyClaim, type IdempotencyClaim } from '@inlet/domain/normalize';
import { isRetriableMongoError } from '@inlet/platform/mongo';
import { ConfigView, PipelineError, Publisher, type OutgoingMessage, type ReceivedMessage } from '@inlet/platform/kafka';
import { LOGGER, followUp, messageLog, type BatchHandlerService } from '@inlet/platform/pipeline';
import { IdempotencyClaims } from './idempotency-claims';
import { missingEnvironment } from './missing-environment';
import { verifierMetrics } from './verifier.metrics';

type Topic = 'intakeReceived' | 'eventCompleted';
type Intake = ReceivedMessage<'intakeReceived'>;
type Verdict = { normalized: EventNormalized } | { rejected: EventRejected };
/** A verified, normalized event whose idempotency key must be claimed before it has a verdict. */
type Unclaimed = { event: Omit<EventNormalized, 'idempotency'>; key: string; claim: IdempotencyClaim; settings: SourceSettings['idempotency'] };

/**
 * intake.received → event.normalized, or event.rejected with the precise reason; and
 * event.completed → the idempotency key of an event that did not succeed is given back.
 */
@Injectable()
export class VerifierHandler implements BatchHandlerService<Topic> {
  constructor(
    private readonly view: ConfigView,
    private readonly publisher: Publisher,
    private readonly claims: IdempotencyClaims,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(batch: ReceivedMessage<Topic>[]): Promise<void> {
    try {
      // A batch is one topic-partition's: one of these is empty.
      await this.verify(batch.filter((m): m is Intake => m.topic === 'intakeReceived'));
      await this.release(batch.filter((m): m is ReceivedMessage<'eventCompleted'> => m.topic === 'eventCompleted'));
    } catch (err) {
      // Anything else (a store that refuses a write) is the runner's to dead-letter.
      if (err instanceof PipelineError || !isRetriableMongoError(err)) throw err;
      throw new PipelineError('idempotency_store_unavailable', 'the idempotency store did not answer', { retriable: true, cause: err });
    }
  }

  private async verify(batch: Intake[]): Promise<void> {
    if (batch.length === 0) return;
    const verdicts = new Map<Intake, Verdict>();
    const unclaimed = new Map<Intake, Unclaimed>();
    for (const message of batch) {
      const checked = this.check(message);
      if ('claim' in checked) unclaimed.set(message, checked);
      else verdicts.set(message, checked);
    }
    for (const [message, verdict] of await this.claimKeys(unclaimed)) verdicts.set(message, verdict);

    const normalized: OutgoingMessage<'eventNormalized'>[] = [];
    const rejected: OutgoingMessage<'eventRejected'>[] = [];
    for (const message of batch) {
      const verdict = verdicts.get(message)!;
      const { key, context, value: intake } = message;
      if ('normalized' in verdict) {
        normalized.push({ key, context, value: followUp(intake, verdict.normalized) });
      } else {
        rejected.push({ key, context, value: followUp(intake, verdict.rejected) });
        messageLog(this.logger, message).info({ reason: verdict.rejected.reason, message: verdict.rejected.message }, 'event rejected');
      }
    }
    await Promise.all([this.publisher.publish('eventNormalized', normalized), this.publisher.publish('eventRejected', rejected)]);
    for (const message of batch) {
      const verdict = verdicts.get(message)!;
      verifierMetrics.verdict(message.value, 'normalized' in verdict ? 'normalized' : verdict.rejected.reason);
    }
  }

  /**
   * Event type, time and idempotency key: a verdict, or a key to claim first. The signature is the
   * edge's verdict: the gateway judged it over the exact bytes with the configuration it had, and the
   * request was answered on that verdict. Judging again with this view could only disagree when the
   * two views differ (a key or an environment the gateway saw first), refusing what was accepted.
   */
  private check(message: Intake): Verdict | Unclaimed {
    const { eventId, sourceEnvironmentId, payload } = message.value;
    const { receivedAt, verification } = payload;
    const env = this.view.sourceEnvironmentById(sourceEnvironmentId);
    if (!env) {
      if (!this.deleted(message)) {
        // The gateway used a configuration this view has not caught up with yet: wait for it.
        throw new PipelineError('source_environment_unseen', `source environment ${sourceEnvironmentId} is not in the config view yet`, { retriable: true });
      }
      // Deleted after the gateway accepted the request: the log says so rather than stay pending.
      return { rejected: { reason: 'source_deleted', message: 'the source environment was deleted before the event was verified', receivedAt, verification } };
    }

    const outcome = normalizeIntake(payload, env.settings);
    if (!outcome.ok) return { rejected: outcome.rejection };
    const { event, idempotency } = outcome;
    if (!idempotency.claim) return { normalized: { ...event, idempotency: idempotency.idempotency } };
    const settings = env.settings.idempotency;
    const claim = idempotencyClaimOf({ sourceEnvironmentId, eventId, eventType: event.eventType, key: idempotency.key, receivedAt: new Date(receivedAt) }, settings.windowSeconds);
    return { event, key: idempotency.key, claim, settings };
  }

  private deleted(message: Intake): boolean {
    const { sourceEnvironmentId, payload } = message.value;
    return (
      missingEnvironment({
        tombstoned: this.view.sourceEnvironmentDeleted(sourceEnvironmentId),
        holdsEverythingBefore: this.view.holdsEverythingBefore,
        usedAt: new Date(payload.redrive?.requestedAt ?? payload.receivedAt),
      }) === 'deleted'
    );
  }

  /** Claims every key of the batch at once (see `claimAll`: the first copy received of a key wins). */
  private async claimKeys(unclaimed: Map<Intake, Unclaimed>): Promise<Map<Intake, Verdict>> {
    const entries = [...unclaimed];
    const results = await this.claims.claimAll(entries.map(([, { claim }]) => claim));
    const verdicts = new Map<Intake, Verdict>();
    entries.forEach(([message, { event, key, settings }], i) => {
      const result = results[i];
      verdicts.set(message, result.outcome === 'claimed' ? { normalized: { ...event, idempotency: { outcome: 'claimed', key } } } : { rejected: duplicateOf(event, key, result.holder, settings) });
    });
    return verdicts;
  }

  /** An event that failed, even in part, gives its key back so the sender's retry runs again. */
  private async release(batch: ReceivedMessage<'eventCompleted'>[]): Promise<void> {
    const now = new Date();
    await Promise.all(
      batch.map(async ({ value }) => {
        const { status, eventType, idempotency } = value.payload;
        if (idempotency?.outcome !== 'claimed' || idempotency.key === undefined || eventType === undefined || !releasesIdempotencyClaim(status)) return;
        await this.claims.release(idempotencyClaimId(value.sourceEnvironmentId, eventType, idempotency.key), value.eventId, now);
      }),
    );
  }
}

function duplicateOf(event: Omit<EventNormalized, 'idempotency'>, key: string, holder: string, settings: SourceSettings['idempotency']): EventRejected {
  return {
    reason: 'duplicate',
    message: `duplicate of event ${holder}: same idempotency key, event type and source environment within the ${settings.windowSeconds} s window`,
    ...(settings.keyPath ? { field: settings.keyPath } : {}),
    eventType: event.eventType,
    receivedAt: event.receivedAt,
    verification: event.verification,
    idempotency: { outcome: 'duplicate', key, originalEventId: holder },
  };
}
