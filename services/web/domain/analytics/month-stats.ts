/** This month's spending tiles, from the analytics summary (integer cents throughout). */

/** The UTC month of `at` as YYYY-MM: analytics keeps its months in UTC. */
export function utcMonth(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, "0")}`;
}

/**
 * The average payment in whole cents, rounded half up, computed in integers (no float touches the
 * amount); 0 when there were no payments.
 */
export function averageCents(totalCents: number, count: number): number {
  if (count <= 0) return 0;
  return Math.floor((2 * totalCents + count) / (2 * count));
}
