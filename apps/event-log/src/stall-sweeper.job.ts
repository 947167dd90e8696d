import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { stallOf } from '@inlet/domain/logs';
import { LOGGER, MONGO } from '@inlet/platform/pipeline';
import { sourceLogModel, type LogFailure, type TimelineEntry } from '@inlet/store/source-logs';
import { EVENT_LOG_CONFIG, type EventLogConfig } from './config';
import { eventLogMetrics, OVERDUE_AFTER_SECONDS } from './event-log.metrics';
import { logFactsOf, STATUS_FIELDS, type StatusFields } from './log-facts';
import { StageHandler } from './stage.handler';

/** Logs read per round, and rounds per run: a run is bounded even when much is stuck. */
const SWEEP_BATCH = 200;
const MAX_ROUNDS = 25;

/**
 * Ends logs stuck `pending`: one received more than STALLED_AFTER_MINUTES ago is given a `failure`
 * (reason `stalled`, its last stage and what it waits for) and so the status `failed`, which can be
 * re-driven. At boot and every SWEEP_EVERY_SECONDS, on every replica: each mark is conditional on
 * the version read, so a stage projected meanwhile wins and two sweepers mark a log once.
 */
@Injectable()
export class StallSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logs;
  private readonly afterMs: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(MONGO) connection: Connection,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(EVENT_LOG_CONFIG) private readonly config: EventLogConfig,
    private readonly stages: StageHandler,
  ) {
    this.logs = sourceLogModel(connection);
    this.afterMs = config.STALLED_AFTER_MINUTES * 60_000;
  }

  onApplicationBootstrap(): void {
    this.running = this.runOnce();
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce();
    }, this.config.SWEEP_EVERY_SECONDS * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async runOnce(): Promise<void> {
    try {
      const now = new Date();
      const marked = await this.sweep(now);
      // Counted on each run, after the sweep: what is overdue but not yet stalled.
      eventLogMetrics.overdue(await this.logs.countDocuments({ status: 'pending', receivedAt: { $lte: new Date(now.getTime() - OVERDUE_AFTER_SECONDS * 1000) } }));
      if (marked > 0) this.logger.warn({ marked, afterMinutes: this.config.STALLED_AFTER_MINUTES }, 'stalled logs ended as failed');
    } catch (err) {
      this.logger.warn({ err }, 'stall sweep failed; the next run will retry');
    } finally {
      this.running = undefined;
    }
  }

  /** Marks the stalled logs received before the threshold; returns how many this sweeper marked. */
  async sweep(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.afterMs);
    let total = 0;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const candidates = await this.logs.find({ status: 'pending', receivedAt: { $lte: cutoff } }, STATUS_FIELDS).sort({ receivedAt: 1 }).limit(SWEEP_BATCH).lean<StatusFields[]>();
      const touched: string[] = [];
      for (const doc of candidates) {
        const stall = stallOf(logFactsOf(doc), new Date(doc.receivedAt), now, this.afterMs);
        // Not stalled on its own (a status left unwritten, a failure already recorded): derive it again.
        if (!stall) {
          touched.push(doc._id);
          continue;
        }
        const failure: LogFailure = {
          reason: 'stalled',
          code: 'stalled',
          message: `still pending ${this.config.STALLED_AFTER_MINUTES} min after it was received: last stage ${stall.lastStage}, waiting for ${stall.waitingFor}`,
          lastStage: stall.lastStage,
          waitingFor: stall.waitingFor,
          at: now,
        };
        const entry: TimelineEntry = { stage: 'stalled', at: now, service: 'event-log', detail: `waiting for ${stall.waitingFor}` };
        // findOneAndUpdate: its compound filter still finds the document by _id on the local MongoDB-wire server.
        const marked = await this.logs.findOneAndUpdate(
          { _id: doc._id, version: doc.version },
          { $set: { failure, 'timeline.stalled': entry, projectedAt: now }, $inc: { version: 1 } },
          { projection: { _id: 1 } },
        );
        if (marked) {
          total++;
          touched.push(doc._id);
        }
      }
      if (touched.length > 0) await this.stages.announce(await this.stages.deriveStatuses(touched), []);
      if (candidates.length < SWEEP_BATCH) break;
    }
    return total;
  }
}
