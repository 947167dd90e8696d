import { z } from 'zod';
import { parseRequest } from './parse-request';

const Body = z.object({ key: z.string().regex(/^[a-z]+$/, 'lower-case letters only'), settings: z.object({ max: z.number().max(10) }).strict().optional() }).strict();

describe('parseRequest', () => {
  it('returns the parsed value', () => {
    expect(parseRequest(Body, { key: 'abc' })).toEqual({ key: 'abc' });
  });

  it.each([
    [{ key: 'A' }, 'key: lower-case letters only'],
    [{}, 'key: '],
    [{ key: 'a', settings: { max: 11 } }, 'settings.max: '],
    [{ key: 'a', extra: 1 }, 'unknown field(s) extra'],
    [{ key: 'a', settings: { max: 1, nope: true } }, 'settings: unknown field(s) nope'],
  ])('refuses %j naming the field', (body, message) => {
    expect(() => parseRequest(Body, body)).toThrow(expect.objectContaining({ message: expect.stringContaining(message) }));
  });
});
