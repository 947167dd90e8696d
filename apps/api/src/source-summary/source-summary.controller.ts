import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@inlet/platform/pipeline';
import { sourceLogModel } from '@inlet/store/source-logs';
import { sourceEnvironmentId } from '../config-store/config-store.service';
import { ApiKeyGuard } from '../shared/auth.guard';
import { parseRequest } from '../shared/parse-request';
import { SourcesService } from '../sources/sources.service';
import { SourceSummaryQuery, SourceSummarySchema, type SourceSummaryAnswer } from './source-summary.schema';
import { REFUSED_STATUSES, summarizeLogs, windowStart } from './summarize-logs';

/**
 * The most recent ended logs the percentiles are computed from: the local MongoDB-wire server has
 * no percentile operator, so the durations come to the api, and this bounds what one answer reads.
 */
const MAX_DURATIONS = 10_000;

/**
 * A source environment's last hour or day, from its logs: one `$group` by status and one bounded
 * projection of receipt and final times, both on the `{sourceEnvironmentId, receivedAt}` index.
 */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class SourceSummaryController {
  private readonly logs;

  constructor(
    @Inject(MONGO) connection: Connection,
    private readonly sources: SourcesService,
  ) {
    this.logs = sourceLogModel(connection);
  }

  @Get('sources/:key/environments/:env/summary')
  async summary(@Param('key') key: string, @Param('env') env: string, @Query() query: unknown): Promise<SourceSummaryAnswer> {
    const { window } = parseRequest(SourceSummaryQuery, query);
    await this.sources.sourceEnvironment(key, env);
    const now = new Date();
    const inWindow = { sourceEnvironmentId: sourceEnvironmentId(key, env), receivedAt: { $gte: windowStart(window, now) } };
    const [counts, ended] = await Promise.all([
      this.logs.aggregate<{ _id: string; count: number }>([{ $match: inWindow }, { $group: { _id: '$status', count: { $sum: 1 } } }]),
      this.logs
        .find({ ...inWindow, finalAt: { $exists: true }, status: { $nin: ['pending', ...REFUSED_STATUSES] } }, { _id: 0, receivedAt: 1, finalAt: 1 })
        .sort({ receivedAt: -1 })
        .limit(MAX_DURATIONS + 1)
        .lean<{ receivedAt: Date; finalAt: Date }[]>(),
    ]);
    const durations = ended.slice(0, MAX_DURATIONS).map((l) => Math.max(0, new Date(l.finalAt).getTime() - new Date(l.receivedAt).getTime()));
    const s = summarizeLogs(counts.map((c) => ({ status: c._id, count: c.count })), durations);
    return SourceSummarySchema.parse({
      source: key,
      environment: env,
      window,
      from: windowStart(window, now).toISOString(),
      to: now.toISOString(),
      received: s.received,
      accepted: s.accepted,
      refused: { total: s.refused.total, by_reason: s.refused.byReason },
      statuses: s.statuses,
      receipt_to_final: { count: s.receiptToFinal.count, p50_ms: s.receiptToFinal.p50Ms, p99_ms: s.receiptToFinal.p99Ms, truncated: ended.length > MAX_DURATIONS },
    });
  }
}
