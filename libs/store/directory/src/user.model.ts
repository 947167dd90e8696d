import { Schema, type Connection, type Model } from 'mongoose';

/** A user of the built-in directory, per environment. Written by the action-executor only. */
export type DirectoryUser = {
  environment: string;
  id: string;
  name?: string;
  email?: string;
  phone_number?: string;
  avatar?: string;
  locale?: string;
  timezone?: string;
  properties: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
};

const schema = new Schema<DirectoryUser>(
  {
    environment: { type: String, required: true },
    id: { type: String, required: true },
    name: String,
    email: String,
    phone_number: String,
    avatar: String,
    locale: String,
    timezone: String,
    properties: { type: Schema.Types.Mixed, default: {} },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'directory_users', versionKey: false, minimize: false },
);

// Identify (upsert) and GET /v1/users/{id}: one user per environment and id.
schema.index({ environment: 1, id: 1 }, { unique: true });

export function userModel(connection: Connection): Model<DirectoryUser> {
  return connection.models.DirectoryUser ?? connection.model<DirectoryUser>('DirectoryUser', schema);
}
