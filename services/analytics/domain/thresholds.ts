/** Budget alert levels, in percent of the monthly limit. */
export const ALERT_THRESHOLDS = [80, 100] as const;
export type AlertThreshold = (typeof ALERT_THRESHOLDS)[number];

/** Thresholds that `used` has reached against `limit` (integer maths: no float decides an alert). */
export function reachedThresholds(usedCents: number, limitCents: number): AlertThreshold[] {
  if (limitCents <= 0) return [];
  return ALERT_THRESHOLDS.filter((percent) => usedCents * 100 >= limitCents * percent);
}
