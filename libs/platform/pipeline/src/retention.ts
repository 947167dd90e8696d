import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { LOGGER, MONGO } from './tokens';

/** Everything older than this many days before `now` goes. */
export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
}

export type RetentionTask = {
  /** What is pruned, for the log line. */
  name: string;
  /** Deletes what is older than the cutoff; returns how many documents went. */
  prune(cutoff: Date): Promise<number>;
};
export const RETENTION_TASK = Symbol('RETENTION_TASK');
export const RETENTION_OPTIONS = Symbol('RETENTION_OPTIONS');
export type RetentionOptions = { days: number; everyMinutes: number };

/**
 * Retention by a job, not a TTL index (the local MongoDB-wire server has none): at boot and then
 * periodically. Every replica runs it; a delete by date is the same whoever runs it.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(RETENTION_TASK) private readonly task: RetentionTask,
    @Inject(RETENTION_OPTIONS) private readonly options: RetentionOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.runOnce();
    this.timer = setInterval(() => (this.running = this.runOnce()), this.options.everyMinutes * 60_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async runOnce(): Promise<void> {
    const cutoff = retentionCutoff(new Date(), this.options.days);
    try {
      const deleted = await this.task.prune(cutoff);
      if (deleted > 0) this.logger.info({ task: this.task.name, deleted, cutoff }, 'retention pruned');
    } catch (err) {
      this.logger.warn({ err, task: this.task.name }, 'retention run failed; next run will retry');
    }
  }
}

/** The providers of one retention job over the service's store. */
export function retentionProviders(options: RetentionOptions, name: string, prune: (connection: Connection, cutoff: Date) => Promise<number>): Provider[] {
  return [
    { provide: RETENTION_OPTIONS, useValue: options },
    { provide: RETENTION_TASK, inject: [MONGO], useFactory: (connection: Connection): RetentionTask => ({ name, prune: (cutoff) => prune(connection, cutoff) }) },
    RetentionJob,
  ];
}
