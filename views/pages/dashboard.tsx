import type { Child, FC } from "hono/jsx";
import { CardHead } from "../components/card-head.tsx";
import { EmptyState } from "../components/empty-state.tsx";
import { Icon } from "../components/icons.tsx";
import { refreshesOn } from "../components/live-part.tsx";
import { StatTile } from "../components/stat-tile.tsx";
import { TransactionRow, type TransactionRowView } from "../components/transaction-row.tsx";
import { Unavailable } from "../components/unavailable.tsx";
import type { KycTier } from "../types.ts";

export interface DashboardProps {
  /** "Good evening, Ada". */
  greeting: string;
  tierPill: Child;
  walletCard: Child;
  stats: Child;
  activity: Child;
  /** The Deposit and Send Money dialogs. */
  dialogs: Child;
}

const TIER_TEXT: Record<KycTier, string> = { UNVERIFIED: "Unverified", BASIC: "Basic tier", VERIFIED: "Verified" };

/** The verification tier, in words and colour, linking to /kyc; refreshes when the tier changes. */
export const TierPill: FC<{ tier?: KycTier }> = ({ tier }) => (
  <a
    id="tier-pill"
    href="/kyc"
    class={`pill tier-pill tier-pill-${tier ? tier.toLowerCase() : "unknown"}`}
    hx-get="/dashboard/parts/tier"
    hx-trigger="kyc-changed from:body"
    hx-swap="outerHTML"
  >
    <Icon name={tier === "VERIFIED" ? "shieldCheck" : "shield"} />
    <span>
      <span class="sr-only">Verification: </span>
      {tier ? TIER_TEXT[tier] : "Verification"}
    </span>
  </a>
);

export interface MonthStatsData {
  spent: string;
  count: number;
  average: string;
}

/** Spent / Transactions / Avg for this month (analytics); refreshes when spending changes. */
export const MonthStats: FC<{ stats?: MonthStatsData }> = ({ stats }) => (
  <section id="month-stats" class="stats" aria-label="This month" hx-get="/dashboard/parts/stats" hx-trigger="analytics-changed from:body" hx-swap="outerHTML">
    {stats ? (
      <>
        <StatTile label="Spent this month" icon="chart" value={stats.spent} note="so far, in payments you made" />
        <StatTile label="Transactions" icon="arrows" value={String(stats.count)} note={stats.count === 1 ? "payment this month" : "payments this month"} />
        <StatTile label="Avg / transaction" icon="wallet" value={stats.average} note="per payment this month" />
      </>
    ) : (
      <Unavailable what="This month's spending" />
    )}
  </section>
);

/** The latest six movements with the other party's name, and "View all"; refreshes when money moves. */
export const RecentActivity: FC<{ rows?: TransactionRowView[]; oob?: boolean }> = ({ rows, oob }) => (
  <section
    id="recent-activity"
    class="card"
    aria-labelledby="recent-activity-title"
    {...refreshesOn("/dashboard/parts/activity", ["wallet-changed", "transactions-changed"], oob)}
  >
    <CardHead id="recent-activity-title" title="Recent activity" subtitle="Your latest deposits and transfers">
      <a href="/transactions" class="card-link">
        View all <span class="sr-only">transactions</span>
        <Icon name="arrowRight" />
      </a>
    </CardHead>
    {!rows ? (
      <Unavailable what="Your recent activity" />
    ) : rows.length === 0 ? (
      <EmptyState icon="clock" title="No transactions yet" compact>
        <a href="/wallet/deposit">Make your first deposit</a> and it will show up here.
      </EmptyState>
    ) : (
      <ul class="txn-rows">
        {rows.map((row) => (
          <TransactionRow row={row} href={`/transactions/${row.id}`} />
        ))}
      </ul>
    )}
  </section>
);

/** The dashboard: greeting and tier, the wallet card, this month's tiles, recent activity. */
export const DashboardContent: FC<DashboardProps> = ({ greeting, tierPill, walletCard, stats, activity, dialogs }) => (
  <div class="stack">
    <section class="greeting">
      <div>
        <h2 class="greeting-title">{greeting}</h2>
        <p class="greeting-text">Here's where your money stands today.</p>
      </div>
      {tierPill}
    </section>

    <div class="dashboard-grid">
      {walletCard}
      {stats}
    </div>

    {activity}
    {dialogs}
  </div>
);
