import mongoose from 'mongoose';
import { isRetriableMongoError } from './is-retriable-mongo-error';

const { MongoBulkWriteError, MongoNetworkError, MongoNetworkTimeoutError, MongoServerError, MongoTopologyClosedError } =
  mongoose.mongo;

function validationError(): unknown {
  const Event = mongoose.model('Event', new mongoose.Schema({ eventId: { type: String, required: true } }));
  return new Event({}).validateSync();
}

function castError(): unknown {
  return new mongoose.Error.CastError('Number', 'abc', 'attempt');
}

async function serverSelectionError(): Promise<unknown> {
  // Port 1 refuses at once; the driver still waits out serverSelectionTimeoutMS, kept short here.
  const connection = mongoose.createConnection('mongodb://127.0.0.1:1/test', { serverSelectionTimeoutMS: 100 });
  try {
    await connection.asPromise();
  } catch (err) {
    return err;
  } finally {
    await connection.close(true).catch(() => undefined);
  }
  throw new Error('expected the connection to fail');
}

describe('isRetriableMongoError', () => {
  it.each([
    ['a network error', new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed')],
    ['a network timeout', new MongoNetworkTimeoutError('connection timed out')],
    ['a closed client', new MongoTopologyClosedError()],
    ['not primary', new MongoServerError({ code: 10107, errmsg: 'not primary' })],
    ['a stepped-down primary', new MongoServerError({ code: 189, errmsg: 'primary stepped down' })],
    ['a server shutting down', new MongoServerError({ code: 91, errmsg: 'shutdown in progress' })],
    ['a retryable write label', new MongoServerError({ code: 1, errmsg: 'x', errorLabels: ['RetryableWriteError'] })],
    ['a bulk write that lost its connection', new MongoBulkWriteError(new MongoNetworkError('connection 4 to 127.0.0.1:41827 closed'), { insertedCount: 0 } as never)],
    ['a bulk write refused a connection', new MongoBulkWriteError(new Error('connect ECONNREFUSED 127.0.0.1:41827'), { insertedCount: 0 } as never)],
    ['a pool reset label', new MongoServerError({ code: 1, errmsg: 'x', errorLabels: ['ResetPool'] })],
    ['mongoose buffering timeout', new mongoose.Error('Operation `events.insertOne()` buffering timed out after 10000ms')],
  ])('retries %s', (_name, err) => {
    expect(isRetriableMongoError(err)).toBe(true);
  });

  it('retries a real server selection timeout', async () => {
    expect(isRetriableMongoError(await serverSelectionError())).toBe(true);
  });

  it.each([
    ['a duplicate key', new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key error' })],
    [
      'a bulk write of duplicates',
      new MongoBulkWriteError({ message: 'E11000 duplicate key error', code: 11000, writeErrors: [] }, { insertedCount: 0 } as never),
    ],
    [
      'a bulk write with a rejected document',
      new MongoBulkWriteError({ message: 'bad', code: 2, writeErrors: [{ code: 2, errmsg: 'BadValue' }] as never }, { insertedCount: 0 } as never),
    ],
    ['a bulk write that failed before reaching the server', new MongoBulkWriteError(new RangeError('Maximum call stack size exceeded'), { insertedCount: 0 } as never)],
    ['a document nested too deep', new MongoBulkWriteError({ message: 'Overflow', code: 15 }, { insertedCount: 0 } as never)],
    ['a bad value', new MongoServerError({ code: 2, errmsg: 'BadValue' })],
    ['a validation error', validationError()],
    ['a cast error', castError()],
    ['a plain error', new Error('ECONNREFUSED')],
    ['a string', 'network error'],
    ['undefined', undefined],
  ])('does not retry %s', (_name, err) => {
    expect(isRetriableMongoError(err)).toBe(false);
  });
});
