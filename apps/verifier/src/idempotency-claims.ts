import { Inject, Injectable } from '@nestjs/common';
import { Schema, type Connection, type Model } from 'mongoose';
import type { IdempotencyClaim } from '@inlet/domain/normalize';
import { PipelineError } from '@inlet/platform/kafka';
import { MONGO } from '@inlet/platform/pipeline';

/**
 * `idempotency_keys`: one document per claimed scope (key + event type + source environment,
 * hashed into `_id`), naming the event that holds it until `expiresAt`. Every read and write goes
 * by `_id`: the unique `_id` index is what lets only one of two simultaneous copies in, with no
 * transaction and no TTL index (the local MongoDB-wire server has neither).
 */
type StoredClaim = { _id: string; eventId: string; claimedAt: Date; expiresAt: Date; releasedAt?: Date };

const schema = new Schema<StoredClaim>(
  {
    _id: { type: String },
    eventId: { type: String, required: true },
    claimedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    releasedAt: { type: Date },
  },
  { collection: 'idempotency_keys', versionKey: false },
);

function claimModel(connection: Connection): Model<StoredClaim> {
  return connection.models.IdempotencyClaim ?? connection.model<StoredClaim>('IdempotencyClaim', schema);
}

/** A released claim expires at the epoch: any later copy takes the key over. */
const RELEASED = new Date(0);
/** Rounds of insert / read / take over before calling the key contended (a retriable failure). */
const MAX_ROUNDS = 5;

export type ClaimResult = { outcome: 'claimed' } | { outcome: 'duplicate'; holder: string };

@Injectable()
export class IdempotencyClaims {
  private readonly claims: Model<StoredClaim>;

  constructor(@Inject(MONGO) connection: Connection) {
    this.claims = claimModel(connection);
  }

  /**
   * Claims the key for the event. It holds the key when nobody did, when it already did (a
   * redelivery), or when the holder's window closed or it was released; otherwise the event is a
   * duplicate of the holder. Taking a key over is conditional on the holder read, so of two copies
   * racing for a stale key only one gets it.
   */
  async claim(claim: IdempotencyClaim): Promise<ClaimResult> {
    const mine = { eventId: claim.eventId, claimedAt: claim.claimedAt, expiresAt: claim.expiresAt };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      try {
        await this.claims.create({ _id: claim.id, ...mine });
        return { outcome: 'claimed' };
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err; // anything but "the key is held"
      }
      const holder = await this.claims.findById(claim.id).lean<StoredClaim>();
      if (!holder) continue; // pruned since the insert failed: insert again
      if (holder.eventId === claim.eventId) return { outcome: 'claimed' };
      if (holder.expiresAt > claim.claimedAt) return { outcome: 'duplicate', holder: holder.eventId };
      const taken = await this.claims
        .findOneAndUpdate({ _id: claim.id, eventId: holder.eventId, expiresAt: holder.expiresAt }, { $set: mine, $unset: { releasedAt: 1 } })
        .lean<StoredClaim>();
      if (taken) return { outcome: 'claimed' };
    }
    throw new PipelineError('idempotency_key_contended', `idempotency key ${claim.id} changed hands ${MAX_ROUNDS} times while being claimed`, { retriable: true });
  }

  /** Gives the key back if the event still holds it: the sender's next copy runs. */
  async release(claimId: string, eventId: string, now: Date): Promise<void> {
    // findOneAndUpdate, not updateOne: on the local server only the former finds `_id` by index
    // when the filter names other fields too.
    await this.claims.findOneAndUpdate({ _id: claimId, eventId }, { $set: { expiresAt: RELEASED, releasedAt: now } }).lean();
  }
}

/** Retention: deletes the claims whose window closed before the cutoff; returns how many went. */
export async function pruneIdempotencyClaims(connection: Connection, cutoff: Date): Promise<number> {
  return (await claimModel(connection).deleteMany({ expiresAt: { $lt: cutoff } })).deletedCount;
}
