const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export interface TimeRange {
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  before?: Date;
}

/**
 * `from` is inclusive; `to` is inclusive too, and a bare date (YYYY-MM-DD, UTC) covers that whole
 * day, so `to=2026-01-31` includes the 31st. Inputs are assumed already validated as ISO dates or
 * date-times. Returns null when the range is empty (from after to).
 */
export function timeRange(from: string | undefined, to: string | undefined): TimeRange | null {
  const range: TimeRange = {};
  if (from) range.from = new Date(DATE_ONLY.test(from) ? `${from}T00:00:00Z` : from);
  if (to) {
    const end = new Date(DATE_ONLY.test(to) ? `${to}T00:00:00Z` : to);
    range.before = new Date(end.getTime() + (DATE_ONLY.test(to) ? 24 * 3600_000 : 1));
  }
  if (range.from && range.before && range.from.getTime() >= range.before.getTime()) return null;
  return range;
}

/** Escapes LIKE wildcards (and the escape character itself) so user text matches literally. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
