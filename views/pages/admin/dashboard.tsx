import type { Child, FC } from "hono/jsx";
import type { Overview } from "../../../services/web/clients/admin.ts";
import { formatCents } from "../../../services/web/domain/money/money.ts";
import { Icon, type IconName } from "../../components/icons.tsx";
import { Unavailable } from "../../components/unavailable.tsx";
import { Badge, LiveNote, When } from "./parts.tsx";

/** How often the figures refresh themselves (a fragment poll: the console has no event stream of its own). */
export const FIGURES_POLL = "every 5s";

const SERVICE_PART: Record<string, string> = {
  auth: "User figures",
  kyc: "KYC figures",
  fraud: "Fraud figures",
  transactions: "Today's transfer figures",
  wallet: "Wallet figures and the ledger check",
};

const Figure: FC<{ label: string; icon: IconName; value: Child; detail?: Child; href?: string; tone?: "warning" | "danger" }> = ({ label, icon, value, detail, href, tone }) => (
  <article class={`card adm-figure${tone ? ` adm-figure-${tone}` : ""}`}>
    <div class="stat-head">
      <h2 class="stat-label">{href ? <a href={href}>{label}</a> : label}</h2>
      <span class="stat-icon" aria-hidden="true">
        <Icon name={icon} />
      </span>
    </div>
    <p class="stat-value">{value}</p>
    {detail ? <p class="adm-sub">{detail}</p> : null}
  </article>
);

/**
 * The platform's figures from GET /admin/overview. Each part whose service did not answer says
 * so; the rest shows. The region asks for itself again every few seconds (see FIGURES_POLL).
 */
export const DashboardFigures: FC<{ o: Overview | null; tz: string }> = ({ o, tz }) => (
  <div id="adm-figures" class="stack" hx-get="/app-admin/dashboard/parts/figures" hx-trigger={FIGURES_POLL} hx-swap="outerMorph" data-poll>
    {!o ? (
      <Unavailable what="The platform figures" retryHref="/app-admin/dashboard" />
    ) : (
      <>
        {o.unavailable.length > 0 ? (
          <div class="stack adm-unavailable-list">
            {o.unavailable.map((s) => (
              <Unavailable what={SERVICE_PART[s] ?? `Figures from ${s}`} />
            ))}
          </div>
        ) : null}
        <div class="adm-figures">
          {o.users ? <Figure label="Users" icon="users" href="/app-admin/users" value={o.users.total.toLocaleString("en-US")} detail={`${o.users.active.toLocaleString("en-US")} active · ${o.users.admins} admin${o.users.admins === 1 ? "" : "s"}`} /> : null}
          {o.kyc ? (
            <Figure label="KYC reviews waiting" icon="idCard" href="/app-admin/kyc" value={o.kyc.pendingReviews} tone={o.kyc.pendingReviews > 0 ? "warning" : undefined} detail={o.kyc.pendingReviews > 0 ? "Submissions to review" : "Nothing to review"} />
          ) : null}
          {o.fraud ? (
            <Figure label="Open fraud cases" icon="shieldAlert" href="/app-admin/fraud" value={o.fraud.openCases} tone={o.fraud.openCases > 0 ? "warning" : undefined} detail={o.fraud.openCases > 0 ? "Transfers held for review" : "No transfer held"} />
          ) : null}
          <Figure
            label="Waiting for a second admin"
            icon="checkCircle"
            href="/app-admin/approvals"
            value={o.approvals.pending}
            tone={o.approvals.pending > 0 ? "warning" : undefined}
            detail={o.approvals.pending > 0 ? "Dual-control actions to decide" : "Nothing waiting"}
          />
          {o.today ? (
            <>
              <Figure label="Transfers today" icon="arrows" href="/app-admin/transactions" value={o.today.transfers.toLocaleString("en-US")} detail={`${o.today.completedTransfers.toLocaleString("en-US")} completed · since 00:00 UTC`} />
              <Figure label="Volume today" icon="chart" value={formatCents(o.today.volumeCents)} detail={`Top-ups: ${o.today.topups} for ${formatCents(o.today.topupVolumeCents)}`} />
              <Figure
                label="Not settled"
                icon="clock"
                value={o.today.heldForReview + o.today.unsettled}
                tone={o.today.unsettled > 0 ? "danger" : undefined}
                detail={`${o.today.heldForReview} held for review · ${o.today.unsettled} pending or processing`}
              />
            </>
          ) : null}
          {o.funds ? (
            <Figure
              label="Funds held"
              icon="lock"
              value={formatCents(o.funds.heldCents)}
              detail={`${o.funds.openHolds} open hold${o.funds.openHolds === 1 ? "" : "s"} · ${o.funds.frozenWallets} of ${o.funds.wallets} wallets frozen`}
            />
          ) : null}
        </div>
        {o.ledger ? (
          <section class={`card adm-ledger adm-ledger-${o.ledger.ok ? "ok" : "broken"}`} aria-labelledby="ledger-title">
            <div class="card-head">
              <h2 id="ledger-title" class="card-title">
                Ledger check
              </h2>
              {o.ledger.ok ? <Badge tone="success">Balanced</Badge> : <Badge tone="danger">Problems found</Badge>}
            </div>
            <p>
              {o.ledger.ok
                ? `Every movement balances and every wallet matches its entries: ${o.ledger.movementsChecked.toLocaleString("en-US")} movements and ${o.ledger.walletsChecked.toLocaleString("en-US")} wallets checked.`
                : `The wallet's check found ${o.ledger.problems.length} problem${o.ledger.problems.length === 1 ? "" : "s"}:`}
            </p>
            {o.ledger.ok ? null : (
              <ul class="adm-list adm-problems">
                {o.ledger.problems.map((p) => (
                  <li>{p}</li>
                ))}
              </ul>
            )}
            <p class="adm-sub">
              Users hold {formatCents(o.ledger.totalUserBalanceCents)} in total. Checked <When iso={o.ledger.checkedAt} tz={tz} /> (a check is reused for up to 30 seconds).
            </p>
          </section>
        ) : null}
      </>
    )}
  </div>
);

export const DashboardPage: FC<{ o: Overview | null; tz: string }> = ({ o, tz }) => (
  <div class="stack">
    <LiveNote>These figures refresh every few seconds.</LiveNote>
    <DashboardFigures o={o} tz={tz} />
  </div>
);
