import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { describePlan, planActions } from '@inlet/domain/mapping';
import { ConfigView, Publisher, type OutgoingMessage, type ReceivedMessage } from '@inlet/platform/kafka';
import { LOGGER, followUp, messageLog, type BatchHandlerService } from '@inlet/platform/pipeline';
import { mappingMetrics } from './mapping-engine.metrics';

/**
 * event.normalized → event.mapped (the plan, for the log) and one action.requested per action in
 * the fixed execution order. Both are keyed by event id, so one event's actions stay in order on
 * one executor partition.
 */
@Injectable()
export class EventNormalizedHandler implements BatchHandlerService<'eventNormalized'> {
  constructor(
    private readonly view: ConfigView,
    private readonly publisher: Publisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(batch: ReceivedMessage<'eventNormalized'>[]): Promise<void> {
    const mapped: OutgoingMessage<'eventMapped'>[] = [];
    const requested: OutgoingMessage<'actionRequested'>[] = [];
    const plans: (() => void)[] = [];
    for (const message of batch) {
      const { value: event, context } = message;
      const { eventType, body, headers } = event.payload;
      const mappings = this.view.mappingsFor(event.sourceEnvironmentId, eventType);
      const plan = planActions({ eventId: event.eventId, eventType, root: { body, headers }, mappings });
      plans.push(() => mappingMetrics.planned(event, mappings.length, plan));
      mapped.push({ key: event.eventId, context, value: followUp(event, describePlan(eventType, plan, mappings)) });
      for (const request of plan.requests) requested.push({ key: event.eventId, context, value: followUp(event, request) });
      if (plan.skipped.length > 0) {
        messageLog(this.logger, message).info({ skipped: plan.skipped.map((s) => `${s.actionType}: ${s.message}`) }, 'actions skipped');
      }
    }
    await Promise.all([this.publisher.publish('eventMapped', mapped), this.publisher.publish('actionRequested', requested)]);
    plans.forEach((count) => count());
  }
}
