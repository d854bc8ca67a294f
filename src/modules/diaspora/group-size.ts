// Counts of diaspora members that cannot single out a person: a group smaller than the
// minimum group size (MIN_GROUP_SIZE, default 5) is reported as "fewer than" it, never with
// its exact count, to every caller.

export interface GroupCount {
  key: string;
  count: number;
}

export interface ReportedCount {
  key: string;
  /** Null when withheld: the group is smaller than the minimum, or shields one that is. */
  count: number | null;
  /** The minimum, when the group is smaller than it. */
  fewerThan: number | null;
}

/**
 * Withholds the counts of groups smaller than `minimum`. When the groups split one total that
 * is shown elsewhere (`partition`: each member in exactly one group, e.g. by country), a lone
 * withheld group could be worked out as the total minus the others: then the smallest shown
 * group is withheld too.
 */
export function withMinimumGroupSize(
  groups: readonly GroupCount[],
  minimum: number,
  { partition }: { partition: boolean },
): ReportedCount[] {
  const withheld = new Set(groups.filter((g) => g.count < minimum).map((g) => g.key));
  if (partition && withheld.size === 1 && groups.length > 1) {
    const smallestShown = groups
      .filter((g) => !withheld.has(g.key))
      .reduce((a, b) => (b.count < a.count ? b : a));
    withheld.add(smallestShown.key);
  }
  const shown = groups.filter((g) => !withheld.has(g.key));
  // Withheld groups last, by key: their order must not tell their sizes either.
  const hidden = groups
    .filter((g) => withheld.has(g.key))
    .sort((a, b) => a.key.localeCompare(b.key));
  return [
    ...shown.map(({ key, count }) => ({ key, count, fewerThan: null })),
    ...hidden.map(({ key, count }) => ({
      key,
      count: null,
      fewerThan: count < minimum ? minimum : null,
    })),
  ];
}

/** A total as shown: itself, or null when smaller than the minimum. */
export function totalOrNull(total: number, minimum: number): number | null {
  return total < minimum ? null : total;
}
