/**
 * When to try a failed delivery again: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the
 * failures (the Standard Webhooks schedule), each stretched or shrunk by up to 10 % so endpoints
 * that failed together are not retried in lockstep. After the 8th attempt the delivery gives up.
 */
export const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const JITTER = 0.1;

/** An endpoint whose deliveries have failed without a single success for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3_600_000;

/** `random` returns a number in [0, 1), like Math.random. */
export type Random = () => number;

/** Delay before the next attempt after `attemptsMade` failed attempts in this run, or null when out of attempts. */
export function retryDelayMs(attemptsMade: number, random: Random): number | null {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) throw new RangeError("attemptsMade must be a positive integer");
  const base = RETRY_DELAYS_MS[attemptsMade - 1];
  if (base === undefined) return null;
  const factor = 1 - JITTER + 2 * JITTER * random();
  return Math.round(base * factor);
}

export type AttemptResult =
  | { kind: "response"; status: number }
  /** No usable answer: timeout, refused connection, TLS or DNS failure, a target refused by the guard. */
  | { kind: "error" };

export type AttemptDecision =
  | { outcome: "succeeded" }
  | { outcome: "retry"; nextAttemptAt: Date }
  | { outcome: "failed"; disableEndpoint: "GONE" | "FAILING" | null };

/**
 * What follows one attempt. 2xx is success (redirects are failures: they are never followed);
 * 410 Gone disables the endpoint at once; otherwise retry on the schedule, and disable the
 * endpoint once it has been failing for five days straight (`failingSince` is when its first
 * unanswered failure happened, this one included).
 */
export function decideAfterAttempt(input: { result: AttemptResult; runAttempts: number; failingSince: Date; now: Date; random: Random }): AttemptDecision {
  const { result, runAttempts, failingSince, now, random } = input;
  if (result.kind === "response" && result.status >= 200 && result.status < 300) return { outcome: "succeeded" };
  if (result.kind === "response" && result.status === 410) return { outcome: "failed", disableEndpoint: "GONE" };
  if (now.getTime() - failingSince.getTime() >= DISABLE_AFTER_FAILING_MS) return { outcome: "failed", disableEndpoint: "FAILING" };
  const delay = retryDelayMs(runAttempts, random);
  if (delay === null) return { outcome: "failed", disableEndpoint: null };
  return { outcome: "retry", nextAttemptAt: new Date(now.getTime() + delay) };
}
