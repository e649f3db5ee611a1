import { z } from "zod";
import { ConfigError } from "../../shared/config.ts";

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const score = (fallback: number) => int(0, 1_000, fallback);
const cents = (fallback: number) => int(0, 100_000_000_000, fallback);
const hour = (fallback: number) => int(0, 23, fallback);

/** Every number of the rule engine is configuration (G-16, G-22); defaults are the documented rules. */
export const fraudConfig = z.object({
  FRAUD_BLOCK_THRESHOLD: int(1, 10_000, 100),
  FRAUD_REVIEW_THRESHOLD: int(1, 10_000, 50),

  /** velocity_breach: more than MAX scored transfers in a sliding window of WINDOW_S seconds. */
  FRAUD_VELOCITY_MAX: int(1, 100_000, 5),
  FRAUD_VELOCITY_WINDOW_S: int(1, 30 * 24 * 3600, 3600),
  FRAUD_SCORE_VELOCITY: score(100),

  /** large_amount_deviation: amount > mean + SIGMAS·σ once MIN_SAMPLES completed transfers are known. */
  FRAUD_DEVIATION_SIGMAS: z.coerce.number().min(0.001).max(100).default(3),
  FRAUD_DEVIATION_MIN_SAMPLES: int(1, 1_000_000, 5),
  FRAUD_SCORE_LARGE_AMOUNT: score(60),

  /** new_recipient_large: more than this many cents to a recipient who is no contact and was never paid. */
  FRAUD_NEW_RECIPIENT_CENTS: cents(20_000),
  FRAUD_SCORE_NEW_RECIPIENT: score(50),

  /** geo_anomaly: request country differs from the user's usual one. */
  FRAUD_SCORE_GEO: score(40),

  /** night_large: more than this many cents between FROM_HOUR and TO_HOUR UTC (inclusive). */
  FRAUD_NIGHT_CENTS: cents(50_000),
  FRAUD_NIGHT_FROM_HOUR: hour(0),
  FRAUD_NIGHT_TO_HOUR: hour(4),
  FRAUD_SCORE_NIGHT: score(30),

  /** sanctioned_recipient always blocks; its score only counts towards the total shown. */
  FRAUD_SCORE_SANCTIONED: score(100),

  /** How often reviewed cases whose transaction is not settled yet are driven again. */
  FRAUD_SETTLE_EVERY_MS: int(20, 3_600_000, 2_000),
  FRAUD_SETTLE_RETRY_BASE_MS: int(10, 3_600_000, 1_000),
  FRAUD_SETTLE_RETRY_MAX_MS: int(10, 24 * 3_600_000, 300_000),
  /** Failed attempts after which a refusal by the transactions service (e.g. "not held") stops the retries. */
  FRAUD_SETTLE_MAX_REFUSALS: int(1, 1_000, 10),
  /** Deadline of one call to the transactions service while settling. */
  FRAUD_SETTLE_TIMEOUT_MS: int(50, 60_000, 5_000),
  /** How often the sanctions cache in Redis is rebuilt from Postgres (besides start-up and every change). */
  FRAUD_SANCTIONS_REFRESH_MS: int(100, 3_600_000, 60_000),
});
export type FraudConfig = z.infer<typeof fraudConfig>;

/** Rules between variables, which a per-variable schema cannot express. */
export function checkFraudConfig(config: FraudConfig): void {
  const problems: string[] = [];
  if (config.FRAUD_REVIEW_THRESHOLD > config.FRAUD_BLOCK_THRESHOLD) {
    problems.push(`FRAUD_REVIEW_THRESHOLD: ${config.FRAUD_REVIEW_THRESHOLD} must not exceed FRAUD_BLOCK_THRESHOLD (${config.FRAUD_BLOCK_THRESHOLD})`);
  }
  if (config.FRAUD_SETTLE_RETRY_BASE_MS > config.FRAUD_SETTLE_RETRY_MAX_MS) {
    problems.push(`FRAUD_SETTLE_RETRY_BASE_MS: ${config.FRAUD_SETTLE_RETRY_BASE_MS} must not exceed FRAUD_SETTLE_RETRY_MAX_MS (${config.FRAUD_SETTLE_RETRY_MAX_MS})`);
  }
  if (problems.length) throw new ConfigError("fraud", problems);
}
