/**
 * Login throttling policy: a few free failures, then a delay that doubles with every further
 * failure up to a ceiling. Growing delays slow guessing without letting an attacker lock a real
 * user out for long (no hard lock-out).
 */
export interface ThrottlePolicy {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long failures are remembered after the last one. */
  windowMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { freeFailures: 3, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, windowMs: 60 * 60_000 };
export const IP_POLICY: ThrottlePolicy = { freeFailures: 20, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, windowMs: 60 * 60_000 };

/** Delay imposed after the given number of consecutive failures (0 while still free). */
export function delayAfterFailures(failures: number, policy: ThrottlePolicy): number {
  const over = failures - policy.freeFailures;
  if (over <= 0) return 0;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(over - 1, 30));
}
