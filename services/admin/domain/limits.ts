import type { FieldError } from "../../../shared/errors.ts";
import { KYC_TIERS, type KycTier } from "../../../proto-like-schemas/money.ts";
import type { TierLimits } from "../../../proto-like-schemas/kyc.ts";

/** One tier's limits as the console's form states them (cents). */
export interface AdminTierLimits {
  perTransactionCents: number;
  dailyCents: number;
  monthlyCents: number;
  depositPerTransactionCents: number;
  depositDailyCents: number;
}

export type LimitsTable = Record<KycTier, AdminTierLimits>;
export type LimitsChange = Partial<Record<KycTier, Partial<AdminTierLimits>>>;

export const fromKyc = (l: TierLimits): AdminTierLimits => ({
  perTransactionCents: l.perTxnCents,
  dailyCents: l.dailyCents,
  monthlyCents: l.monthlyCents,
  depositPerTransactionCents: l.depositPerTxnCents,
  depositDailyCents: l.depositDailyCents,
});

export const toKyc = (l: AdminTierLimits): TierLimits => ({
  perTxnCents: l.perTransactionCents,
  dailyCents: l.dailyCents,
  monthlyCents: l.monthlyCents,
  depositPerTxnCents: l.depositPerTransactionCents,
  depositDailyCents: l.depositDailyCents,
});

const FIELDS = ["perTransactionCents", "dailyCents", "monthlyCents", "depositPerTransactionCents", "depositDailyCents"] as const;

/** A narrower window never allows more than a wider one. */
const ORDER: [narrower: (typeof FIELDS)[number], wider: (typeof FIELDS)[number]][] = [
  ["perTransactionCents", "dailyCents"],
  ["dailyCents", "monthlyCents"],
  ["depositPerTransactionCents", "depositDailyCents"],
];

const same = (a: AdminTierLimits, b: AdminTierLimits) => FIELDS.every((f) => a[f] === b[f]);

/**
 * Lays the change over the current table (fields left out keep their value) and checks every
 * tier it touches: per-transaction ≤ daily ≤ monthly, deposit per-transaction ≤ deposit daily.
 * Errors name the field as the form does (`tiers.BASIC.dailyCents`). `changes` lists only the
 * tiers whose values differ.
 */
export function applyLimitsChange(current: LimitsTable, change: LimitsChange): { next: LimitsTable; changes: { tier: KycTier; previous: AdminTierLimits; limits: AdminTierLimits }[]; errors: FieldError[] } {
  const next = { ...current };
  const errors: FieldError[] = [];
  const changes: { tier: KycTier; previous: AdminTierLimits; limits: AdminTierLimits }[] = [];
  for (const tier of KYC_TIERS) {
    const patch = change[tier];
    if (!patch) continue;
    const limits = { ...current[tier], ...patch };
    for (const [narrower, wider] of ORDER) {
      if (limits[narrower] > limits[wider]) errors.push({ field: `tiers.${tier}.${wider}`, message: `must be at least ${narrower} (${limits[narrower]})` });
    }
    next[tier] = limits;
    if (!same(limits, current[tier])) changes.push({ tier, previous: current[tier], limits });
  }
  return { next, changes, errors };
}
