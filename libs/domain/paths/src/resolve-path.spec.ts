import fc from 'fast-check';
import { checkPath, resolvePath, type PathRoot } from './resolve-path';

const root: PathRoot = {
  body: {
    event_type: 'task.assigned',
    data: { assigned_to: 'user_1', Title: 'Case', count: 0, flag: false, nothing: null },
    items: [{ id: 'a' }, { id: 'b' }],
    headers: { x: 'from-body' },
    'dotted.key': 'unreachable',
  },
  headers: { 'x-github-event': 'push', 'content-type': 'application/json' },
};

describe('resolvePath', () => {
  it.each([
    ['event_type', 'task.assigned'],
    ['data.assigned_to', 'user_1'],
    ['data.Title', 'Case'],
    ['data.count', 0],
    ['data.flag', false],
    ['data.nothing', null],
    ['items.1.id', 'b'],
    ['items.0', { id: 'a' }],
    ['headers.x-github-event', 'push'],
    ['headers.X-GitHub-Event', 'push'],
    ['body.headers.x', 'from-body'],
    ['body.event_type', 'task.assigned'],
    ['data', root.body && (root.body as Record<string, unknown>).data],
  ])('resolves %s', (path, expected) => {
    expect(resolvePath(root, path)).toEqual({ found: true, value: expected });
  });

  it.each([
    ['data.title', 'paths are case-sensitive'],
    ['data.assigned_to.id', 'a string has no fields'],
    ['items.2.id', 'index out of range'],
    ['items.01', 'not a canonical index'],
    ['items.length', 'array members are indexes only'],
    ['headers.x', 'the request has no such header'],
    ['missing', 'no such key'],
    ['data..x', 'empty segment'],
    ['', 'empty path'],
    ['headers', 'a bare prefix'],
    ['__proto__', 'prototype of the body'],
    ['constructor', 'prototype member'],
    ['data.toString', 'prototype member'],
    ['event_type.length', 'string property'],
  ])('does not resolve %s (%s)', (path) => {
    expect(resolvePath(root, path)).toEqual({ found: false });
  });

  it('reads an own key named like a prototype member when the payload has one', () => {
    const body = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "mine"}');
    expect(resolvePath({ body, headers: {} }, 'constructor')).toEqual({ found: true, value: 'mine' });
    expect(resolvePath({ body, headers: {} }, '__proto__.polluted')).toEqual({ found: true, value: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws and never returns a prototype member', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    const segment = fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'length', 'headers', 'body', '0', '1'),
      fc.string({ maxLength: 6 }),
    );
    const path = fc.array(segment, { minLength: 0, maxLength: 6 }).map((s) => s.join('.'));
    fc.assert(
      fc.property(json, path, fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })), (body, p, headers) => {
        const result = resolvePath({ body, headers }, p);
        if (!result.found) return true;
        const v = result.value;
        return typeof v !== 'function' && v !== Object.prototype && v !== Array.prototype && v !== String.prototype;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('checkPath', () => {
  it.each([
    ['a.b', true],
    ['headers.x-id', true],
    ['', false],
    ['a..b', false],
    ['.a', false],
    ['body', false],
    ['a.'.repeat(40) + 'a', false],
  ])('%s is well formed: %s', (path, ok) => {
    expect(checkPath(path).ok).toBe(ok);
  });
});
