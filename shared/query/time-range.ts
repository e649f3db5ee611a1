const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 3600_000;

export interface TimeRange {
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  before?: Date;
}

/**
 * `from` and `to` are both inclusive; a bare date (YYYY-MM-DD, UTC) covers that whole day, so
 * `to=2030-01-31` includes the 31st. Inputs are already validated as ISO dates or date-times.
 * Null when nothing can match (from after to).
 */
export function timeRange(from: string | undefined, to: string | undefined): TimeRange | null {
  const range: TimeRange = {};
  if (from) range.from = new Date(DATE_ONLY.test(from) ? `${from}T00:00:00Z` : from);
  if (to) {
    const dateOnly = DATE_ONLY.test(to);
    const end = new Date(dateOnly ? `${to}T00:00:00Z` : to);
    // Stored times have millisecond precision, so "up to and including `to`" is "before to + 1 ms".
    range.before = new Date(end.getTime() + (dateOnly ? DAY_MS : 1));
  }
  if (range.from && range.before && range.from.getTime() >= range.before.getTime()) return null;
  return range;
}
