import { groupByTopic, Ticket } from './send-queue';

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
