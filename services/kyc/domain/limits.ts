import type { FieldError } from "../../../shared/errors.ts";
import type { TierLimits } from "../../../proto-like-schemas/kyc.ts";
import type { KycTier } from "../../../proto-like-schemas/money.ts";

/** The limits the migration seeds (cents); kept here for the tests that check the seed. */
export const DEFAULT_LIMITS: Record<KycTier, TierLimits> = {
  UNVERIFIED: { perTxnCents: 5_000, dailyCents: 10_000, monthlyCents: 20_000, depositPerTxnCents: 5_000, depositDailyCents: 10_000 },
  BASIC: { perTxnCents: 50_000, dailyCents: 200_000, monthlyCents: 1_000_000, depositPerTxnCents: 50_000, depositDailyCents: 200_000 },
  VERIFIED: { perTxnCents: 1_000_000, dailyCents: 5_000_000, monthlyCents: 20_000_000, depositPerTxnCents: 1_000_000, depositDailyCents: 5_000_000 },
};

/** A wider window can never be smaller than a narrower one: per-txn ≤ daily ≤ monthly. */
export function limitsProblems(l: TierLimits, prefix = "limits"): FieldError[] {
  const problems: FieldError[] = [];
  if (l.dailyCents < l.perTxnCents) problems.push({ field: `${prefix}.dailyCents`, message: "must be at least perTxnCents" });
  if (l.monthlyCents < l.dailyCents) problems.push({ field: `${prefix}.monthlyCents`, message: "must be at least dailyCents" });
  if (l.depositDailyCents < l.depositPerTxnCents) problems.push({ field: `${prefix}.depositDailyCents`, message: "must be at least depositPerTxnCents" });
  return problems;
}

export const sameLimits = (a: TierLimits, b: TierLimits) =>
  a.perTxnCents === b.perTxnCents &&
  a.dailyCents === b.dailyCents &&
  a.monthlyCents === b.monthlyCents &&
  a.depositPerTxnCents === b.depositPerTxnCents &&
  a.depositDailyCents === b.depositDailyCents;
