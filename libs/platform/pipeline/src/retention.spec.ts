import { retentionCutoff } from './retention';

describe('retentionCutoff', () => {
  it.each([
    [30, '2026-05-31T12:00:00.000Z'],
    [1, '2026-06-29T12:00:00.000Z'],
  ])('keeps %i days', (days, cutoff) => {
    expect(retentionCutoff(new Date('2026-06-30T12:00:00Z'), days).toISOString()).toBe(cutoff);
  });
});
