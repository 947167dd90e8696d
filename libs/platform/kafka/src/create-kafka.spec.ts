import { logLevel } from 'kafkajs';
import { kafkajsLevelFor, pinoMethodFor } from './create-kafka';

describe('kafkajs log levels', () => {
  it.each([
    ['silent', logLevel.NOTHING],
    ['fatal', logLevel.ERROR],
    ['error', logLevel.ERROR],
    ['warn', logLevel.WARN],
    ['info', logLevel.INFO],
    ['debug', logLevel.DEBUG],
    ['trace', logLevel.DEBUG],
  ])('a pino logger at %s lets kafkajs log at level %i', (pinoLevel, expected) => {
    expect(kafkajsLevelFor(pinoLevel)).toBe(expected);
  });

  it.each([
    [logLevel.ERROR, 'Consumer', 'error'],
    [logLevel.ERROR, 'Connection', 'info'],
    [logLevel.WARN, 'Connection', 'warn'],
    [logLevel.WARN, 'Producer', 'warn'],
    [logLevel.INFO, 'ConsumerGroup', 'info'],
    [logLevel.DEBUG, 'Connection', 'debug'],
  ])('kafkajs level %i from %s is written with pino %s', (level, namespace, expected) => {
    expect(pinoMethodFor(level, namespace)).toBe(expected);
  });

  it('writes the warning about limited idempotent retries at debug: the publisher re-sends the same batch itself', () => {
    expect(pinoMethodFor(logLevel.WARN, 'Producer', 'Limiting retries for the idempotent producer may invalidate EoS guarantees')).toBe('debug');
    expect(pinoMethodFor(logLevel.WARN, 'Producer', 'Something else')).toBe('warn');
  });
});
