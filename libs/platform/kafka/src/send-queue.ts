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

/**
 * The promise one publish() call returns. Its messages may be split over several sends: it
 * resolves when all of them are acknowledged and rejects at the first send that failed.
 */
export class Ticket {
  readonly promise: Promise<void>;
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
