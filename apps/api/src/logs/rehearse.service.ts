import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { z } from 'zod';
import { Publisher } from '@inlet/platform/kafka';
import { MONGO, newEventId } from '@inlet/platform/pipeline';
import { ApiError } from '../shared/api-errors';
import { sourceLogModel, type SourceLog } from '@inlet/store/source-logs';
import { presentLog } from './present-log';
import type { Rehearsal, RehearseBody } from './rehearse.schema';
import { SourcesService } from '../sources/sources.service';
import { API_CONFIG, type ApiConfig } from '../config';

/** Environments where a test event could act on real users: rehearsals are refused there. */
const PROTECTED_ENVIRONMENTS = new Set(['production']);
/** How long `wait` waits for the event to leave `pending`. */
const WAIT_MS = 15_000;

/**
 * Test events: a payload with headers sent through the real pipeline as if it had arrived at the
 * environment's endpoint, from an operator the api key already authenticated (so no signature).
 */
@Injectable()
export class RehearseService {
  private readonly logs;

  constructor(
    private readonly sources: SourcesService,
    private readonly publisher: Publisher,
    @Inject(MONGO) connection: Connection,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.logs = sourceLogModel(connection);
  }

  async rehearse(key: string, environment: string, body: z.infer<typeof RehearseBody>, wait: boolean): Promise<Rehearsal> {
    if (PROTECTED_ENVIRONMENTS.has(environment)) throw new ApiError('rehearse_not_allowed', `Test events are not allowed in "${environment}".`);
    const env = await this.sources.sourceEnvironment(key, environment);
    const now = new Date().toISOString();
    const eventId = newEventId();
    const headers = { ...Object.fromEntries(Object.entries(body.headers).map(([name, value]) => [name.toLowerCase(), value])), 'content-type': 'application/json' };
    await this.publisher.publish('intakeReceived', [
      {
        key: eventId,
        value: {
          messageId: randomUUID(),
          eventId,
          sourceEnvironmentId: env._id,
          sourceKey: env.sourceKey,
          environment: env.environment,
          producedAt: now,
          payload: {
            receivedAt: now,
            contentType: 'application/json',
            headers,
            bodyBase64: Buffer.from(JSON.stringify(body.body)).toString('base64'),
            verification: 'none',
            sensitiveHeaders: [env.settings.verification.header.toLowerCase()],
          },
        },
      },
    ]);
    if (!wait) return { id: eventId, status: 'pending', log: null };
    const log = await this.settled(eventId);
    return { id: eventId, status: log?.status ?? 'pending', log: log ? presentLog(log, this.config.TRACE_UI_URL) : null };
  }

  /** The log once it has left `pending`, or null after WAIT_MS (the caller can read it later). */
  private async settled(id: string): Promise<SourceLog | null> {
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      const log = await this.logs.findById(id).lean<SourceLog>();
      if (log && log.status !== 'pending') return log;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return null;
  }
}
