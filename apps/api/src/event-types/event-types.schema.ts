import { z } from 'zod';
import { IsoDateTime } from '../shared/response-fields.schema';

/** Responses of the event types API. */

export const EventTypeSchema = z
  .object({
    event_type: z.string(),
    first_seen_at: IsoDateTime,
    last_seen_at: IsoDateTime,
    count: z.number().int().min(0),
    sample: z.unknown().meta({ description: 'A recent payload of this type, as normalized; null when none was kept.' }),
  })
  .meta({ id: 'EventType' });
export type EventType = z.infer<typeof EventTypeSchema>;
