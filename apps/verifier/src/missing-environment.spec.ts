import { missingEnvironment } from './missing-environment';

const viewStart = new Date('2026-05-01T10:00:00.000Z');
const minutes = (m: number) => new Date(viewStart.getTime() + m * 60_000);

describe('missingEnvironment', () => {
  it.each<[string, { tombstoned: boolean; holdsEverythingBefore: Date | undefined; usedAt: Date }, string]>([
    ['a tombstone the view saw', { tombstoned: true, holdsEverythingBefore: viewStart, usedAt: minutes(5) }, 'deleted'],
    ['used after the view started: the record may still be on its way', { tombstoned: false, holdsEverythingBefore: viewStart, usedAt: minutes(5) }, 'unseen'],
    ['used within the clock skew before the view started', { tombstoned: false, holdsEverythingBefore: viewStart, usedAt: minutes(-0.5) }, 'unseen'],
    ['used well before the view started, its tombstone compacted away', { tombstoned: false, holdsEverythingBefore: viewStart, usedAt: minutes(-5) }, 'deleted'],
    ['a view not started yet', { tombstoned: false, holdsEverythingBefore: undefined, usedAt: minutes(-60) }, 'unseen'],
  ])('%s → %s', (_case, input, expected) => {
    expect(missingEnvironment(input)).toBe(expected);
  });
});
