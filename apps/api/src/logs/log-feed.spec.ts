import { advanceFeed, decodeFeedCursor, encodeFeedCursor, FEED_LOOKBACK_MS, FEED_SEEN_MAX, feedStart, type FeedCursor, type FeedPosition } from './log-feed';

const T = Date.UTC(2026, 0, 1, 12);
const pos = (ms: number, id: string): FeedPosition => ({ at: new Date(T + ms), id });
const ids = (c: FeedCursor) => c.seen.map((p) => p.id);

/** What a poll would feed from `stored`: after the bound and not seen, oldest first. */
function poll(cursor: FeedCursor, stored: FeedPosition[]): FeedPosition[] {
  const after = (p: FeedPosition) => p.at.getTime() > cursor.bound.at.getTime() || (p.at.getTime() === cursor.bound.at.getTime() && p.id > cursor.bound.id);
  return stored.filter((p) => after(p) && !cursor.seen.some((s) => s.id === p.id)).sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
}

describe('the live feed cursor', () => {
  it('feeds a log stored late, received within the look-back before the newest fed, once', () => {
    const stored = [pos(0, 'a'), pos(5_000, 'b')];
    let cursor = feedStart([]);
    expect(poll(cursor, stored).map((p) => p.id)).toEqual(['a', 'b']);
    cursor = advanceFeed(cursor, poll(cursor, stored));
    stored.push(pos(1_000, 'late'));
    const next = poll(cursor, stored);
    expect(next.map((p) => p.id)).toEqual(['late']);
    cursor = advanceFeed(cursor, next);
    expect(poll(cursor, stored)).toEqual([]);
  });

  it('forgets what fell out of the window, and a log received before it is not fed', () => {
    const cursor = advanceFeed(feedStart([]), [pos(0, 'a'), pos(FEED_LOOKBACK_MS + 1, 'b')]);
    expect(ids(cursor)).toEqual(['b']);
    expect(poll(cursor, [pos(0, 'a'), pos(FEED_LOOKBACK_MS + 1, 'b'), pos(0, 'too-late')])).toEqual([]);
  });

  it('remembers at most FEED_SEEN_MAX ids: in a burst the bound moves up to the last one forgotten', () => {
    const burst = Array.from({ length: FEED_SEEN_MAX + 5 }, (_, i) => pos(i, `e${String(i).padStart(3, '0')}`));
    const cursor = advanceFeed(feedStart([]), burst);
    expect(cursor.seen).toHaveLength(FEED_SEEN_MAX);
    expect(cursor.bound).toEqual(burst[4]);
    expect(poll(cursor, burst)).toEqual([]);
  });

  it('starts after the newest logs of a listing, none of them fed again', () => {
    const newest = Array.from({ length: FEED_SEEN_MAX + 1 }, (_, i) => pos(-i, `n${String(i).padStart(3, '0')}`));
    const cursor = feedStart(newest);
    expect(poll(cursor, newest)).toEqual([]);
    expect(poll(cursor, [...newest, pos(1, 'new')]).map((p) => p.id)).toEqual(['new']);
  });

  it('round-trips through its text, and refuses text it did not write', () => {
    const cursor = advanceFeed(feedStart([]), [pos(0, 'a'), pos(3, 'b')]);
    expect(decodeFeedCursor(encodeFeedCursor(cursor))).toEqual(cursor);
    expect(decodeFeedCursor('nonsense')).toBeNull();
    expect(decodeFeedCursor(Buffer.from(JSON.stringify([1, 'x', [[1, 2]]])).toString('base64url'))).toBeNull();
  });
});
