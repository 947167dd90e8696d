import { Inject, Injectable } from '@nestjs/common';
import { Schema, mongo, type Connection, type Model } from 'mongoose';
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
  private readonly collection;

  constructor(@Inject(MONGO) connection: Connection) {
    this.claims = claimModel(connection);
    this.collection = connection.collection<StoredClaim>(this.claims.collection.collectionName);
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

  /**
   * Claims every key of a batch, in one round trip when nobody holds them (the usual case): the
   * first copy of each key goes in one unordered bulk insert; a key held already, and every later
   * copy of a key, then goes through `claim`, in order among the copies of one key (the first
   * received wins) and in parallel across keys. The results are in the order of `claims`.
   */
  async claimAll(claims: IdempotencyClaim[]): Promise<ClaimResult[]> {
    const copies = new Map<string, number[]>();
    claims.forEach((claim, i) => copies.set(claim.id, [...(copies.get(claim.id) ?? []), i]));
    const inserted = await this.insertFree([...copies.values()].map(([first]) => claims[first]));
    const results: ClaimResult[] = [];
    await Promise.all(
      [...copies.values()].map(async (indexes, k) => {
        for (const [n, i] of indexes.entries()) results[i] = n === 0 && inserted[k] ? { outcome: 'claimed' } : await this.claim(claims[i]);
      }),
    );
    return results;
  }

  /** Inserts each claim whose key nobody holds; says which went in. */
  private async insertFree(claims: IdempotencyClaim[]): Promise<boolean[]> {
    // A batch with no key to claim (idempotency off, the usual case): the driver refuses an empty insert.
    if (claims.length === 0) return [];
    const docs = claims.map(({ id, eventId, claimedAt, expiresAt }) => ({ _id: id, eventId, claimedAt, expiresAt }));
    try {
      // The driver's insert, not mongoose's (which rewrites the errors): each names its document's index.
      await this.collection.insertMany(docs, { ordered: false });
      return claims.map(() => true);
    } catch (err) {
      if (!(err instanceof mongo.MongoBulkWriteError)) throw err;
      const refused = [err.writeErrors].flat();
      if (refused.some((e) => e.code !== 11000)) throw err; // anything but "the key is held"
      const held = new Set(refused.map((e) => e.index));
      return claims.map((_, i) => !held.has(i));
    }
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
