import { errorCode, errorMessage, isRetriable } from './classify-error';
import { PipelineError } from './pipeline-error';

function named(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error('boom'), { name }, extra);
}

describe('isRetriable', () => {
  it.each<[string, unknown, boolean]>([
    ['a retriable PipelineError', new PipelineError('kafka_unavailable', 'down', { retriable: true }), true],
    ['a non-retriable PipelineError', new PipelineError('contract_violation', 'bad', { retriable: false }), false],
    [
      'a non-retriable PipelineError wrapping a network error (its own flag wins)',
      new PipelineError('bad_state', 'x', { retriable: false, cause: named('MongoNetworkError') }),
      false,
    ],
    ['a kafkajs error', named('KafkaJSNumberOfRetriesExceeded'), true],
    ['a kafkajs connection error', named('KafkaJSConnectionError'), true],
    ['a MongoDB network error', named('MongoNetworkError'), true],
    ['a MongoDB network timeout', named('MongoNetworkTimeoutError'), true],
    ['a MongoDB server selection error', named('MongoServerSelectionError'), true],
    ['a mongoose server selection error', named('MongooseServerSelectionError'), true],
    ['a MongoDB pool cleared error', named('MongoPoolClearedError'), true],
    ['a MongoDB error labelled RetryableWriteError', named('MongoServerError', { errorLabels: ['RetryableWriteError'] }), true],
    ['a MongoDB duplicate key error', named('MongoServerError', { code: 11000, errorLabels: [] }), false],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), true],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    ['an error caused by a network error', new Error('wrapped', { cause: named('MongoNetworkError') }), true],
    ['a TypeError (a bug)', new TypeError('x is undefined'), false],
    ['a plain Error', new Error('nope'), false],
    ['a thrown string', 'nope', false],
    ['undefined', undefined, false],
  ])('%s → %s', (_what, error, expected) => {
    expect(isRetriable(error)).toBe(expected);
  });

  it('stops following a cause chain that loops', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(isRetriable(a)).toBe(false);
  });
});

describe('errorCode and errorMessage', () => {
  it.each<[unknown, string, string]>([
    [new PipelineError('mapping_invalid', 'field x is missing', { retriable: false }), 'mapping_invalid', 'field x is missing'],
    [new TypeError('x is undefined'), 'unhandled_error', 'TypeError: x is undefined'],
    ['a string', 'unhandled_error', 'a string'],
  ])('%o has code %s and message %s', (error, code, message) => {
    expect(errorCode(error)).toBe(code);
    expect(errorMessage(error)).toBe(message);
  });
});
