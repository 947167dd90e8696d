import { batchAnswerBody, contentTypeProblem, isJsonContentType } from './legacy-http';

describe('isJsonContentType', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', ' application/json '])('accepts %j', (value) => {
    expect(isJsonContentType(value)).toBe(true);
  });

  it.each([null, '', 'text/plain', 'application/x-www-form-urlencoded', 'application/vnd.api+json', 'application/jsonp', 'text/json', 'application/json-seq'])('refuses %j', (value) => {
    expect(isJsonContentType(value)).toBe(false);
  });
});

describe('contentTypeProblem', () => {
  it.each([
    [null, 'headers.content-type: required, and must be application/json'],
    ['  ', 'headers.content-type: required, and must be application/json'],
    ['text/plain', 'headers.content-type: must be application/json, not "text/plain"'],
  ])('explains %j', (value, message) => {
    expect(contentTypeProblem(value)).toBe(message);
  });
});

describe('batchAnswerBody', () => {
  const outcomes = [
    { index: 0, eventId: 'evt_a', check: { ok: true } as const },
    { index: 1, eventId: 'evt_b', check: { ok: false, field: 'event', message: 'required' } as const },
    { index: 2, eventId: 'evt_c', check: { ok: true } as const },
  ];

  it('lists each item in order with its log id and its error, and counts them', () => {
    expect(batchAnswerBody(outcomes, true)).toEqual({
      items: [
        { index: 0, status: 'accepted', id: 'evt_a' },
        { index: 1, status: 'rejected', id: 'evt_b', error: { code: 'invalid_event', message: 'event: required' } },
        { index: 2, status: 'accepted', id: 'evt_c' },
      ],
      accepted: 2,
      rejected: 1,
    });
  });

  it('gives a refused item no id when its refusal could not be logged', () => {
    expect(batchAnswerBody(outcomes, false).items[1]).toEqual({ index: 1, status: 'rejected', error: { code: 'invalid_event', message: 'event: required' } });
  });
});
