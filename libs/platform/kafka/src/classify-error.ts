import { PipelineError } from './pipeline-error';

// The one place that decides whether a handler failure is worth retrying. A PipelineError says so
// itself; otherwise only failures of the infrastructure (broker, database, network) are retried,
// because everything else (a bug, bad data) fails the same way on every attempt.

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** kafkajs errors, and the MongoDB driver's (and mongoose's) connection-level errors. */
const RETRIABLE_NAME = /^(KafkaJS|MongoNetwork|MongoServerSelection|MongooseServerSelection|MongoPoolCleared|MongoNotConnected|MongoTopologyClosed|MongoWaitQueueTimeout)/;

/** Labels the MongoDB driver puts on errors that are safe to retry. */
const RETRIABLE_LABELS = ['RetryableWriteError', 'TransientTransactionError', 'ResetPool'];

const MAX_CAUSE_DEPTH = 5;

export function isRetriable(error: unknown, depth = 0): boolean {
  if (error instanceof PipelineError) return error.retriable;
  if (typeof error !== 'object' || error === null || depth > MAX_CAUSE_DEPTH) return false;
  const e = error as { name?: unknown; code?: unknown; errorLabels?: unknown; cause?: unknown };
  if (typeof e.name === 'string' && RETRIABLE_NAME.test(e.name)) return true;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (Array.isArray(e.errorLabels) && e.errorLabels.some((l) => RETRIABLE_LABELS.includes(l))) return true;
  return isRetriable(e.cause, depth + 1);
}

/** The stable code written to the dead-letter headers. */
export function errorCode(error: unknown): string {
  return error instanceof PipelineError ? error.code : 'unhandled_error';
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error instanceof PipelineError ? error.message : `${error.name}: ${error.message}`;
  return String(error);
}
