import type { Message, TopicMessages } from 'kafkajs';

// Bookkeeping of the coalescing publisher, kept apart from Kafka so it can be tested alone.

export type Queued = { topic: string; message: Message };

/** One sendBatch request: messages grouped by topic, each topic's messages in the order they were queued. */
export function groupByTopic(entries: readonly Queued[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const { topic, message } of entries) {
    const messages = byTopic.get(topic);
    if (messages) messages.push(message);
    else byTopic.set(topic, [message]);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/** What a message weighs in a produce request: key, value and headers. */
export function messageBytes(message: Message): number {
  const size = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v) : Buffer.isBuffer(v) ? v.length : 0);
  let bytes = size(message.key) + size(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) bytes += Buffer.byteLength(name) + size(value);
  return bytes;
}

/**
 * The promise one publish() call returns. Its messages may be split over several sends: it
 * resolves when all of them are acknowledged and rejects at the first send that failed.
 * `taken` turns true when the first of them is handed to a send: from then on they may land, so
 * the call must wait for the outcome instead of giving up.
 */
export class Ticket {
  readonly promise: Promise<void>;
  taken = false;
  private remaining: number;
  private settled = false;
  private resolve!: () => void;
  private reject!: (error: unknown) => void;

  constructor(count: number) {
    this.remaining = count;
    this.promise = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    if (count === 0) this.finish();
  }

  get isSettled(): boolean {
    return this.settled;
  }

  ack(count = 1): void {
    if (this.settled) return;
    this.remaining -= count;
    if (this.remaining <= 0) this.finish();
  }

  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }

  private finish(): void {
    this.settled = true;
    this.resolve();
  }
}

export type SendLimits = {
  /** Most messages in one send. */
  maxBatchMessages: number;
  /** Most bytes in one send; a single larger message is sent alone. */
  maxBatchBytes: number;
  /** Most bytes waiting for a send; past it, offer() refuses. */
  maxQueueBytes: number;
};

export type QueueEntry = Queued & { bytes: number; ticket: Ticket };

/** The messages waiting for a send, bounded in bytes, taken in batches bounded in count and bytes. */
export class SendQueue<E extends QueueEntry> {
  private entries: E[] = [];
  private queuedBytes = 0;

  constructor(private readonly limits: SendLimits) {}

  get length(): number {
    return this.entries.length;
  }

  get bytes(): number {
    return this.queuedBytes;
  }

  /** Queues all of them, or none when they would take the queue past its byte limit. */
  offer(entries: E[]): boolean {
    const bytes = entries.reduce((sum, e) => sum + e.bytes, 0);
    if (this.queuedBytes + bytes > this.limits.maxQueueBytes) return false;
    this.entries.push(...entries);
    this.queuedBytes += bytes;
    return true;
  }

  /** True when a send should start now rather than wait for more messages. */
  get full(): boolean {
    return this.entries.length >= this.limits.maxBatchMessages || this.queuedBytes >= this.limits.maxBatchBytes;
  }

  /** The next batch, in queue order; marks the tickets of its messages as taken. */
  take(): E[] {
    let count = 0;
    let bytes = 0;
    while (count < this.entries.length && count < this.limits.maxBatchMessages) {
      const next = this.entries[count].bytes;
      if (count > 0 && bytes + next > this.limits.maxBatchBytes) break;
      bytes += next;
      count++;
    }
    const batch = this.entries.splice(0, count);
    this.queuedBytes -= bytes;
    for (const e of batch) e.ticket.taken = true;
    return batch;
  }

  /** Removes a ticket's messages if none of them was taken yet; returns them (empty when too late). */
  withdraw(ticket: Ticket): E[] {
    if (ticket.taken) return [];
    const removed = this.entries.filter((e) => e.ticket === ticket);
    if (removed.length === 0) return [];
    this.entries = this.entries.filter((e) => e.ticket !== ticket);
    this.queuedBytes -= removed.reduce((sum, e) => sum + e.bytes, 0);
    return removed;
  }
}
