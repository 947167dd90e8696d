import { looksLikeEventType, pathOf, valueAt } from './payload-paths';

describe('pathOf', () => {
  it.each([
    [['type'], 'type'],
    [['data', 'kind'], 'data.kind'],
    [['items', 0, 'type'], 'items.0.type'],
  ])('writes %j as the dot path %s', (segments, path) => {
    expect(pathOf(segments)).toBe(path);
  });

  it.each([[[]], [['a.b']], [['data', '']], [['__proto__', 'x']]])('offers no path for %j, which a dot path cannot name', (segments) => {
    expect(pathOf(segments)).toBeNull();
  });
});

describe('valueAt', () => {
  const body = { type: 'task.assigned', data: { items: [{ id: 'x' }] } };

  it('reads nested fields and array indexes', () => {
    expect(valueAt(body, 'data.items.0.id')).toBe('x');
  });

  it('never reaches prototype members', () => {
    expect(valueAt(body, 'constructor')).toBeUndefined();
    expect(valueAt(body, 'data.toString')).toBeUndefined();
  });
});

describe('looksLikeEventType', () => {
  it.each([
    ['task.assigned', true],
    ['', false],
    ['two words', false],
    [42, false],
  ])('%j: %s', (value, expected) => {
    expect(looksLikeEventType(value)).toBe(expected);
  });
});
