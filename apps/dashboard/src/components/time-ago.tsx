import { timeAgo } from '../lib/format-time';

/** "3 min ago", with the exact local time on hover. */
export function TimeAgo({ at, now }: { at: string; now: number }) {
  return (
    <time dateTime={at} title={new Date(at).toLocaleString()}>
      {timeAgo(at, now)}
    </time>
  );
}
