/**
 * The system limits form: every tier's five limits typed in dollars, checked as the admin API
 * checks them (positive, per-transaction ≤ daily ≤ monthly, per-deposit ≤ daily deposits) so the
 * messages stand next to the fields, and only what changed is sent.
 */
import type { Problem } from "../page/problem.ts";
import { centsToInput, parseDollars } from "../money/money.ts";

export const LIMIT_TIERS = ["UNVERIFIED", "BASIC", "VERIFIED"] as const;
export type LimitTier = (typeof LIMIT_TIERS)[number];
export const LIMIT_KEYS = ["perTransactionCents", "dailyCents", "monthlyCents", "depositPerTransactionCents", "depositDailyCents"] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];

export const LIMIT_LABEL: Record<LimitKey, string> = {
  perTransactionCents: "One transfer",
  dailyCents: "Transfers per day",
  monthlyCents: "Transfers per month",
  depositPerTransactionCents: "One deposit",
  depositDailyCents: "Deposits per day",
};

export type TierTable = Record<LimitTier, Record<LimitKey, number>>;
export type LimitsChange = Partial<Record<LimitTier, Partial<Record<LimitKey, number>>>>;

/** A field's form name: "BASIC.dailyCents" (the admin API's error path without its "tiers." prefix). */
export const limitField = (tier: LimitTier, key: LimitKey) => `${tier}.${key}`;

/** The table as the form shows it: dollars ("500.00"). */
export function limitsToForm(table: TierTable): Record<string, string> {
  const values: Record<string, string> = {};
  for (const tier of LIMIT_TIERS) for (const key of LIMIT_KEYS) values[limitField(tier, key)] = centsToInput(table[tier][key]);
  return values;
}

export interface ParsedLimits {
  /** What the admin typed (trimmed), to show again. */
  values: Record<string, string>;
  errors: Record<string, string>;
  /** The fields that differ from `current`, in cents (empty when nothing changed); null with errors. */
  change: LimitsChange | null;
}

const ORDER: [LimitKey, LimitKey, string][] = [
  ["perTransactionCents", "dailyCents", "One transfer can't be more than a day of transfers."],
  ["dailyCents", "monthlyCents", "A day of transfers can't be more than a month of transfers."],
  ["depositPerTransactionCents", "depositDailyCents", "One deposit can't be more than a day of deposits."],
];

export function parseLimitsForm(form: Record<string, string | undefined>, current: TierTable): ParsedLimits {
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  const cents: Partial<Record<string, number>> = {};
  for (const tier of LIMIT_TIERS) {
    for (const key of LIMIT_KEYS) {
      const name = limitField(tier, key);
      const text = (form[name] ?? "").trim();
      values[name] = text;
      const parsed = parseDollars(text);
      if (!parsed.ok) errors[name] = text === "" ? "Enter a limit in dollars." : parsed.message;
      else cents[name] = parsed.cents;
    }
    for (const [smaller, larger, message] of ORDER) {
      const a = cents[limitField(tier, smaller)];
      const b = cents[limitField(tier, larger)];
      if (a !== undefined && b !== undefined && a > b) errors[limitField(tier, larger)] ??= message;
    }
  }
  if (Object.keys(errors).length > 0) return { values, errors, change: null };
  const change: LimitsChange = {};
  for (const tier of LIMIT_TIERS) {
    for (const key of LIMIT_KEYS) {
      const v = cents[limitField(tier, key)]!;
      if (v !== current[tier][key]) (change[tier] ??= {})[key] = v;
    }
  }
  return { values, errors, change };
}

/** The admin API's field errors ("tiers.BASIC.dailyCents") on the form's fields; the rest for the form. */
export function limitsApiErrors(problem: Problem): { fields: Record<string, string>; form: string[] } {
  const fields: Record<string, string> = {};
  const form: string[] = [];
  for (const e of problem.errors ?? []) {
    const name = e.field.replace(/^(body\.)?tiers\./, "");
    const [tier, key] = name.split(".");
    if ((LIMIT_TIERS as readonly string[]).includes(tier ?? "") && (LIMIT_KEYS as readonly string[]).includes(key ?? "")) fields[name] ??= e.message;
    else form.push(e.field ? `${e.field} ${e.message}` : e.message);
  }
  return { fields, form };
}

/** "Basic: one transfer $500.00 → $750.00; …": what a save changed, for the toast. */
export function describeChange(change: LimitsChange, current: TierTable, tierName: (t: LimitTier) => string, money: (cents: number) => string): string {
  const parts: string[] = [];
  for (const tier of LIMIT_TIERS) {
    const fields = change[tier];
    if (!fields) continue;
    const bits = LIMIT_KEYS.filter((k) => fields[k] !== undefined).map((k) => `${LIMIT_LABEL[k].toLowerCase()} ${money(current[tier][k])} → ${money(fields[k]!)}`);
    parts.push(`${tierName(tier)}: ${bits.join(", ")}`);
  }
  return parts.join("; ");
}
