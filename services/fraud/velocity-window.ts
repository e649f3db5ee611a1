import type Redis from "ioredis";

/**
 * The velocity rule's sliding window: a Redis sorted set per user, member = transaction id,
 * score = time of scoring (ms). Redis holds only what may be lost: if it is, the window restarts.
 *
 * One script does the whole check atomically so concurrent transfers of one user cannot both
 * slip under the limit: drop entries older than the window, and count this transfer — once, as a
 * member keyed by transaction id, so a retried scoring is not counted twice. A transfer that
 * would exceed the limit is not added: blocked attempts must not keep the window full, or a user
 * would stay blocked for as long as they keep trying (G-15).
 */
const RESERVE = `
local key, now, oldest, member, max, ttl = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', key, '-inf', oldest)
if redis.call('ZSCORE', key, member) then
  return redis.call('ZCARD', key)
end
local n = redis.call('ZCARD', key) + 1
if n <= max then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, ttl)
end
return n
`;

type WithReserve = Redis & {
  fraudVelocityReserve(key: string, now: number, oldest: number, member: string, max: number, ttlMs: number): Promise<number>;
};

export interface VelocityWindow {
  /** Counts the transfer in the user's window (idempotent per transaction) and returns how many the window holds with it. */
  reserve(userId: string, transactionId: string, now: Date): Promise<number>;
  /** Takes a transfer out of the window again (it was blocked by another rule). */
  release(userId: string, transactionId: string): Promise<void>;
}

export function createVelocityWindow(redis: Redis, keyPrefix: string, windowS: number, max: number): VelocityWindow {
  redis.defineCommand("fraudVelocityReserve", { lua: RESERVE, numberOfKeys: 1 });
  const scripted = redis as WithReserve;
  const windowMs = windowS * 1000;
  const key = (userId: string) => `${keyPrefix}velocity:${userId}`;
  return {
    async reserve(userId, transactionId, now) {
      const t = now.getTime();
      // Entries at or before now − window have left it: the window is (now − window, now].
      return Number(await scripted.fraudVelocityReserve(key(userId), t, t - windowMs, transactionId, max, windowMs));
    },
    async release(userId, transactionId) {
      await redis.zrem(key(userId), transactionId);
    },
  };
}
