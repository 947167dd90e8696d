/** Clocks of the gateway and the verifier may differ by this much. */
export const CLOCK_SKEW_MS = 60_000;

/**
 * What a source environment missing from the verifier's config view means for an event the
 * gateway accepted with it: `deleted` if the view saw its tombstone, or if the view holds every
 * record published before the environment was used (the request received, or re-driven) and still
 * lacks it (compaction drops tombstones after a while, and waiting for a record that will never
 * come would block the partition); otherwise `unseen`: the gateway saw it first, wait for it.
 */
export function missingEnvironment(input: { tombstoned: boolean; holdsEverythingBefore: Date | undefined; usedAt: Date }): 'deleted' | 'unseen' {
  if (input.tombstoned) return 'deleted';
  const holds = input.holdsEverythingBefore;
  return holds !== undefined && input.usedAt.getTime() < holds.getTime() - CLOCK_SKEW_MS ? 'deleted' : 'unseen';
}
