import { z } from "zod";

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export const transactionsConfig = z.object({
  /** A PENDING (not held) or PROCESSING transaction untouched this long is settled by the sweeper. */
  SWEEPER_STALE_AFTER_S: int(1, 24 * 3600, 30),
  SWEEPER_INTERVAL_MS: int(50, 3_600_000, 5_000),
  SWEEPER_BATCH: int(1, 1_000, 50),
  /** An Idempotency-Key claim older than this whose request never finished may be taken over by a retry. */
  IDEMPOTENCY_IN_FLIGHT_TIMEOUT_S: int(1, 3600, 30),
  /** How long an Idempotency-Key and its stored response are kept. */
  IDEMPOTENCY_RETENTION_H: int(1, 24 * 90, 24),
  /** kyc.getLimits answers are cached in process memory, emptied by kyc's events; this bounds an entry's age if one is missed. */
  LIMITS_CACHE_TTL_MS: int(0, 300_000, 30_000),
});
export type TransactionsConfig = z.infer<typeof transactionsConfig>;
