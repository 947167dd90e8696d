import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';

/**
 * Opens the service's one connection (its own pool; no global mongoose state) and resolves once
 * a server answers. Fails after ~5 s instead of mongoose's 30 s so a misconfigured service dies
 * fast and its supervisor reports it. The URL may carry credentials: it is never logged.
 *
 * Works against mongo-java-server too: nothing here needs transactions or TTL indexes.
 */
export async function connectMongo(opts: {
  url: string;
  dbName: string;
  logger: Logger;
  appName: string;
}): Promise<Connection> {
  const logger = opts.logger.child({ component: 'mongo', dbName: opts.dbName });
  const connection = mongoose.createConnection(opts.url, {
    dbName: opts.dbName,
    appName: opts.appName,
    serverSelectionTimeoutMS: 5_000,
    // Models declare the indexes their queries need; building them at boot keeps one source of truth.
    autoIndex: true,
    // Collections appear on first write. Several services register the same models (the api reads
    // what the event-log writes), and explicit creates from each would race.
    autoCreate: false,
    // Consumers write in bulk: a handful of concurrent bulkWrites per process, not one socket per
    // event. minPoolSize keeps warm sockets so the first batch after idle pays no handshake.
    maxPoolSize: 20,
    minPoolSize: 2,
  });
  // close() (a service shutting down) emits 'disconnecting' first: only a connection lost unasked is a warning.
  let closing = false;
  connection.on('disconnecting', () => (closing = true));
  connection.on('disconnected', () => (closing ? logger.info('mongo disconnected') : logger.warn('mongo disconnected')));
  connection.on('reconnected', () => logger.info('mongo reconnected'));
  connection.on('error', (err: Error) => logger.error({ err }, 'mongo error'));

  try {
    await connection.asPromise();
  } catch (err) {
    await connection.close(true).catch(() => undefined);
    throw err;
  }
  logger.info({ appName: opts.appName }, 'mongo connected');
  return connection;
}
