import { Readable } from 'node:stream';
import { readBody } from './read-body';

const streamOf = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));

describe('readBody', () => {
  it('returns the exact bytes sent', async () => {
    await expect(readBody(streamOf('{"a":', '1}'), 100, undefined)).resolves.toEqual({ ok: true, bytes: Buffer.from('{"a":1}') });
  });

  it.each([
    ['a body over the limit', ['12345', '6'], 5, undefined],
    ['a declared length over the limit', ['1'], 5, 6],
  ])('refuses %s', async (_name, parts, limit, declared) => {
    await expect(readBody(streamOf(...parts), limit, declared)).resolves.toEqual({ ok: false, reason: 'too_large' });
  });

  it('accepts a body of exactly the limit', async () => {
    await expect(readBody(streamOf('12345'), 5, 5)).resolves.toEqual({ ok: true, bytes: Buffer.from('12345') });
  });
});
