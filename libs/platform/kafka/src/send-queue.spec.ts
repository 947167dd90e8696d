import { groupByTopic, messageBytes, SendQueue, Ticket, type QueueEntry } from './send-queue';

describe('groupByTopic', () => {
  const m = (value: string) => ({ key: null, value });

  it.each([
    ['nothing', [], []],
    [
      'one topic, order kept',
      [
        { topic: 'a', message: m('1') },
        { topic: 'a', message: m('2') },
      ],
      [{ topic: 'a', messages: [m('1'), m('2')] }],
    ],
    [
      'interleaved topics: grouped, each in its own order, topics in order of first appearance',
      [
        { topic: 'b', message: m('1') },
        { topic: 'a', message: m('2') },
        { topic: 'b', message: m('3') },
        { topic: 'a', message: m('4') },
      ],
      [
        { topic: 'b', messages: [m('1'), m('3')] },
        { topic: 'a', messages: [m('2'), m('4')] },
      ],
    ],
  ])('%s', (_what, entries, expected) => {
    expect(groupByTopic(entries)).toEqual(expected);
  });
});

describe('Ticket', () => {
  it('resolves at once for no messages', async () => {
    await expect(new Ticket(0).promise).resolves.toBeUndefined();
  });

  it('resolves once every message was acknowledged, across sends', async () => {
    const ticket = new Ticket(3);
    let settled = false;
    void ticket.promise.then(() => (settled = true));
    ticket.ack(2);
    await Promise.resolve();
    expect(settled).toBe(false);
    ticket.ack();
    await expect(ticket.promise).resolves.toBeUndefined();
  });

  it('rejects at the first failed send even if other sends succeed afterwards', async () => {
    const ticket = new Ticket(3);
    ticket.ack();
    ticket.fail(new Error('broker down'));
    ticket.ack(2);
    await expect(ticket.promise).rejects.toThrow('broker down');
  });
});

describe('messageBytes', () => {
  it('counts key, value and headers in bytes, not characters', () => {
    expect(messageBytes({ key: 'ké', value: 'abc', headers: { traceparent: 'xy' } })).toBe(3 + 3 + 11 + 2);
    expect(messageBytes({ key: null, value: null })).toBe(0);
    expect(messageBytes({ key: Buffer.alloc(4), value: Buffer.alloc(6) })).toBe(10);
  });
});

describe('SendQueue', () => {
  const limits = { maxBatchMessages: 3, maxBatchBytes: 100, maxQueueBytes: 250 };
  const entry = (bytes: number, ticket = new Ticket(1)): QueueEntry => ({ topic: 't', message: { key: 'k', value: 'v' }, bytes, ticket });

  it('takes batches in queue order, bounded by count', () => {
    const q = new SendQueue(limits);
    const es = [1, 2, 3, 4].map(() => entry(10));
    q.offer(es);
    expect(q.take()).toEqual(es.slice(0, 3));
    expect(q.take()).toEqual(es.slice(3));
    expect(q.length).toBe(0);
    expect(q.bytes).toBe(0);
  });

  it('takes batches bounded by bytes, and a message larger than a batch alone', () => {
    const q = new SendQueue({ ...limits, maxQueueBytes: 1_000 });
    const [a, b, big, c] = [entry(60), entry(30), entry(150), entry(20)];
    q.offer([a, b, big, c]);
    expect(q.take()).toEqual([a, b]);
    expect(q.take()).toEqual([big]);
    expect(q.take()).toEqual([c]);
  });

  it('refuses a whole offer that would pass its byte limit, and takes it once there is room', () => {
    const q = new SendQueue(limits);
    expect(q.offer([entry(100), entry(100)])).toBe(true);
    expect(q.offer([entry(30), entry(30)])).toBe(false);
    expect(q.length).toBe(2);
    expect(q.bytes).toBe(200);
    q.take();
    expect(q.offer([entry(30), entry(30)])).toBe(true);
  });

  it('says it is full at the count or byte limit of one batch', () => {
    const q = new SendQueue(limits);
    q.offer([entry(10), entry(10)]);
    expect(q.full).toBe(false);
    q.offer([entry(80)]);
    expect(q.full).toBe(true);
  });

  it('withdraws a ticket none of whose messages was taken, and never one that was', () => {
    const q = new SendQueue(limits);
    const early = new Ticket(2);
    const late = new Ticket(1);
    q.offer([entry(10, early), entry(10, early)]);
    q.offer([entry(10, late)]);
    expect(q.take()).toHaveLength(3);
    expect(early.taken).toBe(true);
    expect(q.withdraw(early)).toEqual([]);

    const waiting = new Ticket(1);
    q.offer([entry(10), entry(10), entry(10)]);
    const mine = entry(15, waiting);
    q.offer([mine]);
    q.take();
    expect(q.withdraw(waiting)).toEqual([mine]);
    expect(q.length).toBe(0);
    expect(q.bytes).toBe(0);
    expect(waiting.taken).toBe(false);
  });
});
