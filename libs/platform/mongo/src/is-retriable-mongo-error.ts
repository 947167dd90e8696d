import mongoose from 'mongoose';

const { MongoBulkWriteError, MongoError, MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError } =
  mongoose.mongo;

/** How the driver words a lost or refused connection. */
const CONNECTION_LOST = /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|connection \S+ to \S+ (closed|timed out)|socket|not connected|topology (is )?closed|pool .*(cleared|closed)/i;

/** Labels the driver puts on errors that are safe to retry, or that reset a connection pool. */
const RETRIABLE_LABELS = ['RetryableWriteError', 'ResetPool', 'NetworkError', 'TransientTransactionError'];

// The server codes the driver itself retries reads and writes on: the node is unreachable,
// stepping down, shutting down or not (yet) primary. Everything else (11000 duplicate key,
// validation, bad query) fails the same way again.
const RETRIABLE_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  134, // ReadConcernMajorityNotAvailableYet
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/**
 * True when the same operation may succeed later: the store is unreachable, has no primary or is
 * shutting down. False for errors that would repeat: validation, cast, duplicate key, and anything
 * that is not a MongoDB error at all.
 */
export function isRetriableMongoError(err: unknown): boolean {
  // mongoose's wrapper for "no server answered within serverSelectionTimeoutMS".
  if (err instanceof mongoose.Error.MongooseServerSelectionError) return true;
  // mongoose queues model calls while disconnected and gives up with this plain MongooseError.
  if (err instanceof mongoose.Error && /buffering timed out/.test(err.message)) return true;
  if (!(err instanceof MongoError)) return false;
  if (
    err instanceof MongoNetworkError ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoTopologyClosedError
  ) {
    return true;
  }
  if (RETRIABLE_LABELS.some((label) => err.hasErrorLabel(label))) return true;
  // A bulk write that lost its connection is reported as a MongoBulkWriteError with neither a server
  // code nor a write error, and only its message says what happened: the server never answered, so
  // the same writes may succeed once it is back.
  if (err instanceof MongoBulkWriteError && err.code === undefined && writeErrorsOf(err).length === 0 && CONNECTION_LOST.test(err.message)) return true;
  return typeof err.code === 'number' && RETRIABLE_CODES.has(err.code);
}

function writeErrorsOf(err: InstanceType<typeof MongoBulkWriteError>): unknown[] {
  const { writeErrors } = err as { writeErrors?: unknown };
  if (Array.isArray(writeErrors)) return writeErrors;
  return writeErrors ? [writeErrors] : [];
}
