import type { FC } from "hono/jsx";
import { CardHead } from "./card-head.tsx";
import { refreshesOn } from "./live-part.tsx";
import { Unavailable } from "./unavailable.tsx";

/** As domain/money/limits-view.ts builds it. */
export interface LimitsPanelGroup {
  title: string;
  summary: string;
  rows: {
    label: string;
    limit: string;
    usage?: { used: string; left: string; usedCents: number; limitCents: number; resets: string; full: boolean };
  }[];
}

/**
 * "Your limits": per transaction, per day and per month, with how much is used and how much is
 * left, for sending money and for deposits, as the transactions service counts them. Refreshes
 * itself when money moves or the tier changes.
 */
export const LimitsPanel: FC<{ tierLabel?: string; groups?: LimitsPanelGroup[]; oob?: boolean }> = ({ tierLabel, groups, oob }) => (
  <section
    id="wallet-limits"
    class="card limits"
    aria-labelledby="wallet-limits-title"
    {...refreshesOn("/wallet/parts/limits", ["wallet-changed", "kyc-changed"], oob)}
  >
    <CardHead
      id="wallet-limits-title"
      title="Your limits"
      subtitle={
        <>
          {tierLabel ? `${tierLabel} tier · ` : ""}
          <a href="/kyc">Raise your limits</a>
        </>
      }
    />
    {!groups ? (
      <Unavailable what="Your limits" />
    ) : (
      <div class="limits-groups">
        {groups.map((g, gi) => (
          <div class="limits-group">
            <h3 class="limits-title">{g.title}</h3>
            <p class="limits-summary">{g.summary}</p>
            <dl class="limits-rows">
              {g.rows.map((r, ri) => (
                <div class={`limit-row${r.usage?.full ? " is-full" : ""}`}>
                  <dt class="limit-label">{r.label}</dt>
                  <dd class="limit-value">{r.limit}</dd>
                  {r.usage ? (
                    <dd class="limit-usage">
                      <meter
                        id={`limit-meter-${gi}-${ri}`}
                        min={0}
                        max={r.usage.limitCents}
                        value={r.usage.usedCents}
                        low={Math.floor(r.usage.limitCents * 0.75)}
                        high={Math.floor(r.usage.limitCents * 0.9)}
                        optimum={0}
                        aria-label={`${g.title}, ${r.label.toLowerCase()}: ${r.usage.used} used of ${r.limit}`}
                      >
                        {r.usage.used} of {r.limit}
                      </meter>
                      <span class="limit-numbers">
                        <span>{r.usage.used} used</span>
                        <span class="limit-left">{r.usage.left} left</span>
                      </span>
                      <span class="limit-resets">{r.usage.resets}</span>
                    </dd>
                  ) : (
                    <dd class="limit-usage limit-usage-cap">The most in one {g.title === "Deposits" ? "deposit" : "transfer"}</dd>
                  )}
                </div>
              ))}
            </dl>
          </div>
        ))}
      </div>
    )}
  </section>
);
