import { BatchCoalescer } from './batch-coalescer';

describe('BatchCoalescer', () => {
  it('flushes the batches submitted together once, and each submit resolves after that flush', async () => {
    const flushes: number[][] = [];
    const coalescer = new BatchCoalescer<number>(async (items) => void flushes.push(items), 5);
    await Promise.all([coalescer.submit([1, 2]), coalescer.submit([3]), coalescer.submit([4])]);
    expect(flushes).toEqual([[1, 2, 3, 4]]);
  });

  it('gathers what is submitted during a flush into the next one', async () => {
    const flushes: number[][] = [];
    let release = () => {};
    const coalescer = new BatchCoalescer<number>(async (items) => {
      flushes.push(items);
      if (flushes.length === 1) await new Promise<void>((resolve) => (release = resolve));
    }, 1);
    const first = coalescer.submit([1]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const later = [coalescer.submit([2]), coalescer.submit([3])];
    release();
    await Promise.all([first, ...later]);
    expect(flushes).toEqual([[1], [2, 3]]);
  });

  it('tries the batches of a failed flush one at a time, so only the batch the store refuses fails', async () => {
    const flushes: string[][] = [];
    const coalescer = new BatchCoalescer<string>(async (items) => {
      flushes.push(items);
      if (items.includes('poison')) throw new Error('refused');
    }, 1);
    const results = await Promise.allSettled([coalescer.submit(['a']), coalescer.submit(['poison']), coalescer.submit(['b'])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(flushes).toEqual([['a', 'poison', 'b'], ['a'], ['poison'], ['b']]);
  });
});
