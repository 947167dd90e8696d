/**
 * Keeps a label's values bounded: the first `limit` distinct values are kept as they are, any later
 * one becomes `other`. For values a sender or a bug could multiply (a failure code string); source
 * and environment are created by operators and need no cap. Every series costs Prometheus memory
 * for as long as it is scraped, so an unbounded label is an outage waiting for a busy day.
 */
export class LabelCap {
  private readonly seen = new Set<string>();

  constructor(private readonly limit: number) {}

  value(raw: string): string {
    if (this.seen.has(raw)) return raw;
    if (this.seen.size >= this.limit) return OTHER;
    this.seen.add(raw);
    return raw;
  }
}

/** The value every capped-out label shares. */
export const OTHER = 'other';
