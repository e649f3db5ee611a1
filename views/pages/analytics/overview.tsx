import type { FC } from "hono/jsx";
import type { BreakdownRow, MerchantRow, SpendingTiles } from "../../../services/web/domain/analytics/spending.ts";
import { BarChart, type BarChartGeometry } from "../../components/bar-chart.tsx";
import { CardHead } from "../../components/card-head.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { StatTile } from "../../components/stat-tile.tsx";
import { ShareBar } from "../../components/share-bar.tsx";
import { Unavailable } from "../../components/unavailable.tsx";

export interface OverviewProps {
  /** "2030-06": the month these numbers are for (the live refresh asks for the same month). */
  month: string;
  monthLabel: string;
  isCurrentMonth: boolean;
  /** Undefined when the analytics service did not answer. */
  tiles?: SpendingTiles;
  categories?: { rows: BreakdownRow[]; chart: BarChartGeometry; description: string };
  merchants?: MerchantRow[];
}

const Tiles: FC<{ tiles?: SpendingTiles; monthLabel: string }> = ({ tiles, monthLabel }) =>
  tiles ? (
    <div class="analytics-tiles">
      <StatTile label="Total spend" icon="chart" value={tiles.totalSpend} note={monthLabel} />
      <StatTile label="Transactions" icon="arrows" value={tiles.transactions} note="Payments you made" />
      <StatTile label="Avg per transaction" icon="wallet" value={tiles.average} note="Per payment" />
      {tiles.topCategory ? (
        <StatTile label="Top category" icon="listCheck" value={tiles.topCategory.label} note={tiles.topCategory.share} />
      ) : (
        <StatTile label="Top category" icon="listCheck" value="—" note="No data yet" muted />
      )}
    </div>
  ) : (
    <Unavailable what="Your spending totals" />
  );

const Breakdown: FC<{ rows: BreakdownRow[] }> = ({ rows }) => (
  <ul class="breakdown" id="breakdown-list" aria-label="Spending by category">
    {rows.map((r) => (
      <li class="breakdown-row">
        <div class="breakdown-line">
          <span class="breakdown-name">
            <svg class="swatch" width="10" height="10" aria-hidden="true" focusable="false">
              <rect width="10" height="10" rx="3" fill={r.colour} />
            </svg>
            {r.label}
          </span>
          <span class="breakdown-count">{r.transactions}</span>
          <span class="breakdown-amount">{r.amount}</span>
        </div>
        <div class="breakdown-share">
          <ShareBar percent={r.barPercent} colour={r.colour} />
          <span class="breakdown-percent">{r.share}</span>
        </div>
      </li>
    ))}
  </ul>
);

const Merchants: FC<{ rows: MerchantRow[] }> = ({ rows }) => (
  <ol class="merchants">
    {rows.map((m) => (
      <li class={`merchant${m.rank === 1 ? " merchant-top" : ""}`}>
        <span class="merchant-rank">
          <span class="sr-only">Rank </span>
          {m.rank}
        </span>
        <span class="merchant-badge" aria-hidden="true">
          {m.initial}
        </span>
        <div class="merchant-body">
          <div class="merchant-line">
            <span class="merchant-name">{m.name}</span>
            <span class="merchant-amount">{m.amount}</span>
          </div>
          <ShareBar percent={m.barPercent} tone={m.rank === 1 ? "accent" : "ok"} />
          <span class="merchant-count">{m.transactions}</span>
        </div>
      </li>
    ))}
  </ol>
);

/**
 * When a payment or a budget alert arrives (the shell's live stream dispatches these on <body>),
 * the month's numbers are read again. A payment's notification can reach the page before
 * analytics has counted that payment (both consume the same event, in no set order), so a part
 * reads once a second after the event and once more a few seconds later; a budget alert is raised
 * with the count it reports, so its own event brings the final numbers.
 */
export const LIVE_REFRESH =
  "analytics-changed from:body delay:1s, wallet-changed from:body delay:1s, analytics-changed from:body delay:5s, wallet-changed from:body delay:5s";

/** The overview's content: what its live refresh (/analytics/parts/overview) answers. */
export const OverviewBody: FC<OverviewProps> = ({ monthLabel, isCurrentMonth, tiles, categories, merchants }) => (
  <>
    <Tiles tiles={tiles} monthLabel={monthLabel} />

    <div class="analytics-grid">
      <section class="card" aria-labelledby="spending-title">
        <CardHead id="spending-title" title="Spending by category" subtitle={monthLabel} level={3} />
        {!categories ? (
          <Unavailable what="Spending by category" />
        ) : categories.rows.length === 0 ? (
          <EmptyState icon="chart" title={`No spending in ${monthLabel}`} compact>
            {isCurrentMonth ? "Payments you make this month will show up here by category." : "You made no payments that month."}
          </EmptyState>
        ) : (
          <BarChart id="spending-chart" title={`Spending by category, ${monthLabel}`} description={categories.description} chart={categories.chart} describedBy="breakdown-list" />
        )}
      </section>

      <section class="card" aria-labelledby="breakdown-title">
        <CardHead id="breakdown-title" title="Breakdown" subtitle="Share of the month's spending" level={3} />
        {!categories ? (
          <Unavailable what="The breakdown" />
        ) : categories.rows.length === 0 ? (
          <EmptyState icon="listCheck" title="Nothing to break down yet" compact />
        ) : (
          <Breakdown rows={categories.rows} />
        )}
      </section>
    </div>

    <section class="card" aria-labelledby="merchants-title">
      <CardHead id="merchants-title" title="Top merchants" subtitle={`Where you spent most in ${monthLabel}`} level={3} />
      {!merchants ? (
        <Unavailable what="Top merchants" />
      ) : merchants.length === 0 ? (
        <EmptyState icon="users" title="No merchants yet" compact>
          Payments that name a merchant are ranked here.
        </EmptyState>
      ) : (
        <Merchants rows={merchants} />
      )}
    </section>
  </>
);

/**
 * Tiles, spending by category (chart and breakdown) and top merchants of one month. The container
 * stays and only its content is replaced on a refresh, so a refresh asked for while another is on
 * its way still lands (a replaced element would drop it).
 */
export const AnalyticsOverview: FC<OverviewProps> = (props) => (
  <div id="analytics-overview" class="stack" hx-get={`/analytics/parts/overview?month=${props.month}`} hx-trigger={LIVE_REFRESH} hx-sync="this:queue last" hx-swap="innerHTML">
    <OverviewBody {...props} />
  </div>
);
