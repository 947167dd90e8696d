import { PassThrough, Readable } from 'node:stream';
import { BodyBudget, readBody, type BodyLimits } from './read-body';

const streamOf = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));
const limits = (overrides: Partial<BodyLimits> = {}): BodyLimits => ({
  limit: 100,
  declaredLength: undefined,
  idleTimeoutMs: 1_000,
  hold: new BodyBudget(1_000).hold(),
  ...overrides,
});

describe('readBody', () => {
  it('returns the exact bytes sent', async () => {
    await expect(readBody(streamOf('{"a":', '1}'), limits())).resolves.toEqual({ ok: true, bytes: Buffer.from('{"a":1}') });
  });

  it.each([
    ['a body over the limit', ['12345', '6'], 5, undefined],
    ['a declared length over the limit', ['1'], 5, 6],
  ])('refuses %s', async (_name, parts, limit, declared) => {
    await expect(readBody(streamOf(...parts), limits({ limit, declaredLength: declared }))).resolves.toEqual({ ok: false, reason: 'too_large' });
  });

  it('accepts a body of exactly the limit', async () => {
    await expect(readBody(streamOf('12345'), limits({ limit: 5, declaredLength: 5 }))).resolves.toEqual({ ok: true, bytes: Buffer.from('12345') });
  });

  it('gives up on a sender that stops sending mid-body', async () => {
    const stream = new PassThrough();
    const read = readBody(stream, limits({ idleTimeoutMs: 20 }));
    stream.write('{"a":');

    await expect(read).resolves.toEqual({ ok: false, reason: 'stalled' });
  });

  it('keeps waiting while the sender keeps sending, slower in total than the idle timeout', async () => {
    const stream = new PassThrough();
    const read = readBody(stream, limits({ idleTimeoutMs: 50 }));
    for (const part of ['{"a"', ':', '1', '}']) {
      stream.write(part);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    stream.end();

    await expect(read).resolves.toEqual({ ok: true, bytes: Buffer.from('{"a":1}') });
  });

  it('refuses a declared body the budget cannot take, before reading it', async () => {
    const budget = new BodyBudget(10);
    budget.hold().reserve(6);

    await expect(readBody(streamOf('12345'), limits({ declaredLength: 5, hold: budget.hold() }))).resolves.toEqual({ ok: false, reason: 'overloaded' });
    expect(budget.inFlight).toBe(6);
  });

  it('stops reading an undeclared body once the budget is spent', async () => {
    const budget = new BodyBudget(8);
    const hold = budget.hold();

    await expect(readBody(streamOf('12345', '6789'), limits({ hold }))).resolves.toEqual({ ok: false, reason: 'overloaded' });
    expect(hold.held).toBe(5);
    hold.release();
    expect(budget.inFlight).toBe(0);
  });

  it('holds a read body in the budget until released', async () => {
    const budget = new BodyBudget(100);
    const hold = budget.hold();

    await readBody(streamOf('12345', '678'), limits({ hold, declaredLength: 8 }));
    expect(budget.inFlight).toBe(8);
    hold.release();
    expect(budget.inFlight).toBe(0);
  });
});

describe('BodyBudget', () => {
  it('accounts holds up to its capacity, and frees each once', () => {
    const budget = new BodyBudget(10);
    const a = budget.hold();
    const b = budget.hold();

    expect(a.reserve(6)).toBe(true);
    expect(b.reserve(5)).toBe(false);
    expect(b.reserve(4)).toBe(true);
    expect(budget.inFlight).toBe(10);
    expect(a.reserve(1)).toBe(false);

    a.release();
    a.release();
    expect(budget.inFlight).toBe(4);
    expect(a.reserve(1)).toBe(false);
    expect(b.reserve(6)).toBe(true);
    b.release();
    expect(budget.inFlight).toBe(0);
  });

  it.each([
    [[3, 3, 3], 9],
    [[10], 10],
    [[11], 0],
    [[4, 7], 4],
  ])('reserving %j in one hold takes %d', (reservations, taken) => {
    const budget = new BodyBudget(10);
    const hold = budget.hold();
    for (const n of reservations) hold.reserve(n);

    expect([budget.inFlight, hold.held]).toEqual([taken, taken]);
  });
});
