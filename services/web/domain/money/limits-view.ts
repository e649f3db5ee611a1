import { formatCents } from "./money.ts";

/**
 * The "your limits" panel: each limit with how much of it is used and how much is left, as the
 * transactions service counts them (GET /api/v1/transactions/limits).
 */

export interface LimitWindow {
  window: "PER_TRANSACTION" | "DAILY" | "MONTHLY";
  limit: number;
  used: number;
  remaining: number;
  resetsAt: string | null;
}

export interface KindAllowance {
  available: number;
  windows: LimitWindow[];
}

export interface LimitRow {
  /** "Per transaction", "Today", "This month". */
  label: string;
  limit: string;
  /** For windows that fill up (day, month); absent for the per-transaction cap. */
  usage?: { used: string; left: string; usedCents: number; limitCents: number; resets: string; full: boolean };
}

export interface LimitGroup {
  title: string;
  /** "You can send up to $1,550.00 right now." */
  summary: string;
  rows: LimitRow[];
}

const LABELS: Record<LimitWindow["window"], string> = { PER_TRANSACTION: "Per transaction", DAILY: "Today", MONTHLY: "This month" };
const RESETS: Record<LimitWindow["window"], string> = { PER_TRANSACTION: "", DAILY: "Resets at midnight UTC", MONTHLY: "Resets on the 1st (UTC)" };

function group(title: string, verb: string, a: KindAllowance): LimitGroup {
  return {
    title,
    summary: a.available > 0 ? `You can ${verb} up to ${formatCents(a.available)} right now.` : `You can't ${verb} more until a limit resets.`,
    rows: a.windows.map((w) => ({
      label: LABELS[w.window],
      limit: formatCents(w.limit),
      usage:
        w.window === "PER_TRANSACTION"
          ? undefined
          : { used: formatCents(w.used), left: formatCents(w.remaining), usedCents: Math.min(w.used, w.limit), limitCents: w.limit, resets: RESETS[w.window], full: w.remaining === 0 },
    })),
  };
}

export function limitGroups(allowance: { transfer: KindAllowance; deposit: KindAllowance }): LimitGroup[] {
  return [group("Sending money", "send", allowance.transfer), group("Deposits", "deposit", allowance.deposit)];
}

const TIER_LABELS: Record<string, string> = { UNVERIFIED: "Unverified", BASIC: "Basic", VERIFIED: "Verified" };

/** "Basic"; an unknown tier is shown as given. */
export const tierLabel = (tier: string): string => TIER_LABELS[tier] ?? tier;
