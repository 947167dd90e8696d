import { v7 } from 'uuid';

/**
 * A new event's id: a UUIDv7, whose leading bits are the time it was made. The id is the `_id` of the
 * event's source log and executed-action records, and the store keeps them in B-trees: time-ordered
 * ids are appended at the end of the tree, random (v4) ones land anywhere and rewrite a page each,
 * which cost the local store 5 to 6 times the CPU per inserted document (docs/benchmarks.md).
 */
export function newEventId(): string {
  return v7();
}
