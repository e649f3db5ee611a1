import type { FC } from "hono/jsx";
import { EmptyState } from "../components/empty-state.tsx";
import { Icon } from "../components/icons.tsx";

export interface DashboardProps {
  /** "Good evening, Ada". */
  greeting: string;
}

const StatTile: FC<{ label: string; icon: "chart" | "arrows" | "wallet" }> = ({ label, icon }) => (
  <article class="card stat">
    <div class="stat-head">
      <p class="stat-label">{label}</p>
      <span class="stat-icon">
        <Icon name={icon} />
      </span>
    </div>
    <p class="stat-value stat-empty">—</p>
  </article>
);

/**
 * The dashboard's content area. The wallet card, stats and activity are placeholders that later
 * work replaces with live data; each says plainly what will appear there.
 */
export const DashboardContent: FC<DashboardProps> = ({ greeting }) => (
  <div class="stack">
    <section class="greeting">
      <div>
        <h2 class="greeting-title">{greeting}</h2>
        <p class="greeting-text">Here's where your money stands today.</p>
      </div>
      <a href="/kyc" class="pill pill-muted">
        <Icon name="shield" />
        Verification
      </a>
    </section>

    <div class="dashboard-grid">
      <article class="card wallet-card">
        <div class="wallet-card-head">
          <p class="wallet-card-label">Available Balance</p>
          <span class="wallet-card-chip">USD · Personal wallet</span>
        </div>
        <div class="wallet-card-body">
          <p class="wallet-card-placeholder">Your wallet will appear here</p>
          <p class="wallet-card-note">Your balance, deposits and transfers will show up on this card.</p>
        </div>
      </article>

      <div class="stats">
        <StatTile label="Spent this month" icon="chart" />
        <StatTile label="Transactions" icon="arrows" />
        <StatTile label="Avg / Transaction" icon="wallet" />
        <p class="stats-caption">Your spending insights will appear here.</p>
      </div>
    </div>

    <article class="card">
      <header class="card-head">
        <div>
          <h3 class="card-title">Recent Activity</h3>
          <p class="card-subtitle">Your latest deposits and transfers</p>
        </div>
        <a href="/transactions" class="card-link">
          View all <Icon name="arrowRight" />
        </a>
      </header>
      <EmptyState icon="clock" title="Your recent activity will appear here" compact>
        Deposits, transfers and requests are listed as they happen.
      </EmptyState>
    </article>
  </div>
);
