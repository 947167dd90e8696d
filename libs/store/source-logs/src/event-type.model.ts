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
  /** A recent payload of this type. */
  sample: unknown;
};

const schema = new Schema<KnownEventType>(
  {
    _id: String,
    sourceEnvironmentId: { type: String, required: true },
    eventType: { type: String, required: true },
    firstSeenAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    count: { type: Number, required: true },
    sample: { type: Schema.Types.Mixed },
  },
  { collection: 'event_types', versionKey: false, minimize: false },
);

// GET .../event-types: one environment's known types.
schema.index({ sourceEnvironmentId: 1, eventType: 1 });

export const knownEventTypeId = (sourceEnvironmentId: string, eventType: string) => `${sourceEnvironmentId}|${eventType}`;

export function knownEventTypeModel(connection: Connection): Model<KnownEventType> {
  return connection.models.KnownEventType ?? connection.model<KnownEventType>('KnownEventType', schema);
}
