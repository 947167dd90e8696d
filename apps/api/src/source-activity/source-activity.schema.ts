import { z } from 'zod';

/** What each source received in one environment: the sources list's "last event" and 24 h count. */
export const SourceActivitySchema = z.object({
  /** The source key. */
  source: z.string(),
  /** When its newest request reached the gateway in this environment, accepted or refused; null before the first. */
  last_event_at: z.iso.datetime().nullable(),
  /** Requests received in this environment during the 24 hours before the answer, accepted or refused. */
  events_last_24h: z.number().int().min(0),
}).meta({ id: 'SourceActivity' });
export type SourceActivity = z.infer<typeof SourceActivitySchema>;

export const SourceActivityListSchema = z.object({ entries: z.array(SourceActivitySchema) });
