import mongoose from 'mongoose';

const { MongoError, MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError } =
  mongoose.mongo;

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
  if (err.hasErrorLabel('RetryableWriteError')) return true;
  return typeof err.code === 'number' && RETRIABLE_CODES.has(err.code);
}
