/**
 * The live feed of new logs, polled with a cursor. A log's position is its received time then its
 * id, but logs are not stored in that order: a refused request is logged from another topic than an
 * accepted one, a slow upload is stamped when it began, gateways' clocks differ. So the cursor does
 * not just hold the newest position fed: it looks back FEED_LOOKBACK_MS before it and holds the ids
 * fed within that window (at most FEED_SEEN_MAX), and a poll returns every log after `bound` not
 * among them. A log stored late, within the window, is fed; none is fed twice.
 */

/** How far behind the newest log fed a late one is still fed. */
export const FEED_LOOKBACK_MS = 10_000;
/** Ids a cursor remembers; past them (a burst inside the window) the bound moves up instead. */
export const FEED_SEEN_MAX = 50;

export type FeedPosition = { at: Date; id: string };
/** Everything after `bound` and not in `seen` is still to be fed. */
export type FeedCursor = { bound: FeedPosition; seen: FeedPosition[] };

/** Before every log: the id sorts before any other, so a log stamped at this very instant still comes after it. */
const START: FeedPosition = { at: new Date(0), id: '' };

const compare = (a: FeedPosition, b: FeedPosition) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const later = (a: FeedPosition, b: FeedPosition) => (compare(a, b) >= 0 ? a : b);

/** The cursor after feeding `fed` (in any order): the window follows the newest position known. */
export function advanceFeed(cursor: FeedCursor, fed: readonly FeedPosition[]): FeedCursor {
  const known = [...cursor.seen, ...fed].sort(compare);
  const newest = known[known.length - 1];
  if (!newest) return cursor;
  let bound = later(cursor.bound, { at: new Date(newest.at.getTime() - FEED_LOOKBACK_MS), id: '' });
  let seen = known.filter((p) => compare(p, bound) > 0);
  if (seen.length > FEED_SEEN_MAX) {
    bound = seen[seen.length - FEED_SEEN_MAX - 1] as FeedPosition;
    seen = seen.slice(-FEED_SEEN_MAX);
  }
  return { bound, seen };
}

/**
 * Where a feed starts: after the newest logs there are, given newest first, at least FEED_SEEN_MAX + 1
 * of them when there are that many (the one past the cap becomes the bound, so no older one is fed).
 */
export function feedStart(newest: readonly FeedPosition[]): FeedCursor {
  return advanceFeed({ bound: START, seen: [] }, newest);
}

/** The MongoDB filter of a poll: after the bound, and not already fed. */
export function feedFilter(cursor: FeedCursor): Record<string, unknown> {
  const { at, id } = cursor.bound;
  return {
    $and: [{ $or: [{ receivedAt: { $gt: at } }, { receivedAt: at, _id: { $gt: id } }] }, ...(cursor.seen.length > 0 ? [{ _id: { $nin: cursor.seen.map((p) => p.id) } }] : [])],
  };
}

/** Opaque to clients: the bound, then each remembered position as milliseconds after the bound and id. */
export function encodeFeedCursor(cursor: FeedCursor): string {
  const base = cursor.bound.at.getTime();
  return Buffer.from(JSON.stringify([base, cursor.bound.id, cursor.seen.map((p) => [p.at.getTime() - base, p.id])])).toString('base64url');
}

export function decodeFeedCursor(text: string): FeedCursor | null {
  try {
    const [base, id, seen] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (typeof base !== 'number' || !Number.isFinite(base) || typeof id !== 'string' || !Array.isArray(seen) || seen.length > FEED_SEEN_MAX) return null;
    const positions: FeedPosition[] = [];
    for (const entry of seen) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'number' || !Number.isFinite(entry[0]) || typeof entry[1] !== 'string') return null;
      positions.push({ at: new Date(base + entry[0]), id: entry[1] });
    }
    const bound = { at: new Date(base), id };
    return Number.isNaN(bound.at.getTime()) || positions.some((p) => Number.isNaN(p.at.getTime())) ? null : { bound, seen: positions };
  } catch {
    return null;
  }
}
