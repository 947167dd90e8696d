import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@inlet/platform/pipeline';
import { ApiError } from '../shared/api-errors';
import { sourceLogModel } from '@inlet/store/source-logs';
import { ApiKeyGuard } from '../shared/auth.guard';
import { sourceEnvironmentId } from '../config-store/config-store.service';
import { SourcesService } from '../sources/sources.service';
import { SourceActivityListSchema, type SourceActivity } from './source-activity.schema';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Per source, in one environment: the newest request's time and the count of the last 24 hours.
 * Two queries per source, each on the `{sourceEnvironmentId, receivedAt}` index of source logs.
 */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class SourceActivityController {
  private readonly logs;

  constructor(
    @Inject(MONGO) connection: Connection,
    private readonly sources: SourcesService,
  ) {
    this.logs = sourceLogModel(connection);
  }

  @Get('environments/:env/source-activity')
  async activity(@Param('env') env: string) {
    const [environments, sources] = await Promise.all([this.sources.listEnvironments(), this.sources.listSources()]);
    if (!environments.some((e) => e.name === env)) throw new ApiError('environment_not_found', `No environment "${env}".`);
    const since = new Date(Date.now() - DAY_MS);
    const entries = await Promise.all(
      sources.map(async (source): Promise<SourceActivity> => {
        const id = sourceEnvironmentId(source.key, env);
        const [newest, count] = await Promise.all([
          this.logs.findOne({ sourceEnvironmentId: id }, { receivedAt: 1 }).sort({ receivedAt: -1, _id: -1 }).lean<{ receivedAt: Date }>(),
          this.logs.countDocuments({ sourceEnvironmentId: id, receivedAt: { $gte: since } }),
        ]);
        return { source: source.key, last_event_at: newest ? new Date(newest.receivedAt).toISOString() : null, events_last_24h: count };
      }),
    );
    return SourceActivityListSchema.parse({ entries });
  }
}
