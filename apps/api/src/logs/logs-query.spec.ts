import { decodeCursor, encodeCursor, logsFilter, LogsQuery } from './logs-query';

describe('logs query', () => {
  it('round-trips a cursor and refuses a forged one', () => {
    const at = new Date('2026-05-01T10:00:00.000Z');
    expect(decodeCursor(encodeCursor(at, 'evt_9'))).toEqual({ at, id: 'evt_9' });
    expect(decodeCursor('not-a-cursor')).toBeNull();
  });

  it('combines filters, time range and cursor for one environment', () => {
    const q = LogsQuery.parse({ status: 'processed', event_type: 'task.assigned', from: '2026-05-01T00:00:00Z', to: '2026-05-02T00:00:00Z', limit: '10' });
    const at = new Date('2026-05-01T12:00:00.000Z');
    expect(logsFilter('tasks.development', q, { at, id: 'evt_5' })).toEqual({
      sourceEnvironmentId: 'tasks.development',
      status: 'processed',
      eventType: 'task.assigned',
      receivedAt: { $gte: new Date('2026-05-01T00:00:00Z'), $lte: new Date('2026-05-02T00:00:00Z') },
      $or: [{ receivedAt: { $lt: at } }, { receivedAt: at, _id: { $lt: 'evt_5' } }],
    });
    expect(q.limit).toBe(10);
  });

  it.each([[{ status: 'done' }], [{ limit: '0' }], [{ from: 'yesterday' }], [{ sort: 'asc' }]])('refuses %j', (query) => {
    expect(LogsQuery.safeParse(query).success).toBe(false);
  });
});
