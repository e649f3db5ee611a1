import type { FC } from "hono/jsx";
import { CardHead } from "./card-head.tsx";
import { EmptyState } from "./empty-state.tsx";
import { refreshesOn } from "./live-part.tsx";
import { Unavailable } from "./unavailable.tsx";

/** The chart as domain/money/balance-chart.ts computes it (paths in a 600 × 200 plotting box). */
export interface BalanceHistoryChart {
  linePath: string;
  areaPath: string;
  yTicks: { y: number; label: string }[];
  xLabels: string[];
  empty: boolean;
  summary: string;
  rows: { date: string; label: string; balance: string }[];
}

/**
 * Balance history over 30 days: an SVG drawn on the server that stretches to the card's width
 * (its lines keep their thickness), with the axis labels as text beside it, so they stay
 * readable on a phone. The sentence under it says what it shows, and the values are a table
 * one click away. Refreshes itself on `wallet-changed`.
 */
export const BalanceHistory: FC<{ chart?: BalanceHistoryChart; days: number; oob?: boolean }> = ({ chart, days, oob }) => (
  <section
    id="balance-history"
    class="card balance-history"
    aria-labelledby="balance-history-title"
    {...refreshesOn("/wallet/parts/history", ["wallet-changed"], oob)}
  >
    <CardHead id="balance-history-title" title="Balance history" subtitle={`Your balance at the end of each day, last ${days} days (UTC)`} />
    {!chart ? (
      <Unavailable what="Your balance history" />
    ) : chart.empty ? (
      <EmptyState icon="chart" title="No balance history yet" compact>
        Your balance over the last {days} days appears here after your first deposit.
      </EmptyState>
    ) : (
      <>
        <figure class="balance-chart">
          <div class="balance-chart-frame">
            <div class="balance-chart-y" aria-hidden="true">
              {[...chart.yTicks].reverse().map((t) => (
                <span>{t.label}</span>
              ))}
            </div>
            <div class="balance-chart-plot">
              <svg
                class="balance-chart-svg"
                viewBox="0 0 600 200"
                preserveAspectRatio="none"
                role="img"
                aria-labelledby="balance-chart-title"
                aria-describedby="balance-chart-summary"
                focusable="false"
              >
                <title id="balance-chart-title">Balance over the last {days} days</title>
                <defs>
                  <linearGradient id="balance-chart-fill" x1="0" y1="0" x2="0" y2="1">
                    <stop offset="0" stop-color="#059669" stop-opacity="0.28" />
                    <stop offset="1" stop-color="#059669" stop-opacity="0.02" />
                  </linearGradient>
                </defs>
                {chart.yTicks.map((t) => (
                  <line class="balance-chart-grid" x1="0" x2="600" y1={String(t.y)} y2={String(t.y)} vector-effect="non-scaling-stroke" />
                ))}
                <path class="balance-chart-area" d={chart.areaPath} fill="url(#balance-chart-fill)" />
                <path class="balance-chart-line" d={chart.linePath} fill="none" vector-effect="non-scaling-stroke" />
              </svg>
              <div class="balance-chart-x" aria-hidden="true">
                {chart.xLabels.map((l) => (
                  <span>{l}</span>
                ))}
              </div>
            </div>
          </div>
          <figcaption class="balance-chart-summary" id="balance-chart-summary">
            {chart.summary}
          </figcaption>
        </figure>
        <details class="chart-table">
          <summary>Show the daily balances as a table</summary>
          <div class="chart-table-scroll" tabindex={0} role="region" aria-label="Daily balances">
            <table>
              <caption class="sr-only">Balance at the end of each day, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Balance</th>
                </tr>
              </thead>
              <tbody>
                {chart.rows.map((r) => (
                  <tr>
                    <th scope="row">
                      <time datetime={r.date}>{r.label}</time>
                    </th>
                    <td>{r.balance}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </>
    )}
  </section>
);
