/** "$1,234.56" from integer cents, for text people read; integer arithmetic only. */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const dollars = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, "0")}`;
}

/** Whole percent of `used` against `limit`, rounded down (80 % is only said once 80 % is reached). */
export function percentOf(used: number, limit: number): number {
  if (limit <= 0) return 100;
  return Math.floor((Math.max(used, 0) * 100) / limit);
}
