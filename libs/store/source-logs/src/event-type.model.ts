import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A known event type of one source environment: every distinct type received becomes one, and
 * mappings are made by picking from them. Written by the event-log only. `count` counts normalized
 * events; a batch redelivered after a crash can count some twice.
 */
export type KnownEventType = {
  /** `<source environment id>|<event type>`: upserts filter on `_id` alone. */
  _id: string;
  sourceEnvironmentId: string;
  eventType: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  count: number;
  /** The body of the sample projected last (normally `samples[0]`), kept for readers of a single sample. */
  sample: unknown;
  /**
   * The last EVENT_TYPE_SAMPLES events of this type small enough to be samples, newest received
   * first, each at most the event-log's MAX_SAMPLE_BYTES. Absent on types last seen before samples
   * were kept.
   */
  samples?: EventTypeSample[];
};

/** How many recent samples an event type keeps: with each at most 64 KiB, a catalog entry stays under 1 MB. */
export const EVENT_TYPE_SAMPLES = 10;

/** One received event of a type, as the mapping editor checks parameters against it. */
export type EventTypeSample = {
  eventId: string;
  receivedAt: Date;
  /** The parsed JSON body, as paths resolve against it. */
  body: unknown;
  /** Request headers with lower-case names, credentials redacted as in logs. */
  headers: Record<string, string>;
};

const sampleSchema = new Schema<EventTypeSample>(
  { eventId: { type: String, required: true }, receivedAt: { type: Date, required: true }, body: { type: Schema.Types.Mixed }, headers: { type: Schema.Types.Mixed } },
  { _id: false, minimize: false },
);

const schema = new Schema<KnownEventType>(
  {
    _id: String,
    sourceEnvironmentId: { type: String, required: true },
    eventType: { type: String, required: true },
    firstSeenAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    count: { type: Number, required: true },
    sample: { type: Schema.Types.Mixed },
    samples: { type: [sampleSchema], default: undefined },
  },
  { collection: 'event_types', versionKey: false, minimize: false },
);

// GET .../event-types: one environment's known types.
schema.index({ sourceEnvironmentId: 1, eventType: 1 });

export const knownEventTypeId = (sourceEnvironmentId: string, eventType: string) => `${sourceEnvironmentId}|${eventType}`;

export function knownEventTypeModel(connection: Connection): Model<KnownEventType> {
  return connection.models.KnownEventType ?? connection.model<KnownEventType>('KnownEventType', schema);
}
