import type Redis from "ioredis";
import { AppError } from "../../shared/errors.ts";
import { ACCOUNT_POLICY, delayAfterFailures, IP_POLICY, type ThrottlePolicy } from "./domain/throttle.ts";

/**
 * Login throttling state in Redis (losing it only forgets recent failures). Each subject (an
 * account or an IP) has a failure counter and a "blocked until" key whose TTL is the delay.
 */
const failKey = (kind: string, id: string) => `auth:login:fail:${kind}:${id}`;
const blockKey = (kind: string, id: string) => `auth:login:block:${kind}:${id}`;

/** The Redis keys holding one client address's failures and delay. */
export const ipThrottleKeys = (ip: string): string[] => [failKey("ip", ip), blockKey("ip", ip)];

export function createLoginThrottle(redis: Redis) {
  const subjects = (email: string, ip: string): [string, string, ThrottlePolicy][] => [
    ["acct", email, ACCOUNT_POLICY],
    ["ip", ip, IP_POLICY],
  ];

  return {
    /** Throws RATE_LIMITED with Retry-After while either the account or the IP is in a delay. */
    async check(email: string, ip: string): Promise<void> {
      const ttls = await Promise.all(subjects(email, ip).map(([k, id]) => redis.pttl(blockKey(k, id))));
      const wait = Math.max(...ttls, 0);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        throw new AppError("RATE_LIMITED", `Too many failed sign-in attempts; try again in ${seconds} s`, {
          headers: { "retry-after": String(seconds) },
          details: { retryAfterSeconds: seconds },
        });
      }
    },
    async recordFailure(email: string, ip: string): Promise<void> {
      for (const [kind, id, policy] of subjects(email, ip)) {
        const failures = await redis.incr(failKey(kind, id));
        await redis.pexpire(failKey(kind, id), policy.windowMs);
        const delay = delayAfterFailures(failures, policy);
        if (delay > 0) await redis.set(blockKey(kind, id), "1", "PX", delay);
      }
    },
    async recordSuccess(email: string): Promise<void> {
      await redis.del(failKey("acct", email), blockKey("acct", email));
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
