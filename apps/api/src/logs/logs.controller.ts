import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@inlet/platform/pipeline';
import { ApiError } from '../shared/api-errors';
import { sourceLogModel, type SourceLog } from '@inlet/store/source-logs';
import { ApiKeyGuard } from '../shared/auth.guard';
import { sourceEnvironmentId } from '../config-store/config-store.service';
import { advanceFeed, decodeFeedCursor, encodeFeedCursor, FEED_SEEN_MAX, feedFilter, feedStart, type FeedCursor, type FeedPosition } from './log-feed';
import { decodeCursor, encodeCursor, logsFilter, LogsQuery } from './logs-query';
import { parseRequest } from '../shared/parse-request';
import type { LogsPage } from './logs.schema';
import { presentLog, presentLogSummary } from './present-log';
import { SourcesService } from '../sources/sources.service';
import { API_CONFIG, type ApiConfig } from '../config';

@Controller('v1')
@UseGuards(ApiKeyGuard)
export class LogsController {
  private readonly logs;

  constructor(
    @Inject(MONGO) connection: Connection,
    private readonly sources: SourcesService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.logs = sourceLogModel(connection);
  }

  /**
   * A source environment's logs, newest first: filters by status, event type, id and received time;
   * `next_cursor` fetches the next page. With `after` (a `feed_cursor`), the live feed instead: the
   * logs received since, oldest first, and the `feed_cursor` to poll with next.
   */
  @Get('sources/:key/environments/:env/logs')
  async logsOf(@Param('key') key: string, @Param('env') env: string, @Query() query: unknown): Promise<LogsPage> {
    const q = parseRequest(LogsQuery, query);
    await this.sources.sourceEnvironment(key, env);
    const id = sourceEnvironmentId(key, env);
    if (q.after !== undefined) {
      const after = decodeFeedCursor(q.after);
      if (!after) throw new ApiError('invalid_request', 'after: not a feed_cursor this API returned');
      return this.feed(id, q, after);
    }
    const cursor = q.cursor === undefined ? null : decodeCursor(q.cursor);
    if (q.cursor !== undefined && !cursor) throw new ApiError('invalid_request', 'cursor: not a cursor this API returned');
    const page = await this.logs
      .find(logsFilter(id, q, cursor))
      .sort({ receivedAt: -1, _id: -1 })
      .limit(q.limit + 1)
      .lean<SourceLog[]>();
    const entries = page.slice(0, q.limit);
    const last = entries[entries.length - 1];
    // The feed starts after the newest logs matching the filters, whichever page this is; a first
    // page of at least FEED_SEEN_MAX + 1 logs already holds them.
    const newest =
      cursor === null && q.limit >= FEED_SEEN_MAX
        ? page
        : await this.logs
            .find(logsFilter(id, q, null), { _id: 1, receivedAt: 1 })
            .sort({ receivedAt: -1, _id: -1 })
            .limit(FEED_SEEN_MAX + 1)
            .lean<Pick<SourceLog, '_id' | 'receivedAt'>[]>();
    return {
      entries: entries.map(presentLogSummary),
      page_info: {
        next_cursor: page.length > q.limit && last ? encodeCursor(new Date(last.receivedAt), last._id) : null,
        feed_cursor: encodeFeedCursor(feedStart(newest.map(positionOf))),
      },
    };
  }

  /** The live feed: logs stored since the cursor, oldest first, so a client polling it sees each new log once. */
  private async feed(id: string, q: LogsQuery, after: FeedCursor): Promise<LogsPage> {
    const entries = await this.logs
      .find({ ...logsFilter(id, q, null), ...feedFilter(after) })
      .sort({ receivedAt: 1, _id: 1 })
      .limit(q.limit)
      .lean<SourceLog[]>();
    return {
      entries: entries.map(presentLogSummary),
      page_info: { next_cursor: null, feed_cursor: encodeFeedCursor(advanceFeed(after, entries.map(positionOf))) },
    };
  }

  @Get('sources/:key/environments/:env/logs/:id')
  async logOf(@Param('key') key: string, @Param('env') env: string, @Param('id') id: string) {
    await this.sources.sourceEnvironment(key, env);
    const log = await this.logs.findById(id).lean<SourceLog>();
    if (!log || log.sourceEnvironmentId !== sourceEnvironmentId(key, env)) throw new ApiError('log_not_found', `No log with id "${id}" in ${key}/${env}.`);
    return presentLog(log, this.config.TRACE_UI_URL);
  }

  /** One source log, whole: request, stage timeline and action logs. */
  @Get('logs/:id')
  async log(@Param('id') id: string) {
    const log = await this.logs.findById(id).lean<SourceLog>();
    if (!log) throw new ApiError('log_not_found', `No log with id "${id}".`);
    return presentLog(log, this.config.TRACE_UI_URL);
  }
}

function positionOf(log: Pick<SourceLog, '_id' | 'receivedAt'>): FeedPosition {
  return { at: new Date(log.receivedAt), id: log._id };
}
