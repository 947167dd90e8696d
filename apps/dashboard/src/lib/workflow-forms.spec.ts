import { dataLines, headerLines, isSettled, parseBody, parseDataLines, parseHeaderLines, runIdsOf, triggerMappingFrom } from './workflow-forms';

describe('trigger data lines', () => {
  it('reads field = path lines, and no line as the default (every property)', () => {
    expect(parseDataLines(' plan = properties.plan \n\nseats=properties.seats')).toEqual({ data: { plan: 'properties.plan', seats: 'properties.seats' } });
    expect(parseDataLines('  \n')).toEqual({});
  });

  it('names the line that is not field = path', () => {
    expect(parseDataLines('plan = properties.plan\nseats').error).toMatch(/^line 2: /);
    expect(parseDataLines('= properties.plan').error).toMatch(/^line 1: /);
  });

  it('writes them back in the order stored', () => {
    const data = { plan: 'properties.plan', seats: 'data.seats' };
    expect(parseDataLines(dataLines(data)).data).toEqual(data);
    expect(dataLines(undefined)).toBe('');
  });

  it('leaves empty fields out so the defaults apply', () => {
    expect(triggerMappingFrom({ recipients: ' ', actor: 'properties.by', tenant: '' })).toEqual({ actor: 'properties.by' });
    expect(triggerMappingFrom({ recipients: 'properties.to', actor: '', tenant: '', data: { a: 'b' } })).toEqual({ recipients: 'properties.to', data: { a: 'b' } });
  });
});

describe('test event input', () => {
  it('reads Name: value header lines, a value may hold a colon', () => {
    expect(parseHeaderLines('X-Event: task.assigned\nX-Time: 10:00')).toEqual({ headers: { 'X-Event': 'task.assigned', 'X-Time': '10:00' } });
    expect(parseHeaderLines('no colon here').error).toMatch(/^line 1: /);
    expect(parseHeaderLines(headerLines({ a: '1', 'x-b': '2' })).headers).toEqual({ a: '1', 'x-b': '2' });
  });

  it('says why a body is not JSON, or is missing', () => {
    expect(parseBody('{"a":1}')).toEqual({ body: { a: 1 } });
    expect(parseBody('{a:1}').error).toMatch(/^not JSON: /);
    expect(parseBody(' ').error).toMatch(/^required/);
  });

  it('counts a log final once neither it nor an action is pending', () => {
    expect(isSettled({ status: 'pending', actions: [] })).toBe(false);
    expect(isSettled({ status: 'processed', actions: [{ status: 'pending' }] })).toBe(false);
    expect(isSettled({ status: 'processed', actions: [{ status: 'success' }, { status: 'skipped' }] })).toBe(true);
    expect(isSettled({ status: 'invalid_json', actions: [] })).toBe(true);
  });

  it('finds the workflow runs an action made', () => {
    expect(runIdsOf({ workflow: 'w', workflow_run_ids: ['r1', 'r2'] })).toEqual(['r1', 'r2']);
    expect(runIdsOf(null)).toEqual([]);
    expect(runIdsOf({ id: 'u1' })).toEqual([]);
  });
});
