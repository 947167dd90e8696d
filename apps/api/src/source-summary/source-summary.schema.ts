import { z } from 'zod';
import { IsoDateTime } from '../shared/response-fields.schema';
import { ACCEPTED_STATUSES, REFUSED_STATUSES } from './summarize-logs';

export const SourceSummaryQuery = z.strictObject({
  /** The hour or the day before the answer. */
  window: z.enum(['1h', '24h']).default('1h').meta({ description: 'The hour (`1h`, the default) or the day (`24h`) before the answer.' }),
});

const counts = <const T extends readonly [string, ...string[]]>(names: T) =>
  z.object(Object.fromEntries(names.map((n) => [n, z.number().int().min(0)])) as { [K in T[number]]: z.ZodNumber });

/** What one source received in one environment over a window, from its logs. */
export const SourceSummarySchema = z
  .object({
    source: z.string(),
    environment: z.string(),
    window: z.enum(['1h', '24h']),
    /** The window: requests received from `from` to `to` (the answer's time). */
    from: IsoDateTime,
    to: IsoDateTime,
    /** Every request logged in the window, accepted or refused. */
    received: z.number().int().min(0),
    /** Requests the gateway accepted (202, 204, or 200 per legacy batch item). */
    accepted: z.number().int().min(0),
    /** Requests the gateway refused, by the status their log holds (every reason, 0 when none). */
    refused: z.object({ total: z.number().int().min(0), by_reason: counts(REFUSED_STATUSES) }),
    /** Accepted requests by the status their log holds now (`pending` still in the pipeline). */
    statuses: counts(ACCEPTED_STATUSES),
    /**
     * From receipt at the gateway to the log's final status, over the accepted requests of the window
     * that ended (at most the newest 10,000 of them, `truncated` when there were more); null when none.
     */
    receipt_to_final: z.object({
      count: z.number().int().min(0),
      p50_ms: z.number().min(0).nullable(),
      p99_ms: z.number().min(0).nullable(),
      truncated: z.boolean(),
    }),
  })
  .meta({ id: 'SourceSummary' });
export type SourceSummaryAnswer = z.infer<typeof SourceSummarySchema>;
