import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

type PinoMethod = 'error' | 'warn' | 'info' | 'debug';

/** kafkajs only logs what its level lets through, so derive it from the pino logger's level. */
export function kafkajsLevelFor(pinoLevel: string): logLevel {
  switch (pinoLevel) {
    case 'silent':
      return logLevel.NOTHING;
    case 'fatal':
    case 'error':
      return logLevel.ERROR;
    case 'warn':
      return logLevel.WARN;
    case 'info':
      return logLevel.INFO;
    default:
      return logLevel.DEBUG;
  }
}

/**
 * kafkajs logs every error response of the broker at ERROR from its Connection, although it
 * retries them (NOT_LEADER right after a topic is created, a coordinator still loading, a
 * rebalance in progress): those are written at info, or `npm start` would show them as warnings at
 * every fresh start. What kafkajs gives up on reaches the caller as an error, and is logged there.
 */
export function pinoMethodFor(level: logLevel, namespace: string, message = ''): PinoMethod {
  if (level === logLevel.ERROR && namespace === 'Connection') return 'info';
  // The publisher limits kafkajs' retries on purpose and re-sends the identical batch itself, which
  // keeps the idempotent producer's guarantee that kafkajs warns about at every start.
  if (level === logLevel.WARN && message.startsWith('Limiting retries for the idempotent producer')) return 'debug';
  switch (level) {
    case logLevel.ERROR:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    default:
      return 'debug';
  }
}

/** A kafkajs client whose own logs go to pino (never to the console). */
export function createKafka(opts: { brokers: string[]; clientId: string; logger: Logger }): Kafka {
  const log = opts.logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    connectionTimeout: 3_000,
    // Fetch and JoinGroup extend this with their own wait times; everything else (metadata,
    // produce, commit, heartbeat) should answer well within it.
    requestTimeout: 10_000,
    logLevel: kafkajsLevelFor(opts.logger.level),
    logCreator:
      () =>
      ({ namespace, level, log: entry }: LogEntry) => {
        const { message, timestamp: _timestamp, logger: _logger, ...extra } = entry;
        log[pinoMethodFor(level, namespace, message)]({ namespace, ...extra }, message);
      },
  });
}
