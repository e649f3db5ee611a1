import type { FC } from "hono/jsx";
import type { TransactionRowView } from "../../services/web/domain/transactions/transaction-view.ts";
import { Icon, type IconName } from "./icons.tsx";

export type { TransactionRowView };

export interface TransactionRowProps {
  /** Built by `transactionRowView(t, viewerId, tz, when)` in services/web/domain/transactions/transaction-view.ts. */
  row: TransactionRowView;
  /** Where the row leads, e.g. `/transactions/{id}`; without it the row is not a link. */
  href?: string;
  /** With htmx, load `href` into this element (a CSS selector) instead of following the link. */
  hxTarget?: string;
}

const FLOW_ICON: Record<TransactionRowView["flow"], IconName> = { deposit: "plus", sent: "arrowUpRight", received: "arrowDownLeft" };

/**
 * One transaction in a list (an <li>: put it in a <ul class="txn-rows">): which way the money
 * went (icon, and words for screen readers), the title, the other party's name, the time, the
 * status in words, and the signed amount. Generic: the dashboard's recent activity and the
 * transactions page both use it. On a phone the parts stack.
 */
export const TransactionRow: FC<TransactionRowProps> = ({ row, href, hxTarget }) => {
  const body = (
    <>
      <span class={`txn-icon txn-icon-${row.flow}`}>
        <Icon name={FLOW_ICON[row.flow]} />
      </span>
      <span class="txn-main">
        <span class="txn-title">{row.title}</span>
        <span class="txn-meta">
          <span class="txn-visually-hidden">{row.flowLabel}. </span>
          <span class="txn-party">{row.party}</span>
          <span class="txn-dot" aria-hidden="true">
            ·
          </span>
          <time datetime={row.at}>{row.when}</time>
        </span>
      </span>
      <span class={`txn-status tone-${row.status.tone}`}>{row.status.label}</span>
      <span class={`txn-amount txn-amount-${row.direction}${row.void ? " txn-amount-void" : ""}`}>{row.amount}</span>
    </>
  );
  return (
    <li class="txn-row">
      {href ? (
        <a class="txn-link" href={href} {...(hxTarget ? { "hx-get": href, "hx-target": hxTarget, "hx-swap": "innerHTML" } : {})}>
          {body}
        </a>
      ) : (
        <div class="txn-link">{body}</div>
      )}
    </li>
  );
};
