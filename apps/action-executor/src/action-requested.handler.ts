import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { isRetriableMongoError } from '@inlet/platform/mongo';
import { ConfigView, PipelineError, Publisher, type OutgoingMessage, type ReceivedMessage } from '@inlet/platform/kafka';
import { LOGGER, MONGO, followUp, messageLog, type BatchHandlerService } from '@inlet/platform/pipeline';
import { executorMetrics } from './action-executor.metrics';
import { executedActionCollection } from './executed-action.model';
import { DirectoryActions, type Outcome } from './directory-actions';
import { isBulkable, type ActionContext, type BulkableAction } from './directory-ops';

type Request = ReceivedMessage<'actionRequested'>;

/**
 * Performs action requests against the built-in directory, each action id once and in offset
 * order (one event's actions share a partition, so identify comes before trigger). Actions already
 * recorded as executed are announced again with their stored result, not applied again.
 */
@Injectable()
export class ActionRequestedHandler implements BatchHandlerService<'actionRequested'> {
  private readonly actions: DirectoryActions;
  private readonly executed;

  constructor(
    @Inject(MONGO) connection: Connection,
    private readonly publisher: Publisher,
    @Inject(LOGGER) private readonly logger: Logger,
    config: ConfigView,
  ) {
    // Registers every directory model on the connection now, so that the pipeline builds their
    // indexes before the consumer starts.
    this.actions = new DirectoryActions(connection, config);
    this.executed = executedActionCollection(connection);
  }

  async handle(batch: Request[]): Promise<void> {
    const now = new Date();
    const outcomes = new Map<string, Outcome>();
    try {
      const ids = [...new Set(batch.map((m) => m.value.payload.actionId))];
      const done = await this.executed.find({ _id: { $in: ids } }).toArray();
      for (const d of done) outcomes.set(d._id, { ok: true, result: d.result });
      const seen = new Set<string>();
      const fresh = batch.filter((m) => {
        const id = m.value.payload.actionId;
        if (outcomes.has(id) || seen.has(id)) return false;
        seen.add(id);
        return true;
      });
      for (const [id, outcome] of await this.apply(fresh, now)) outcomes.set(id, outcome);
      const succeeded = fresh.filter((m) => outcomes.get(m.value.payload.actionId)?.ok);
      // Runs are announced before their action is recorded: a crash in between re-applies the
      // trigger, which finds the same runs by id and announces them again (at least once, same ids).
      await this.announceRuns(succeeded, outcomes, now);
      if (succeeded.length > 0) await this.record(succeeded, outcomes, now);
    } catch (err) {
      if (err instanceof PipelineError) throw err;
      if (isRetriableMongoError(err)) throw new PipelineError('store_unavailable', 'the directory store did not answer', { retriable: true, cause: err });
      throw err;
    }
    await this.announce(batch, outcomes, now);
  }

  /**
   * In offset order: each maximal run of consecutive bulkable actions (user, object and tenant
   * upserts, workflow triggers: most of a batch) as one round of bulk writes, every other action alone.
   */
  private async apply(fresh: Request[], now: Date): Promise<Map<string, Outcome>> {
    const outcomes = new Map<string, Outcome>();
    for (let i = 0; i < fresh.length; ) {
      const first = fresh[i].value;
      if (!isBulkable(first.payload.action)) {
        outcomes.set(first.payload.actionId, await this.actions.apply(actionContext(first), first.payload.action, now));
        i++;
        continue;
      }
      let end = i;
      while (end < fresh.length && isBulkable(fresh[end].value.payload.action)) end++;
      const run = fresh.slice(i, end);
      const results = await this.actions.applyBulk(
        run.map((m) => ({ ctx: actionContext(m.value), action: m.value.payload.action as BulkableAction })),
        now,
      );
      run.forEach((m, k) => outcomes.set(m.value.payload.actionId, results[k]));
      i = end;
    }
    return outcomes;
  }

  private async announceRuns(succeeded: Request[], outcomes: Map<string, Outcome>, now: Date): Promise<void> {
    const runs: OutgoingMessage<'workflowTriggered'>[] = [];
    for (const { value: request, context } of succeeded) {
      const outcome = outcomes.get(request.payload.actionId);
      if (!outcome?.ok) continue;
      for (const run of outcome.triggered ?? []) runs.push({ key: run.recipient.id, context, value: followUp(request, run, now) });
    }
    if (runs.length === 0) return;
    await this.publisher.publish('workflowTriggered', runs);
    for (const { value: request } of succeeded) {
      const outcome = outcomes.get(request.payload.actionId);
      if (outcome?.ok && outcome.triggered?.length) executorMetrics.runsPublished(request, outcome.triggered.length);
    }
  }

  private async record(succeeded: Request[], outcomes: Map<string, Outcome>, now: Date): Promise<void> {
    const docs = succeeded.map((m) => {
      const outcome = outcomes.get(m.value.payload.actionId) as Extract<Outcome, { ok: true }>;
      return { _id: m.value.payload.actionId, actionType: m.value.payload.action.type, result: outcome.result, executedAt: now };
    });
    try {
      await this.executed.insertMany(docs, { ordered: false });
    } catch (err) {
      // Another executor recorded the same action first (a rebalance mid-batch): nothing to do.
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }

  private async announce(batch: Request[], outcomes: Map<string, Outcome>, now: Date): Promise<void> {
    const completed: OutgoingMessage<'actionCompleted'>[] = [];
    const failed: OutgoingMessage<'actionFailed'>[] = [];
    for (const message of batch) {
      const { value: request, context } = message;
      const { actionId, mappingId, action } = request.payload;
      const outcome = outcomes.get(actionId)!;
      const key = request.eventId;
      if (outcome.ok) {
        completed.push({ key, context, value: followUp(request, { actionId, mappingId, actionType: action.type, result: outcome.result, completedAt: now.toISOString() }) });
      } else {
        messageLog(this.logger, message).warn({ actionId, actionType: action.type, code: outcome.code, reason: outcome.message }, 'action failed');
        failed.push({
          key,
          context,
          value: followUp(request, { actionId, mappingId, actionType: action.type, failure: { code: outcome.code, message: outcome.message, retriable: false }, failedAt: now.toISOString() }),
        });
      }
    }
    await Promise.all([this.publisher.publish('actionCompleted', completed), this.publisher.publish('actionFailed', failed)]);
    for (const { value: request } of batch) {
      const outcome = outcomes.get(request.payload.actionId)!;
      if (outcome.ok) executorMetrics.completed(request, request.payload.action.type);
      else executorMetrics.failed(request, request.payload.action.type, outcome.code);
    }
  }
}

function actionContext(request: Request['value']): ActionContext {
  return { environment: request.environment, eventId: request.eventId, sourceKey: request.sourceKey, actionId: request.payload.actionId };
}
