/**
 * Share of each part in a whole, in percent with two decimals (for display; amounts stay cents).
 * 0 for every part when the whole is 0.
 */
export function percentOf(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.round((part * 10_000) / whole) / 100;
}
