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

export const EventTypeSampleSchema = z
  .object({
    event_id: z.string().meta({ description: 'The event (and log) id; `{"event_id": ...}` names this sample in a mapping check or dry run.' }),
    received_at: IsoDateTime,
    body: z.unknown().meta({ description: 'The parsed JSON body, as paths resolve against it.' }),
    headers: z.record(z.string(), z.string()).meta({ description: 'Request headers, lower-case names, credentials redacted as in logs.' }),
  })
  .meta({ id: 'EventTypeSample', description: 'One recent event of a type, as mappings are checked against it.' });
export type EventTypeSample = z.infer<typeof EventTypeSampleSchema>;
