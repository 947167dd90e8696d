import { Schema, type Connection, type Model } from 'mongoose';

/**
 * An API key as stored: its SHA-256 is the `_id`, so a request's key is found by `_id` alone and the
 * key itself is never stored. Revoked keys stay, marked, so their use can be told apart from a typo.
 */
export type StoredApiKey = { _id: string; id: string; name: string; prefix: string; createdAt: Date; revokedAt: Date | null };

const schema = new Schema<StoredApiKey>(
  {
    _id: String,
    id: { type: String, required: true },
    name: { type: String, required: true },
    prefix: { type: String, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'api_keys', versionKey: false },
);

// DELETE /v1/api-keys/{id}: find a key by its public id.
schema.index({ id: 1 }, { unique: true });

export function apiKeyModel(connection: Connection): Model<StoredApiKey> {
  return connection.models.StoredApiKey ?? connection.model<StoredApiKey>('StoredApiKey', schema);
}
