import type { FC } from "hono/jsx";
import type { TransactionDetailView } from "../../../services/web/domain/transactions/transaction-view.ts";
import { Icon } from "../../components/icons.tsx";

/** The panel's id on a page of its own: its refreshes ask for the panel without the close button. */
export const STANDALONE_ID = "txn-detail-standalone";

/**
 * One transaction in full: the other party's name, the amount, fees, type, category, note, id,
 * and its status history. It refreshes itself when a transaction's status changes, so an admin's
 * decision on a held transfer shows while it is open.
 */
export const TransactionDetailPanel: FC<{ d: TransactionDetailView; inDialog: boolean }> = ({ d, inDialog }) => (
  <div id={inDialog ? "txn-detail-panel" : STANDALONE_ID} class="txn-detail" hx-get={`/transactions/${d.id}`} hx-trigger="transactions-changed from:body" hx-target="this" hx-swap="outerHTML">
    <div class="txn-detail-head">
      <div>
        <h2 id="txn-detail-title" class="txn-detail-title">
          {d.title}
        </h2>
        <p class={`txn-detail-amount txn-amount-${d.direction}${d.void ? " txn-amount-void" : ""}`}>
          <span class="txn-visually-hidden">{d.flowLabel}: </span>
          {d.amount}
        </p>
        <p class="txn-detail-status">
          <span class={`txn-status tone-${d.status.tone}`}>{d.status.label}</span>
        </p>
      </div>
      {inDialog ? (
        <button type="button" class="icon-btn" aria-label="Close" data-dialog-close>
          <Icon name="x" />
        </button>
      ) : null}
    </div>
    {d.statusText ? <p class="txn-detail-explain">{d.statusText}</p> : null}

    <dl class="txn-facts">
      {d.party ? (
        <div>
          <dt>{d.party.role}</dt>
          <dd>
            <span class="txn-fact-name">{d.party.name}</span>
            {d.party.email && d.party.email !== d.party.name ? <span class="txn-fact-sub">{d.party.email}</span> : null}
          </dd>
        </div>
      ) : (
        <div>
          <dt>To</dt>
          <dd>Your wallet</dd>
        </div>
      )}
      <div>
        <dt>Amount</dt>
        <dd>{d.amount}</dd>
      </div>
      <div>
        <dt>Fees</dt>
        <dd>None</dd>
      </div>
      <div>
        <dt>Type</dt>
        <dd>{d.type}</dd>
      </div>
      <div>
        <dt>Category</dt>
        <dd>{d.category ?? "None"}</dd>
      </div>
      {d.merchant ? (
        <div>
          <dt>Merchant</dt>
          <dd>{d.merchant}</dd>
        </div>
      ) : null}
      <div>
        <dt>Note</dt>
        <dd class="txn-fact-note">{d.note ?? "None"}</dd>
      </div>
      <div>
        <dt>Date</dt>
        <dd>
          <time datetime={d.created.at}>{d.created.when}</time>
        </dd>
      </div>
      <div>
        <dt>Transaction ID</dt>
        <dd class="txn-fact-id">{d.id}</dd>
      </div>
    </dl>

    <h3 class="txn-history-title">Status history</h3>
    <ol class="txn-history">
      {d.steps.map((s) => (
        <li class="txn-step">
          <p class="txn-step-title">{s.title}</p>
          <p class="txn-step-when">
            <time datetime={s.at}>{s.when}</time>
          </p>
          {s.text ? <p class="txn-step-text">{s.text}</p> : null}
        </li>
      ))}
    </ol>
  </div>
);

/** /transactions/{id} without JavaScript: the same panel on a page of its own. */
export const TransactionDetailPage: FC<{ d: TransactionDetailView }> = ({ d }) => (
  <div class="stack">
    <p>
      <a href="/transactions" class="card-link txn-back">
        ← All transactions
      </a>
    </p>
    <article class="card txn-detail-card">
      <TransactionDetailPanel d={d} inDialog={false} />
    </article>
  </div>
);
