import type { KycTier } from "../../proto-like-schemas/money.ts";
import type { Executor } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import { allowanceOf, depositCaps, transferCaps, type Allowance } from "./domain/limits.ts";
import type { LimitsCache } from "./limits-cache.ts";
import { usedOf } from "./store.ts";

export interface UserAllowance {
  tier: KycTier;
  transfer: Allowance;
  deposit: Allowance;
}

/**
 * What a user may still send and deposit now: their tier's limits (from the same cache the
 * payments use) against the same usage sums and caps the limit check applies, so the page says
 * exactly what a payment would be told. A read without the per-user lock: a payment under way
 * may change it a moment later, as any balance shown on a page may.
 */
export async function allowanceFor(db: Executor, limits: LimitsCache, userId: string, now = new Date()): Promise<UserAllowance> {
  const [tierLimits, transfers, deposits] = await Promise.all([tierLimitsOf(limits, userId), usedOf(db, userId, "transfer", now), usedOf(db, userId, "deposit", now)]);
  return {
    tier: tierLimits.tier,
    transfer: allowanceOf(transferCaps(tierLimits, transfers, now)),
    deposit: allowanceOf(depositCaps(tierLimits, deposits, now)),
  };
}

/** The tier's limits; kyc's refusals said as a page can use them (a profile not created yet, kyc down). */
async function tierLimitsOf(limits: LimitsCache, userId: string) {
  try {
    return await limits.get(userId);
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") throw new AppError("FAILED_PRECONDITION", "Your account limits are not available yet; try again shortly");
    if (err instanceof AppError && err.code === "INTERNAL") throw new AppError("UNAVAILABLE", "The kyc service failed; please try again");
    throw err;
  }
}
