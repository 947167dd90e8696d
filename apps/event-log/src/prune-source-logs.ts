import type { Connection } from 'mongoose';
import { sourceLogModel } from '@inlet/store/source-logs';

/** Retention: deletes the source logs received before the cutoff; returns how many went. */
export async function pruneSourceLogs(connection: Connection, cutoff: Date): Promise<number> {
  return (await sourceLogModel(connection).deleteMany({ receivedAt: { $lt: cutoff } })).deletedCount;
}
