import { lagAfter } from './consumer-lag';

describe('lagAfter', () => {
  it.each([
    ['the batch reached the end', '100', '99', 0],
    ['messages remain behind the batch', '100', '89', 10],
    ['a watermark behind the batch (stale fetch)', '5', '9', 0],
    ['offsets past 2^53', '9007199254741000', '9007199254740990', 9],
  ])('%s', (_name, highWatermark, lastOffset, lag) => {
    expect(lagAfter(highWatermark, lastOffset)).toBe(lag);
  });
});
