import { getCookie } from "hono/cookie";
import { BalanceHistory } from "@mint/views/components/balance-history.tsx";
import { LimitsPanel } from "@mint/views/components/limits-panel.tsx";
import { WalletCard, type WalletCardData } from "@mint/views/components/wallet-card.tsx";
import { MonthStats, RecentActivity } from "@mint/views/pages/dashboard.tsx";
import { WalletCounts } from "@mint/views/pages/wallet.tsx";
import type { C } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { type JSX, view as h } from "../../app/render.tsx";
import type { SignedIn } from "../../app/session.ts";
import type { Wallet } from "../../clients/wallet.ts";
import { balanceChart } from "../../domain/money/balance-chart.ts";
import { zoneOrUtc } from "../../domain/transactions/days.ts";
import { limitGroups, tierLabel } from "../../domain/money/limits-view.ts";
import { formatCents } from "../../domain/money/money.ts";
import { averageCents, utcMonth } from "../../domain/analytics/month-stats.ts";
import { transactionRowView } from "../../domain/transactions/transaction-view.ts";
import { returnPath } from "./return-path.ts";
import { moneyBlockedReason, walletState, walletStateLabel } from "../../domain/money/wallet-status.ts";

/**
 * The parts of the dashboard and the wallet page that change when money moves. Each loads its own
 * data and renders itself, whole, with its id: for the page, for its own fragment route (which it
 * calls when a live event says it changed), and out of band after a deposit or transfer. A part
 * whose service does not answer says so and the rest of the page renders.
 */

export type Part = (kit: Kit, c: C, s: SignedIn, opts?: { oob?: boolean }) => Promise<JSX.Element>;

/** How many days the balance chart covers. */
export const HISTORY_DAYS = 30;
/** How many transactions the dashboard's recent activity lists. */
export const RECENT_COUNT = 6;

const TZ_COOKIE = "mint_tz";

/** The wallet as the card shows it: formatted amounts, the status in any letter case. */
export function walletCardData(w: Pick<Wallet, "availableBalance" | "heldAmount" | "owedAmount" | "balance" | "status">): WalletCardData {
  const state = walletState(w.status);
  return {
    available: formatCents(w.availableBalance),
    held: w.heldAmount > 0 ? formatCents(w.heldAmount) : undefined,
    owed: w.owedAmount > 0 ? formatCents(w.owedAmount) : undefined,
    balance: formatCents(w.balance),
    state,
    stateLabel: walletStateLabel(state),
    blockedReason: moneyBlockedReason(state),
  };
}

/**
 * The page a part is shown on: the request's own path for a page, the page htmx is on for a
 * fragment or a form's answer (HX-Current-URL).
 */
export function pageOf(c: C): string {
  const current = c.req.header("hx-current-url");
  try {
    return returnPath(new URL(current ?? c.req.url).pathname);
  } catch {
    return returnPath(undefined);
  }
}

export const walletCardOf = (wallet: { ok: true; data: Wallet } | { ok: false }, returnTo: string, oob?: boolean) =>
  h(WalletCard, { wallet: wallet.ok ? walletCardData(wallet.data) : undefined, returnTo, oob });

export const cardPart: Part = async (kit, c, s, opts) => walletCardOf(await kit.clients.wallet.get(c.get("meta"), s.accessToken), pageOf(c), opts?.oob);

export const activityPart: Part = async (kit, c, s, opts) => {
  const r = await kit.clients.transactions.list(c.get("meta"), s.accessToken, { limit: RECENT_COUNT });
  const tz = zoneOrUtc(getCookie(c, TZ_COOKIE));
  return h(RecentActivity, { rows: r.ok ? r.data.items.map((t) => transactionRowView(t, s.user.id, tz, "dateTime")) : undefined, oob: opts?.oob });
};

export const statsPart: Part = async (kit, c, s) => {
  const r = await kit.clients.analytics.summary(c.get("meta"), s.accessToken, utcMonth(new Date()));
  return h(MonthStats, {
    stats: r.ok
      ? {
          spent: formatCents(r.data.totalSpend),
          count: r.data.transactionCount,
          average: formatCents(averageCents(r.data.totalSpend, r.data.transactionCount)),
        }
      : undefined,
  });
};

export const countsPart: Part = async (kit, c, s, opts) => {
  const r = await kit.clients.transactions.counts(c.get("meta"), s.accessToken);
  return h(WalletCounts, { counts: r.ok ? r.data : undefined, oob: opts?.oob });
};

export const historyPart: Part = async (kit, c, s, opts) => {
  const r = await kit.clients.wallet.balanceSeries(c.get("meta"), s.accessToken, HISTORY_DAYS);
  return h(BalanceHistory, { chart: r.ok ? balanceChart(r.data.days) : undefined, days: HISTORY_DAYS, oob: opts?.oob });
};

export const limitsPart: Part = async (kit, c, s, opts) => {
  const r = await kit.clients.transactions.limits(c.get("meta"), s.accessToken);
  return h(LimitsPanel, { tierLabel: r.ok ? tierLabel(r.data.tier) : undefined, groups: r.ok ? limitGroups(r.data) : undefined, oob: opts?.oob });
};

/**
 * What a completed or held payment changes on the page the form was sent from, refreshed out of
 * band in the same answer. Parts whose data changes later (this month's spending, computed from
 * events) refresh on their live event instead.
 */
const CHANGED_BY_PAYMENT: Record<string, Part[]> = {
  "/dashboard": [cardPart, activityPart],
  "/wallet": [cardPart, countsPart, historyPart, limitsPart],
};

export async function partsChangedByPayment(kit: Kit, c: C, s: SignedIn, pagePath: string): Promise<JSX.Element[]> {
  const parts = CHANGED_BY_PAYMENT[pagePath] ?? [];
  return Promise.all(parts.map((part) => part(kit, c, s, { oob: true })));
}
