import { z } from 'zod';
import { LogStatusSchema } from '@inlet/contracts';

/** Query of a source environment's logs: filters, page size, and the cursor of the previous page. */
export const LogsQuery = z
  .object({
    status: LogStatusSchema.optional().meta({ description: 'Only logs with this status.' }),
    event_type: z.string().min(1).optional().meta({ description: 'Only logs of this event type.' }),
    id: z.string().min(1).optional().meta({ description: 'Only the log with this id.' }),
    from: z.iso.datetime({ offset: true }).optional().meta({ description: 'Received at or after this time (ISO 8601 with offset).' }),
    to: z.iso.datetime({ offset: true }).optional().meta({ description: 'Received at or before this time (ISO 8601 with offset).' }),
    limit: z.coerce.number().int().min(1).max(100).default(50).meta({ description: 'Page size, 1 to 100 (default 50).' }),
    cursor: z.string().min(1).optional().meta({ description: '`page_info.next_cursor` of the previous page.' }),
    after: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'The live feed: `page_info.feed_cursor` of the previous answer. Only logs received after it, oldest first. Not with `cursor`.' }),
  })
  .strict()
  .refine((q) => q.after === undefined || q.cursor === undefined, { error: 'after: not with cursor (after polls for newer logs, cursor pages to older ones)', path: ['after'] });
export type LogsQuery = z.infer<typeof LogsQuery>;

export type Cursor = { at: Date; id: string };

/** The position after a log in newest-first order, opaque to clients. */
export function encodeCursor(receivedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([receivedAt.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): Cursor | null {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(at);
    return typeof id === 'string' && !Number.isNaN(date.getTime()) ? { at: date, id } : null;
  } catch {
    return null;
  }
}

/** The MongoDB filter of one page: the environment, the filters, and everything after the cursor. */
export function logsFilter(sourceEnvironmentId: string, q: LogsQuery, cursor: Cursor | null): Record<string, unknown> {
  const receivedAt: Record<string, Date> = {};
  if (q.from) receivedAt.$gte = new Date(q.from);
  if (q.to) receivedAt.$lte = new Date(q.to);
  return {
    sourceEnvironmentId,
    ...(q.status ? { status: q.status } : {}),
    ...(q.event_type ? { eventType: q.event_type } : {}),
    ...(q.id ? { _id: q.id } : {}),
    ...(Object.keys(receivedAt).length > 0 ? { receivedAt } : {}),
    ...(cursor ? after('receivedAt', cursor) : {}),
  };
}

/** Everything after the cursor in newest-first order of `field`, then `_id`. */
export function after(field: string, cursor: Cursor): Record<string, unknown> {
  return { $or: [{ [field]: { $lt: cursor.at } }, { [field]: cursor.at, _id: { $lt: cursor.id } }] };
}
