/**
 * Messages still to be read in a partition after a batch: the high watermark is the offset the
 * next produced message will get, so everything up to `lastOffset` read leaves
 * `highWatermark - lastOffset - 1`. Offsets are 64-bit strings; a watermark that a compaction or a
 * stale fetch put behind the batch counts as no lag.
 */
export function lagAfter(highWatermark: string, lastOffset: string): number {
  const lag = BigInt(highWatermark) - BigInt(lastOffset) - 1n;
  return lag > 0n ? Number(lag) : 0;
}
