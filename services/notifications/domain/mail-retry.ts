/** Wait before each retry of a mail that could not be sent: 5 s, 30 s, 2 min, 10 min, 30 min, then hourly. */
export const MAIL_RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000] as const;

/**
 * What to do after a failed attempt (attempts = how many have been made, this one included):
 * try again at a later time, or give up once the attempts are spent.
 */
export function afterFailedAttempt(attempts: number, maxAttempts: number, now: Date): { retryAt: Date } | { giveUp: true } {
  if (attempts >= maxAttempts) return { giveUp: true };
  const delay = MAIL_RETRY_DELAYS_MS[Math.min(Math.max(attempts, 1) - 1, MAIL_RETRY_DELAYS_MS.length - 1)]!;
  return { retryAt: new Date(now.getTime() + delay) };
}
