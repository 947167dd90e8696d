import { Schema, type Connection, type Model, type mongo } from 'mongoose';

/**
 * One document per action id the executor has applied: what makes every action take effect once
 * when Kafka redelivers it.
 */
export type ExecutedAction = { _id: string; actionType: string; result: Record<string, unknown>; executedAt: Date };

const schema = new Schema<ExecutedAction>(
  {
    _id: { type: String },
    actionType: { type: String, required: true },
    result: { type: Schema.Types.Mixed, required: true },
    executedAt: { type: Date, required: true },
  },
  { collection: 'executed_actions', versionKey: false, minimize: false },
);

export function executedActionModel(connection: Connection): Model<ExecutedAction> {
  return connection.models.ExecutedAction ?? connection.model<ExecutedAction>('ExecutedAction', schema);
}

/**
 * The same records as the driver's collection, for the executor's hot path: a batch's records are
 * written and read as they are, without mongoose building (and casting) a document of each.
 */
export function executedActionCollection(connection: Connection): mongo.Collection<ExecutedAction> {
  return executedActionModel(connection).collection as unknown as mongo.Collection<ExecutedAction>;
}
