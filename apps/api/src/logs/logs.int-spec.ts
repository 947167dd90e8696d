import { sourceLogModel, type SourceLog } from '@inlet/store/source-logs';
import { ApiTestApp } from '../shared/api-test-app';
import { SourceSchema } from '../sources/sources.schema';
import { LogSchema, LogsPageSchema } from './logs.schema';
import { RedriveManyResponse, RedriveOneResponse } from './redrive.schema';
import { RehearseResponse } from './rehearse.schema';

jest.setTimeout(60_000);

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));

/** A log as the event-log writes it, for the api to read. */
function storedLog(id: string, minute: number, status: SourceLog['status'], extra: Partial<SourceLog> = {}): SourceLog {
  return {
    _id: id,
    sourceEnvironmentId: 'tasks.development',
    sourceKey: 'tasks',
    environment: 'development',
    eventType: 'task.assigned',
    status,
    receivedAt: at(minute),
    verification: 'none',
    request: { contentType: 'application/json', headers: { 'content-type': 'application/json' }, body: { type: 'task.assigned', data: { id: 't1' } } },
    timeline: { received: { stage: 'received', at: at(minute), service: 'gateway' }, normalized: { stage: 'normalized', at: at(minute), service: 'mapping-engine' } },
    actions: {
      m1: { actionId: `${id}:m1`, mappingId: 'm1', actionType: 'identify_user', position: 0, configured: { id: { path: 'data.id' } }, resolved: { id: 't1' }, status: status === 'failed' ? 'failed' : 'success', at: at(minute) },
    },
    version: 3,
    ...extra,
  };
}

describe('logs api', () => {
  let api: ApiTestApp;
  const base = '/v1/sources/tasks/environments/development';

  beforeAll(async () => {
    api = await ApiTestApp.start('api-logs', { TRACE_UI_URL: 'http://jaeger.test:16686/trace/{trace_id}' });
    await api.ok(SourceSchema, 'POST', '/v1/sources', { key: 'tasks', name: 'Tasks' }, 201);
    await sourceLogModel(api.connection).insertMany([
      storedLog('evt_1', 1, 'processed'),
      storedLog('evt_2', 2, 'failed', { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', failure: { reason: 'dead_lettered', topic: 'inlet.action.requested.v1', consumerGroup: 'inlet.action-executor', code: 'boom', message: 'Error: boom', at: at(3) } }),
      storedLog('evt_3', 3, 'signature_missing', { actions: {}, rejection: { reason: 'signature_missing', message: 'no signature', field: 'headers.x-knock-signature' } }),
    ]);
  });
  afterAll(() => api?.stop());

  it('pages logs newest first with a cursor, filters by status, and shows one log whole', async () => {
    const first = await api.ok(LogsPageSchema, 'GET', `${base}/logs?limit=2`);
    expect(first.entries.map((l) => l.id)).toEqual(['evt_3', 'evt_2']);
    const second = await api.ok(LogsPageSchema, 'GET', `${base}/logs?limit=2&cursor=${first.page_info.next_cursor}`);
    expect(second).toEqual({ entries: [expect.objectContaining({ id: 'evt_1' })], page_info: { next_cursor: null, feed_cursor: first.page_info.feed_cursor } });
    expect((await api.ok(LogsPageSchema, 'GET', `${base}/logs?status=signature_missing`)).entries.map((l) => l.id)).toEqual(['evt_3']);
    const log = await api.ok(LogSchema, 'GET', `${base}/logs/evt_2`);
    expect(log).toMatchObject({ id: 'evt_2', status: 'failed', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', trace_url: 'http://jaeger.test:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736', failure: { reason: 'dead_lettered', code: 'boom' }, actions: [{ mapping_id: 'm1', status: 'failed' }] });
    // A log whose request carried no usable trace says so rather than leaving the field out.
    expect(await api.ok(LogSchema, 'GET', '/v1/logs/evt_3')).toMatchObject({ trace_id: null, trace_url: null, rejection: { reason: 'signature_missing' } });
  });

  it('refuses a bad filter naming the parameter, and answers 404 for a log of another environment', async () => {
    await api.fails('GET', `${base}/logs?status=lost`, undefined, 400, 'invalid_request', 'status');
    await api.fails('GET', `${base}/logs?limit=500`, undefined, 400, 'invalid_request', 'limit');
    await api.fails('GET', `${base}/logs?cursor=nonsense`, undefined, 400, 'invalid_request', 'cursor');
    await api.fails('GET', `${base}/logs?after=nonsense`, undefined, 400, 'invalid_request', 'after');
    const { page_info } = await api.ok(LogsPageSchema, 'GET', `${base}/logs?limit=1`);
    await api.fails('GET', `${base}/logs?after=${page_info.feed_cursor}&cursor=${page_info.next_cursor}`, undefined, 400, 'invalid_request', 'after');
    await api.fails('GET', '/v1/sources/tasks/environments/production/logs/evt_1', undefined, 404, 'log_not_found');
    await api.fails('GET', '/v1/logs/evt_none', undefined, 404, 'log_not_found');
  });

  it('feeds each log created after a poll to the next poll, oldest first, and never twice', async () => {
    await api.ok(SourceSchema, 'POST', '/v1/sources', { key: 'live', name: 'Live' }, 201);
    const feed = '/v1/sources/live/environments/development/logs';
    const live = (id: string, minute: number) => storedLog(id, minute, 'pending', { sourceEnvironmentId: 'live.development', sourceKey: 'live' });
    const empty = await api.ok(LogsPageSchema, 'GET', feed);
    expect(empty.entries).toEqual([]);
    const idle = await api.ok(LogsPageSchema, 'GET', `${feed}?after=${empty.page_info.feed_cursor}`);
    expect(idle).toEqual({ entries: [], page_info: { next_cursor: null, feed_cursor: empty.page_info.feed_cursor } });

    await sourceLogModel(api.connection).insertMany([live('live_2', 2), live('live_1', 1)]);
    const first = await api.ok(LogsPageSchema, 'GET', `${feed}?after=${idle.page_info.feed_cursor}`);
    expect(first.entries.map((l) => l.id)).toEqual(['live_1', 'live_2']);

    // Received in the same millisecond as the last one fed: the id breaks the tie, so it is not lost.
    await sourceLogModel(api.connection).insertMany([live('live_3', 2), live('live_4', 4)]);
    const second = await api.ok(LogsPageSchema, 'GET', `${feed}?after=${first.page_info.feed_cursor}&limit=1`);
    expect(second.entries.map((l) => l.id)).toEqual(['live_3']);
    const third = await api.ok(LogsPageSchema, 'GET', `${feed}?after=${second.page_info.feed_cursor}`);
    expect(third.entries.map((l) => l.id)).toEqual(['live_4']);
    expect((await api.ok(LogsPageSchema, 'GET', `${feed}?after=${third.page_info.feed_cursor}`)).entries).toEqual([]);

    // Stored after live_4 was fed, though received 5 s before it (a refused request logged late): fed once all the same.
    await sourceLogModel(api.connection).insertMany([{ ...live('live_late', 4), receivedAt: new Date(at(4).getTime() - 5_000) }]);
    const late = await api.ok(LogsPageSchema, 'GET', `${feed}?after=${third.page_info.feed_cursor}`);
    expect(late.entries.map((l) => l.id)).toEqual(['live_late']);
    expect((await api.ok(LogsPageSchema, 'GET', `${feed}?after=${late.page_info.feed_cursor}`)).entries).toEqual([]);

    // The listing's feed cursor starts after its newest log, whichever page it answers.
    const listed = await api.ok(LogsPageSchema, 'GET', `${feed}?limit=2`);
    const older = await api.ok(LogsPageSchema, 'GET', `${feed}?limit=2&cursor=${listed.page_info.next_cursor}`);
    expect(older.page_info.feed_cursor).toBe(listed.page_info.feed_cursor);
    await sourceLogModel(api.connection).insertMany([live('live_5', 5)]);
    expect((await api.ok(LogsPageSchema, 'GET', `${feed}?after=${listed.page_info.feed_cursor}`)).entries.map((l) => l.id)).toEqual(['live_5']);
  });

  it('re-drives a failed log, refuses a processed one with 409, and re-drives by filter', async () => {
    expect(await api.ok(RedriveOneResponse, 'POST', `${base}/logs/evt_2/redrive`, undefined, 202)).toEqual({ id: 'evt_2', attempt: 1, status: 'pending' });
    await api.fails('POST', `${base}/logs/evt_1/redrive`, undefined, 409, 'not_redrivable');
    await api.fails('POST', `${base}/logs/evt_none/redrive`, undefined, 404, 'log_not_found');
    const many = await api.ok(RedriveManyResponse, 'POST', `${base}/logs/redrive`, { reason: 'dead_lettered' }, 202);
    expect(many.redriven.map((r) => r.id)).toEqual(['evt_2']);
    await api.fails('POST', `${base}/logs/redrive`, { limit: 0 }, 400, 'invalid_request', 'limit');
  });

  it('takes a test event in development and refuses one in production', async () => {
    const rehearsal = await api.ok(RehearseResponse, 'POST', `${base}/rehearse`, { body: { type: 'task.assigned' } }, 202);
    expect(rehearsal).toMatchObject({ status: 'pending', log: null });
    await api.fails('POST', '/v1/sources/tasks/environments/production/rehearse', { body: {} }, 403, 'rehearse_not_allowed');
    await api.fails('POST', `${base}/rehearse`, {}, 400, 'invalid_request', 'body');
  });
});
