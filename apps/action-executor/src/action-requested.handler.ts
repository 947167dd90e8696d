import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Action } from '@inlet/contracts';
import { isRetriableMongoError } from '@inlet/platform/mongo';
import { PipelineError, Publisher, type OutgoingMessage, type ReceivedMessage } from '@inlet/platform/kafka';
import { LOGGER, MONGO, followUp, messageLog, type BatchHandlerService } from '@inlet/platform/pipeline';
import { userModel } from '@inlet/store/directory';
import { executedActionModel, type ExecutedAction } from './executed-action.model';
import { identifyUserOp } from './identify-user.op';

type Request = ReceivedMessage<'actionRequested'>;
type Outcome = { ok: true; result: Record<string, unknown> } | { ok: false; code: string; message: string };

/**
 * Performs action requests against the built-in directory, each action id at most once: actions
 * already recorded as executed are announced again, not applied again.
 */
@Injectable()
export class ActionRequestedHandler implements BatchHandlerService<'actionRequested'> {
  private readonly users;
  private readonly executed;

  constructor(
    @Inject(MONGO) connection: Connection,
    private readonly publisher: Publisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.users = userModel(connection);
    this.executed = executedActionModel(connection);
  }

  async handle(batch: Request[]): Promise<void> {
    const now = new Date();
    const outcomes = new Map<string, Outcome>();
    const fresh: Request[] = [];
    try {
      const ids = [...new Set(batch.map((m) => m.value.payload.actionId))];
      const done = await this.executed.find({ _id: { $in: ids } }).lean<ExecutedAction[]>();
      for (const d of done) outcomes.set(d._id, { ok: true, result: d.result });
      for (const m of batch) {
        const id = m.value.payload.actionId;
        if (!outcomes.has(id) && !fresh.some((f) => f.value.payload.actionId === id)) fresh.push(m);
      }
      for (const [id, outcome] of await this.apply(fresh, now)) outcomes.set(id, outcome);
      const succeeded = fresh.filter((m) => outcomes.get(m.value.payload.actionId)?.ok);
      if (succeeded.length > 0) await this.record(succeeded, outcomes, now);
    } catch (err) {
      if (err instanceof PipelineError) throw err;
      throw new PipelineError('store_unavailable', 'the directory store did not answer', { retriable: isRetriableMongoError(err), cause: err });
    }
    await this.announce(batch, outcomes, now);
  }

  /** All fresh actions in one ordered bulk write; if the store refuses one, each alone to find it. */
  private async apply(fresh: Request[], now: Date): Promise<Map<string, Outcome>> {
    const outcomes = new Map<string, Outcome>();
    if (fresh.length === 0) return outcomes;
    try {
      await this.users.bulkWrite(fresh.map((m) => this.operation(m.value.environment, m.value.payload.action, now)), { ordered: true });
      for (const m of fresh) outcomes.set(m.value.payload.actionId, { ok: true, result: resultOf(m.value.payload.action) });
      return outcomes;
    } catch (err) {
      if (isRetriableMongoError(err)) throw err;
    }
    for (const m of fresh) {
      try {
        await this.users.bulkWrite([this.operation(m.value.environment, m.value.payload.action, now)]);
        outcomes.set(m.value.payload.actionId, { ok: true, result: resultOf(m.value.payload.action) });
      } catch (err) {
        if (isRetriableMongoError(err)) throw err;
        outcomes.set(m.value.payload.actionId, { ok: false, code: 'store_rejected', message: (err as Error).message });
      }
    }
    return outcomes;
  }

  private operation(environment: string, action: Action, now: Date) {
    switch (action.type) {
      case 'identify_user':
        return identifyUserOp(environment, action.params, now);
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
        messageLog(this.logger, message).warn({ actionId, code: outcome.code }, 'action failed');
        failed.push({
          key,
          context,
          value: followUp(request, { actionId, mappingId, actionType: action.type, failure: { code: outcome.code, message: outcome.message, retriable: false }, failedAt: now.toISOString() }),
        });
      }
    }
    await Promise.all([this.publisher.publish('actionCompleted', completed), this.publisher.publish('actionFailed', failed)]);
  }
}

function resultOf(action: Action): Record<string, unknown> {
  switch (action.type) {
    case 'identify_user':
      return { user_id: action.params.id };
  }
}
