/** Daily closing balances for a chart: one point per UTC day, carrying the last known balance forward. */

export interface DayPoint {
  date: string;
  balance: number;
}

const DAY_MS = 86_400_000;

export const utcDate = (at: Date): string => at.toISOString().slice(0, 10);

/** The UTC dates of the `days` days ending with the day of `today`, oldest first. */
export function seriesDates(today: Date, days: number): string[] {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Array.from({ length: days }, (_, i) => utcDate(new Date(end - (days - 1 - i) * DAY_MS)));
}

/**
 * Folds the closing balance of each day that had movements into a full series.
 * `opening` is the balance before the first date (0 before the wallet existed); `closings` maps
 * a date to the balance after its last entry. Dates outside the series are ignored.
 */
export function foldDailyBalances(dates: readonly string[], opening: number, closings: ReadonlyMap<string, number>): DayPoint[] {
  let balance = opening;
  return dates.map((date) => {
    balance = closings.get(date) ?? balance;
    return { date, balance };
  });
}
