import type { ErrorCode } from "../../../shared/errors.ts";

/**
 * After a reviewer decides, the held transfer is settled by the transactions service. Failures
 * that may pass (it is down, slow, or crashed mid-call) are retried with backoff for as long as
 * it takes. A refusal (not found, not held) usually stays a refusal, but not always: the hold is
 * placed just after scoring, so a fast reviewer or a transactions crash in between sees "not
 * held" for a while. Refusals are therefore retried a bounded number of times, then the case is
 * left for a person (a repeated review tries again).
 */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set(["UNAVAILABLE", "DEADLINE_EXCEEDED", "INTERNAL", "RATE_LIMITED"]);

export const isTransientFailure = (code: ErrorCode): boolean => TRANSIENT.has(code);

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  /** Failed attempts after which a refusal ends the retries. */
  maxRefusedAttempts: number;
}

export type NextStep = { retryInMs: number } | { giveUp: true };

/** Delay before the next attempt after `failures` failed ones: doubling from base, capped. */
export function retryDelayMs(failures: number, baseMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(maxMs, baseMs * 2 ** exponent);
}

/** What to do after the `failures`-th failed attempt ended with `code`. */
export function afterFailure(code: ErrorCode, failures: number, p: RetryPolicy): NextStep {
  if (!isTransientFailure(code) && failures >= p.maxRefusedAttempts) return { giveUp: true };
  return { retryInMs: retryDelayMs(failures, p.baseMs, p.maxMs) };
}
