import fc from 'fast-check';
import { checkJsonBounds, invalidUtf8Offset, JSON_BOUNDS } from './check-json-bounds';
import { parseJsonBody } from './normalize-event';

const small = { maxDepth: 3, maxKeysPerObject: 3, maxItemsPerArray: 3, maxKeyLength: 5 };
const nestedObjects = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
const nestedArrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** Depth as the definition says: each object or array one level, the outermost level 1. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe('checkJsonBounds', () => {
  it.each([
    ['a scalar', '"text"'],
    ['three levels of objects', '{"a":{"b":{"c":1}}}'],
    ['three levels of arrays', '[[[1]]]'],
    ['brackets inside strings', '{"a":"[[[[{{{{","b":"\\"[[[["}'],
    ['three keys', '{"a":1,"b":2,"c":3}'],
    ['three items', '[1,2,3]'],
    ['commas inside strings', '["a,b,c,d,e"]'],
    ['a key of five characters', '{"abcde":1}'],
    ['an escaped key of five characters', '{"\\u0061bcde":1}'],
    ['a long string value', `{"a":"${'x'.repeat(10_000)}"}`],
    ['empty containers', '{"a":[],"b":{}}'],
    ['a NUL in a value', '{"a":"\\u0000"}'],
  ])('accepts %s', (_name, text) => {
    expect(checkJsonBounds(text, small)).toEqual({ ok: true });
  });

  it.each([
    ['four levels of objects', '{"a":{"b":{"c":{}}}}', 'is nested deeper than 3 levels', 'a.b.c'],
    ['four levels of arrays', '[[[[]]]]', 'is nested deeper than 3 levels', '0.0.0'],
    ['depth reached inside an array item', '[1,2,{"x":[[]]}]', 'is nested deeper than 3 levels', '2.x.0'],
    ['four keys', '{"a":{"k1":1,"k2":2,"k3":3,"k4":4}}', 'has more than 3 keys in one object', 'a'],
    ['four items', '{"list":[1,2,3,4]}', 'has more than 3 items in one array', 'list'],
    ['four items at the top', '[1,2,3,4]', 'has more than 3 items in one array', 'the top level'],
    ['a key of six characters', '{"a":{"abcdef":1}}', 'has a key longer than 5 characters', 'a'],
    ['a NUL in a key', '{"data":{"a\\u0000b":1}}', 'has a key with a NUL character (\\u0000)', 'data'],
    ['a dotted key on the way', '{"a.b":{"c":{"d":{}}}}', 'is nested deeper than 3 levels', '"a.b".c.d'],
  ])('refuses %s, naming the limit and where', (_name, text, problem, path) => {
    expect(checkJsonBounds(text, small)).toEqual({ ok: false, problem, path });
  });

  it.each([
    ['{"data":{"__proto__":{}}}', '__proto__', 'data'],
    ['{"\\u005f_proto__":1}', '__proto__', 'the top level'],
    ['{"a":[{"constructor":{}}]}', 'constructor', 'a.0'],
    ['{"a":{"b":1,"prototype":2}}', 'prototype', 'a'],
  ])('refuses %s: a key named %s, which the store mapper drops', (text, key, path) => {
    expect(checkJsonBounds(text)).toEqual({ ok: false, problem: `has a key named "${key}"`, path });
  });

  it('cuts long keys in the path it names', () => {
    const key = 'k'.repeat(100);
    const result = checkJsonBounds(`{"${key}":[[[1]]]}`, { ...small, maxKeyLength: 100 });
    expect(result).toEqual({ ok: false, problem: 'is nested deeper than 3 levels', path: `"${'k'.repeat(40)}…".0.0` });
  });

  it('accepts the documented depth of 32 and refuses 33', () => {
    expect(checkJsonBounds(nestedObjects(32))).toEqual({ ok: true });
    expect(checkJsonBounds(nestedArrays(33))).toEqual(expect.objectContaining({ ok: false, problem: 'is nested deeper than 32 levels' }));
  });

  it('scans a 1 MiB body of open brackets without parsing it or exhausting the stack', () => {
    const text = '['.repeat(1024 * 1024);
    expect(checkJsonBounds(text)).toEqual({ ok: false, problem: 'is nested deeper than 32 levels', path: Array(32).fill('0').join('.') });
  });

  it('agrees with the depth and counts of the parsed value for any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value);
        const bounds = { ...small, maxDepth: 4, maxKeyLength: 1_000 };
        const counts: number[] = [];
        const walk = (v: unknown): void => {
          if (v === null || typeof v !== 'object') return;
          counts.push(Array.isArray(v) ? v.length : Object.keys(v).length);
          (Array.isArray(v) ? v : Object.values(v)).forEach(walk);
        };
        walk(value);
        const within = depthOf(value) <= 4 && counts.every((n) => n <= 3);
        return checkJsonBounds(text, bounds).ok === within;
      }),
      { numRuns: 500 },
    );
  });
});

describe('invalidUtf8Offset', () => {
  it.each([
    ['ASCII', [0x7b, 0x7d], -1],
    ['two, three and four byte sequences', [...Buffer.from('é€😀')], -1],
    ['a lone continuation byte', [0x41, 0x80], 1],
    ['a truncated sequence', [0x41, 0xe2, 0x82], 1],
    ['an overlong encoding of "/"', [0xc0, 0xaf], 0],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf], 0],
    ['an encoded surrogate', [0xed, 0xa0, 0x80], 0],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['Latin-1 text', [0x22, 0x63, 0x61, 0x66, 0xe9, 0x22], 4],
  ])('%s', (_name, bytes, offset) => {
    expect(invalidUtf8Offset(Uint8Array.from(bytes))).toBe(offset);
  });

  it('agrees with the platform decoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), (bytes) => {
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          valid = false;
        }
        return (invalidUtf8Offset(bytes) === -1) === valid;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseJsonBody within the bounds', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it('refuses bytes that are not UTF-8, naming the first bad byte', () => {
    expect(parseJsonBody(Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toEqual({ ok: false, message: 'body is not valid UTF-8 (byte 6 starts no valid sequence)' });
  });

  it('refuses a body nested deeper than the limit, naming where', () => {
    expect(parseJsonBody(bytes(`{"data":${nestedObjects(32)}}`))).toEqual({ ok: false, message: `body is nested deeper than 32 levels at data${'.a'.repeat(31)}` });
  });

  it('answers a message, not a throw, for 500,000 levels', () => {
    const result = parseJsonBody(bytes(`${'['.repeat(500_000)}${']'.repeat(500_000)}`));
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^body is nested deeper than 32 levels at 0\.0/) });
  });

  it('parses a body at the limits', () => {
    const keys = Object.fromEntries(Array.from({ length: JSON_BOUNDS.maxKeysPerObject }, (_, i) => [`k${i}`, i]));
    const body = { keys, items: Array(JSON_BOUNDS.maxItemsPerArray).fill(0), ['k'.repeat(JSON_BOUNDS.maxKeyLength)]: JSON.parse(nestedObjects(31)) };
    expect(parseJsonBody(bytes(JSON.stringify(body)))).toEqual({ ok: true, body });
  });

  it('keeps other keys named like prototype members as own keys', () => {
    const result = parseJsonBody(bytes('{"toString":"x","valueOf":{},"hasOwnProperty":1,"Constructor":2,"__proto":3}'));
    expect(result.ok && Object.keys(result.body as object)).toEqual(['toString', 'valueOf', 'hasOwnProperty', 'Constructor', '__proto']);
  });
});
