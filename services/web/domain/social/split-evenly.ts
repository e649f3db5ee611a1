/**
 * Splits a total into equal shares, to the cent: the shares differ by at most one cent and always
 * add up to the total exactly. The cents that don't divide evenly go one each to the first shares,
 * so the same total and number of people always give the same shares in the same order.
 *
 *   splitEvenly(1000, 3) → [334, 333, 333]
 */
export function splitEvenly(totalCents: number, count: number): number[] {
  if (!Number.isSafeInteger(totalCents) || totalCents < 0) throw new RangeError("totalCents must be a whole number of cents, zero or more");
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError("count must be a whole number, one or more");
  const base = Math.floor(totalCents / count);
  const extra = totalCents - base * count;
  return Array.from({ length: count }, (_, i) => base + (i < extra ? 1 : 0));
}
