import { deadLetterHeaders, headersToStrings, MAX_ERROR_MESSAGE_LENGTH } from './headers';

describe('headersToStrings', () => {
  it.each([
    ['no headers', undefined, {}],
    ['Buffers as kafkajs delivers them', { traceparent: Buffer.from('00-abc-def-01') }, { traceparent: '00-abc-def-01' }],
    ['strings kept', { a: 'x' }, { a: 'x' }],
    ['UTF-8 decoded', { who: Buffer.from('Zoë') }, { who: 'Zoë' }],
    ['a repeated name: the last value wins', { a: [Buffer.from('1'), Buffer.from('2')] }, { a: '2' }],
    ['an undefined value dropped', { a: undefined, b: Buffer.from('') }, { b: '' }],
  ])('%s', (_what, raw, expected) => {
    expect(headersToStrings(raw)).toEqual(expected);
  });
});

describe('deadLetterHeaders', () => {
  const info = {
    topic: 'inlet.intake.received.v1',
    partition: 3,
    offset: '42',
    errorCode: 'contract_violation',
    errorMessage: 'eventId: Too small',
    consumerGroup: 'verifier',
  };

  it('keeps the original headers and adds where the record came from and why it failed', () => {
    expect(deadLetterHeaders({ traceparent: 't' }, info)).toEqual({
      traceparent: 't',
      'x-inlet-original-topic': 'inlet.intake.received.v1',
      'x-inlet-original-partition': '3',
      'x-inlet-original-offset': '42',
      'x-inlet-error-code': 'contract_violation',
      'x-inlet-error-message': 'eventId: Too small',
      'x-inlet-consumer-group': 'verifier',
    });
  });

  it('overwrites the x-inlet headers of a record that was dead-lettered before', () => {
    expect(deadLetterHeaders({ 'x-inlet-error-code': 'old' }, info)['x-inlet-error-code']).toBe('contract_violation');
  });

  it.each([
    [10, 10],
    [MAX_ERROR_MESSAGE_LENGTH, MAX_ERROR_MESSAGE_LENGTH],
    [MAX_ERROR_MESSAGE_LENGTH + 1, MAX_ERROR_MESSAGE_LENGTH],
    [100_000, MAX_ERROR_MESSAGE_LENGTH],
  ])('an error message of %i characters is written with %i', (length, expected) => {
    const headers = deadLetterHeaders({}, { ...info, errorMessage: 'x'.repeat(length) });
    expect(headers['x-inlet-error-message']).toHaveLength(expected);
  });
});
