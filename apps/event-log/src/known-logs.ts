import { STATUS_FIELDS, type StatusFields } from './log-facts';
import type { LogUpdate } from './project-stage';

/**
 * What this process last read or wrote of the logs still in progress, as the status is derived from
 * it: lets the write of a stage carry the status it leads to, instead of a second write after the
 * log is read back. A hint only: the log is still read back after each write and its status derived
 * from what it holds, so a log another replica (or the sweeper) changed meanwhile is put right then.
 * Bounded: the oldest entries make room, and a log that reached a final status is forgotten.
 */
export class KnownLogs {
  private readonly logs = new Map<string, StatusFields>();

  constructor(private readonly capacity: number) {}

  get(id: string): StatusFields | undefined {
    return this.logs.get(id);
  }

  remember(log: StatusFields): void {
    this.logs.delete(log._id);
    if ((log.status ?? 'pending') !== 'pending') return;
    this.logs.set(log._id, log);
    // A Map iterates in insertion order: the first key is the entry remembered longest ago.
    while (this.logs.size > this.capacity) this.logs.delete(this.logs.keys().next().value as string);
  }
}

/**
 * The log as it is after `update`, from the log as it was (`undefined`: the update inserts it),
 * limited to the fields the status is derived from. Not for a re-drive's update ($unset).
 */
export function applyLogUpdate(log: StatusFields | undefined, { eventId, update }: LogUpdate): StatusFields {
  const after: Record<string, unknown> = log ? { ...log } : { _id: eventId, ...pick(update.$setOnInsert) };
  for (const [path, value] of Object.entries(update.$set)) {
    if (path.split('.')[0] in STATUS_FIELDS) setPath(after, path.split('.'), value);
  }
  after.version = (log?.version ?? 0) + update.$inc.version;
  return after as StatusFields;
}

function pick(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => key in STATUS_FIELDS));
}

/** Sets a dotted path, copying each object on the way rather than changing the one remembered. */
function setPath(target: Record<string, unknown>, [head, ...rest]: string[], value: unknown): void {
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = target[head];
  const copy = typeof child === 'object' && child !== null && !Array.isArray(child) && !(child instanceof Date) ? { ...(child as Record<string, unknown>) } : {};
  target[head] = copy;
  setPath(copy, rest, value);
}
