/**
 * Merges the batches that concurrent handler calls submit into one flush. kafkajs hands a handler
 * one topic-partition at a time; with several partitions consumed concurrently, the batches of one
 * fetch arrive within a few milliseconds of each other, and a store that commits once per command
 * is far cheaper written once for all of them. Each submit resolves once the flush holding its
 * batch has been stored, and rejects with that flush's error: nothing is committed to Kafka before
 * its batch is stored, so a process that dies mid-flush loses nothing.
 *
 * One flush runs at a time; what is submitted meanwhile waits for it and forms the next. A flush of
 * several batches that fails is tried again one batch at a time, so that a batch the store refuses
 * for good fails alone and the others' handler calls do not dead-letter messages that were fine.
 */
export class BatchCoalescer<T> {
  private pending: { items: T[]; settle: { resolve: () => void; reject: (err: unknown) => void } }[] = [];
  private flushing = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly flush: (items: T[]) => Promise<void>,
    /** How long the first batch waits for the others of its fetch before a flush starts. */
    private readonly lingerMs: number,
  ) {}

  submit(items: T[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ items, settle: { resolve, reject } });
      if (!this.flushing && this.timer === undefined) this.timer = setTimeout(() => void this.run(), this.lingerMs);
    });
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.flushing = true;
    while (this.pending.length > 0) {
      const taken = this.pending;
      this.pending = [];
      try {
        await this.flush(taken.flatMap((t) => t.items));
        for (const t of taken) t.settle.resolve();
      } catch (err) {
        if (taken.length === 1) taken[0].settle.reject(err);
        else for (const t of taken) await this.flush(t.items).then(t.settle.resolve, t.settle.reject);
      }
    }
    this.flushing = false;
  }
}
