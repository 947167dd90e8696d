import { traceIdOf } from './trace-id';

describe('traceIdOf', () => {
  it.each([
    ['a sampled traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['an unsampled traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['surrounding whitespace', ' 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 ', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['a later version with more fields', '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['no header', undefined, undefined],
    ['an empty header', '', undefined],
    ['garbage', 'not-a-traceparent', undefined],
    ['uppercase hex', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01', undefined],
    ['a short trace id', '00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01', undefined],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01', undefined],
    ['an all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01', undefined],
    ['the forbidden version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', undefined],
    ['version 00 with an extra field', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra', undefined],
  ])('%s', (_, traceparent, expected) => {
    expect(traceIdOf(traceparent)).toBe(expected);
  });
});
