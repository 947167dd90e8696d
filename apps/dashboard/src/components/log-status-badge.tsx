import { statusWords } from '../lib/log-words';

/** A log status as a coloured badge in words; the api's code in the tooltip. */
export function LogStatusBadge({ status }: { status: string }) {
  const words = statusWords(status);
  return (
    <span className={`badge log-status ${words.tone}`} title={status} data-status={status}>
      {words.label}
    </span>
  );
}
