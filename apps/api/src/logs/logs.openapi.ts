import type { ApiErrorCode } from '../shared/api-errors';
import { idParam, INVALID_BODY, OpenAPIRegistry, registerRoute, SOURCE_ENV_NOT_FOUND, SourceEnvParams } from '../shared/openapi-registry';
import { LogsQuery } from './logs-query';
import { LogSchema, LogsPageSchema } from './logs.schema';
import { RedriveFilterBody, RedriveManyResponse, RedriveOneResponse } from './redrive.schema';
import { RehearseBody, RehearseQuery, RehearseResponse } from './rehearse.schema';

/** The routes of logs.controller.ts, redrive.controller.ts and rehearse.controller.ts. */
export function registerLogsRoutes(registry: OpenAPIRegistry): void {
  const tags = ['logs'];
  const base = '/v1/sources/{key}/environments/{env}';
  const LogParams = SourceEnvParams.extend(idParam('The log id.').shape);
  const LOG_NOT_FOUND: ApiErrorCode[] = [...SOURCE_ENV_NOT_FOUND, 'log_not_found'];
  registerRoute(registry, {
    method: 'get',
    path: `${base}/logs`,
    summary: "List a source environment's logs",
    description:
      'Newest first. `page_info.next_cursor` (null on the last page) fetches the next page. Unknown query parameters are refused.\n\n' +
      '**Live feed** (polling): pass `page_info.feed_cursor` of any answer as `after` to get the logs stored since that match the filters, oldest first (at most `limit`), with the `feed_cursor` to poll with next; no log is fed twice. ' +
      'A log stored late (a refused request is logged from another topic, a slow upload is stamped when it began) is still fed if it was received at most 10 s before the newest log fed, and the cursor remembers up to 50 logs of that window (past that, in a burst, the oldest are forgotten and a late one before them is not fed; the listing still shows it). ' +
      'Filters apply to each log as it is when polled: a log fed as `pending` is not fed again when its status changes (read it with `GET …/logs/{id}`).',
    tags,
    params: SourceEnvParams,
    query: LogsQuery,
    responses: { 200: { description: 'One page of logs.', schema: LogsPageSchema } },
    errors: ['invalid_request', ...SOURCE_ENV_NOT_FOUND],
  });
  registerRoute(registry, {
    method: 'get',
    path: `${base}/logs/{id}`,
    summary: 'Get one log of a source environment',
    tags,
    params: LogParams,
    responses: { 200: { description: 'The log.', schema: LogSchema } },
    errors: [...LOG_NOT_FOUND],
  });
  registerRoute(registry, {
    method: 'get',
    path: '/v1/logs/{id}',
    summary: 'Get one log',
    tags,
    params: idParam('The log id.'),
    responses: { 200: { description: 'The log.', schema: LogSchema } },
    errors: ['log_not_found'],
  });
  registerRoute(registry, {
    method: 'post',
    path: `${base}/logs/{id}/redrive`,
    summary: 'Re-drive one failed event',
    description:
      'Sends a `failed` or `partially_failed` event through the pipeline again, under the current configuration, with the same event id: actions that already succeeded are not executed again, and its idempotency claim still holds. The event-log records the re-drive (attempt, when, by whom) in the timeline and forgets the outcome of what the new attempt rebuilds; the status is `pending` until it ends again.',
    tags,
    params: LogParams,
    responses: { 202: { description: 'The re-drive was published.', schema: RedriveOneResponse } },
    errors: [...LOG_NOT_FOUND, 'not_redrivable', 'body_not_kept'],
  });
  registerRoute(registry, {
    method: 'post',
    path: `${base}/logs/redrive`,
    summary: 'Re-drive the failed events that match a filter',
    description:
      'Re-drives every `failed` or `partially_failed` log of the environment that matches the filter, oldest first, up to `limit` (default 100, at most 1000). Logs that cannot be re-driven (the body was too large to keep) are listed with the reason.',
    tags,
    params: SourceEnvParams,
    body: RedriveFilterBody,
    responses: { 202: { description: 'What was re-driven and what could not be.', schema: RedriveManyResponse } },
    errors: [...INVALID_BODY, ...SOURCE_ENV_NOT_FOUND],
  });
  registerRoute(registry, {
    method: 'post',
    path: `${base}/rehearse`,
    summary: 'Send a test event through the pipeline',
    description:
      'The payload and headers go through the real pipeline as if posted to the endpoint (no signature needed: the api key authenticates). Refused in production. With `wait=true` the answer comes once the event has left `pending` (up to 15 s) and carries its log.',
    tags,
    params: SourceEnvParams,
    query: RehearseQuery,
    body: RehearseBody,
    responses: { 202: { description: 'The event id, its status, and its log when waited for.', schema: RehearseResponse } },
    errors: [...INVALID_BODY, 'rehearse_not_allowed', ...SOURCE_ENV_NOT_FOUND],
  });
}
