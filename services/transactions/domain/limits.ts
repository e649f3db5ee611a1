import type { TierLimits } from "../../../proto-like-schemas/kyc.ts";
import { formatCents } from "./money-format.ts";

/** Start of the UTC day that contains `now`. */
export const utcDayStart = (now: Date): Date => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

/** Start of the UTC month that contains `now`. */
export const utcMonthStart = (now: Date): Date => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

/** Start of the next UTC day (when the daily allowance is back). */
export const nextUtcDayStart = (now: Date): Date => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));

/** Start of the next UTC month (December rolls over into January). */
export const nextUtcMonthStart = (now: Date): Date => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));

export type LimitWindow = "PER_TRANSACTION" | "DAILY" | "MONTHLY";
export type LimitKind = "transfer" | "deposit";

/** What the sender has already used in each window (cents of counted transactions). */
export interface Usage {
  day: number;
  month: number;
}

export interface LimitBreach {
  kind: LimitKind;
  window: LimitWindow;
  limit: number;
  used: number;
  remaining: number;
  /** When the window's allowance comes back; null for the per-transaction cap. */
  resetsAt: Date | null;
}

/** One window of a limit as it stands: the cap, what is used of it, and when it starts again. */
export interface Cap {
  window: LimitWindow;
  limit: number;
  used: number;
  /** When the window's allowance comes back; null for the per-transaction cap. */
  resetsAt: Date | null;
}

/** The same window with what is left of it (never negative, even after a limit was lowered). */
export interface CapStatus extends Cap {
  remaining: number;
}

const remainingOf = (cap: Cap): number => Math.max(0, cap.limit - cap.used);

/** Transfers: per-transaction cap, then the UTC day, then the UTC month (the order a breach is reported in). */
export function transferCaps(limits: TierLimits, usage: Usage, now: Date): Cap[] {
  return [
    { window: "PER_TRANSACTION", limit: limits.perTxnCents, used: 0, resetsAt: null },
    { window: "DAILY", limit: limits.dailyCents, used: usage.day, resetsAt: nextUtcDayStart(now) },
    { window: "MONTHLY", limit: limits.monthlyCents, used: usage.month, resetsAt: nextUtcMonthStart(now) },
  ];
}

/** Top-ups are counted apart from transfers: their own per-transaction and daily caps. */
export function depositCaps(limits: TierLimits, usage: Pick<Usage, "day">, now: Date): Cap[] {
  return [
    { window: "PER_TRANSACTION", limit: limits.depositPerTxnCents, used: 0, resetsAt: null },
    { window: "DAILY", limit: limits.depositDailyCents, used: usage.day, resetsAt: nextUtcDayStart(now) },
  ];
}

function firstBreach(kind: LimitKind, amount: number, caps: Cap[]): LimitBreach | null {
  for (const cap of caps) {
    if (cap.used + amount > cap.limit) return { kind, window: cap.window, limit: cap.limit, used: cap.used, remaining: remainingOf(cap), resetsAt: cap.resetsAt };
  }
  return null;
}

/** Null when the amount fits every transfer window, else the first window it breaks. */
export function checkTransferLimits(limits: TierLimits, usage: Usage, amount: number, now: Date): LimitBreach | null {
  return firstBreach("transfer", amount, transferCaps(limits, usage, now));
}

/** Null when the amount fits every top-up window, else the first window it breaks. */
export function checkDepositLimits(limits: TierLimits, usage: Pick<Usage, "day">, amount: number, now: Date): LimitBreach | null {
  return firstBreach("deposit", amount, depositCaps(limits, usage, now));
}

/** What is left of a kind's limits: each window, and the largest amount the check lets through now. */
export interface Allowance {
  windows: CapStatus[];
  /** The largest amount that fits every window (0 when any is used up). */
  available: number;
}

/** The caps the check uses, reported: an amount passes the check exactly when it is 1 … `available`. */
export function allowanceOf(caps: Cap[]): Allowance {
  const windows = caps.map((cap) => ({ ...cap, remaining: remainingOf(cap) }));
  return { windows, available: Math.min(...windows.map((w) => w.remaining)) };
}

const WINDOW_WORDS: Record<LimitWindow, string> = { PER_TRANSACTION: "per-transaction", DAILY: "daily", MONTHLY: "monthly" };

/** A message that says which limit, how much was used and how much is left. */
export function describeBreach(b: LimitBreach, amount: number): string {
  const what = b.kind === "transfer" ? "transfer" : "top-up";
  if (b.window === "PER_TRANSACTION") return `Amount ${formatCents(amount)} exceeds the ${what} limit of ${formatCents(b.limit)} per transaction`;
  const period = b.window === "DAILY" ? "today" : "this month";
  return `Amount ${formatCents(amount)} exceeds the ${WINDOW_WORDS[b.window]} ${what} limit of ${formatCents(b.limit)}: ${formatCents(b.used)} used ${period}, ${formatCents(b.remaining)} remaining`;
}
