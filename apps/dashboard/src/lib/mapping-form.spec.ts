import { inputOf, inputsFor, literalOf, mappingFields, paramsOf, verdictOf, type CheckedParam } from './mapping-form';

describe('literalOf', () => {
  it.each([
    ['task-assigned', 'task-assigned'],
    ['"quoted"', 'quoted'],
    ['true', true],
    ['3', 3],
    ['["a","b"]', ['a', 'b']],
    ['{"id":"x"}', { id: 'x' }],
  ])('reads %s as %j', (text, value) => {
    expect(literalOf(text)).toEqual(value);
  });
});

describe('paramsOf and inputOf', () => {
  it('saves typed paths and literals, leaving empty inputs unmapped', () => {
    const params = paramsOf([
      { name: 'key', mode: 'literal', text: 'task-assigned' },
      { name: 'recipients', mode: 'path', text: ' data.assigned_to ' },
      { name: 'actor', mode: 'path', text: '' },
      { name: ' ', mode: 'path', text: 'data.x' },
    ]);
    expect(params).toEqual({ key: { literal: 'task-assigned' }, recipients: { path: 'data.assigned_to' } });
  });

  it('shows a stored mapping as it was typed, strings without quotes', () => {
    expect(inputOf('key', { literal: 'task-assigned' })).toEqual({ name: 'key', mode: 'literal', text: 'task-assigned' });
    expect(inputOf('n', { literal: 3 })).toEqual({ name: 'n', mode: 'literal', text: '3' });
    // A string that would read back as something else keeps its quotes.
    expect(inputOf('s', { literal: 'true' })).toEqual({ name: 's', mode: 'literal', text: '"true"' });
    expect(inputOf('recipients', { path: 'data.to' })).toEqual({ name: 'recipients', mode: 'path', text: 'data.to' });
    for (const source of [{ literal: 'true' }, { literal: 'x' }, { literal: [1] }, { path: 'a.b' }]) expect(paramsOf([inputOf('p', source)])).toEqual({ p: source });
  });
});

describe('verdictOf: a check answer as ✓ or ✕ beside its input', () => {
  const base = { name: 'recipients', param: 'recipients', required: true, kind: 'recipients' };

  it('gives ✓ with the resolved value', () => {
    expect(verdictOf({ ...base, status: 'resolved', value: ['user_7'] })).toEqual({ mark: 'ok', text: '["user_7"]' });
    expect(verdictOf({ ...base, status: 'resolved', value: 'user_7' })).toEqual({ mark: 'ok', text: 'user_7' });
  });

  it('gives ✕ with the api\'s reason', () => {
    const message = 'required field "recipients" is missing (path "data.assigne" does not resolve)';
    expect(verdictOf({ ...base, status: 'unresolved', reason: 'missing_field', field: 'recipients', message })).toEqual({ mark: 'bad', text: message });
  });

  it('gives a quiet note for an optional parameter left out, and nothing before an answer', () => {
    expect(verdictOf({ ...base, required: false, status: 'omitted', message: 'not mapped' })).toEqual({ mark: 'none', text: 'not mapped' });
    expect(verdictOf(undefined)).toBeNull();
  });

  it('shortens a long value', () => {
    const verdict = verdictOf({ ...base, status: 'resolved', value: 'x'.repeat(500) });
    expect(verdict?.text).toHaveLength(160);
    expect(verdict?.text.endsWith('…')).toBe(true);
  });
});

describe('inputsFor', () => {
  const check = (name: string, param: string | null): CheckedParam => ({ name, param, required: false, kind: param ? 'string' : null, status: 'omitted' });

  it('gives one input per parameter of the action, in its order, then the extra fields typed', () => {
    const checks = [check('key', 'key'), check('recipients', 'recipients'), check('data', 'data'), check('data.title', 'data'), check('nope', null)];
    const typed = [
      { name: 'data.title', mode: 'path' as const, text: 'data.title' },
      { name: 'recipients', mode: 'path' as const, text: 'data.to' },
      { name: 'nope', mode: 'path' as const, text: 'x' },
    ];
    const { own, extra } = inputsFor(checks, typed);
    expect(own).toEqual([{ name: 'key', mode: 'path', text: '' }, typed[1], { name: 'data', mode: 'path', text: '' }]);
    expect(extra).toEqual([typed[0], typed[2]]);
  });
});

describe('mappingFields', () => {
  it('names each input as the api does, longer names first', () => {
    expect(mappingFields([{ name: 'data', mode: 'path', text: '' }, { name: 'data.title', mode: 'path', text: '' }, { name: '', mode: 'path', text: '' }])).toEqual([
      'event_type',
      'action_type',
      'params.data.title',
      'params.data',
      'params',
    ]);
  });
});
