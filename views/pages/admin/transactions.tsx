import type { Child, FC } from "hono/jsx";
import type { AdminTransaction, AdminTransactionDetail } from "../../../services/web/clients/admin.ts";
import type { AdminTxnFilters, TxnFilterKey } from "../../../services/web/domain/admin/filters.ts";
import { personName } from "../../../services/web/domain/admin/words.ts";
import { formatCents } from "../../../services/web/domain/money/money.ts";
import { statusBadge, typeLabel } from "../../../services/web/domain/transactions/transaction-view.ts";
import { Alert } from "../../components/alert.tsx";
import { Button } from "../../components/button.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { Icon } from "../../components/icons.tsx";
import { Unavailable } from "../../components/unavailable.tsx";
import { ActionForm, Badge, ConfirmAction, Facts, FormPage, type FormState, Money, Pager, PendingNotice, Person, TextArea, TraceLink, When } from "./parts.tsx";

const TYPE_OPTIONS: [string, string][] = [
  ["", "All types"],
  ["TOPUP", "Deposits"],
  ["TRANSFER", "Transfers"],
  ["REQUEST_PAYMENT", "Request payments"],
  ["SPLIT_PAYMENT", "Split payments"],
];
const STATUS_OPTIONS: [string, string][] = [
  ["", "All statuses"],
  ["PENDING", "Pending or held for review"],
  ["PROCESSING", "Processing"],
  ["COMPLETED", "Completed"],
  ["FAILED", "Failed"],
  ["CANCELLED", "Cancelled"],
  ["REVERSED", "Reversed"],
];

/** A labelled filter control with its message under it. */
export const FilterControl: FC<{ name: string; label: string; value?: string; error?: string; type?: "text" | "date" | "search"; options?: [string, string][]; placeholder?: string; inputmode?: "decimal" }> = ({
  name,
  label,
  value,
  error,
  type = "text",
  options,
  placeholder,
  inputmode,
}) => {
  const id = `f-${name}`;
  const errorId = `${id}-error`;
  const common = { id, name, class: "input", "aria-invalid": error ? "true" : undefined, "aria-describedby": error ? errorId : undefined };
  return (
    <div class={`field adm-filter${error ? " field-invalid" : ""}`}>
      <label for={id} class="field-label">
        {label}
      </label>
      {options ? (
        <select {...common}>
          {options.map(([v, text]) => (
            <option value={v} selected={(value ?? "") === v}>
              {text}
            </option>
          ))}
        </select>
      ) : (
        <input {...common} type={type} value={value ?? ""} placeholder={placeholder} inputmode={inputmode} maxlength={type === "date" ? undefined : 254} autocomplete="off" />
      )}
      {error ? (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
};

export type TxnListResult = { kind: "rows"; items: AdminTransaction[]; next: string | null; first?: string } | { kind: "invalid" } | { kind: "unavailable"; message: string };

export const TransactionsPage: FC<{ filters: AdminTxnFilters; result: TxnListResult; tz: string }> = ({ filters, result, tz }) => {
  const v = filters.values;
  const e = filters.errors as Partial<Record<TxnFilterKey, string>>;
  return (
    <div class="stack">
      <section class="card" aria-labelledby="txn-filter-title">
        <h2 id="txn-filter-title" class="card-title">
          Filters
        </h2>
        <form class="adm-filters" method="get" action="/app-admin/transactions" role="search" aria-label="Filter transactions">
          <FilterControl name="user" label="User (e-mail or id)" value={v.user} error={e.user} />
          <FilterControl name="q" label="Text" type="search" value={v.q} error={e.q} placeholder="Description or merchant" />
          <FilterControl name="type" label="Type" value={v.type} error={e.type} options={TYPE_OPTIONS} />
          <FilterControl name="status" label="Status" value={v.status} error={e.status} options={STATUS_OPTIONS} />
          <FilterControl name="from" label="From date" type="date" value={v.from} error={e.from} />
          <FilterControl name="to" label="To date" type="date" value={v.to} error={e.to} />
          <FilterControl name="min" label="Min amount ($)" value={v.min} error={e.min} inputmode="decimal" placeholder="0.00" />
          <FilterControl name="max" label="Max amount ($)" value={v.max} error={e.max} inputmode="decimal" placeholder="0.00" />
          <div class="adm-filter-actions">
            <Button size="sm">Apply filters</Button>
            {filters.active ? (
              <a class="btn btn-ghost btn-sm" href="/app-admin/transactions">
                <span class="btn-label">Clear</span>
              </a>
            ) : null}
          </div>
        </form>
      </section>
      <section class="card" aria-labelledby="txn-results-title">
        <h2 id="txn-results-title" class="card-title">
          {filters.active ? "Matching transactions" : "All transactions"}
        </h2>
        {result.kind === "invalid" ? (
          <Alert tone="error">Check the highlighted filters.</Alert>
        ) : result.kind === "unavailable" ? (
          <Unavailable what="The transaction list" retryHref="/app-admin/transactions" />
        ) : result.items.length === 0 ? (
          <EmptyState icon="arrows" title="No transactions match" compact />
        ) : (
          <>
            <table class="adm-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col" class="adm-num">
                    Amount
                  </th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {result.items.map((t) => {
                  const status = statusBadge(t);
                  return (
                    <tr>
                      <td data-label="When">
                        <When iso={t.createdAt} tz={tz} />
                      </td>
                      <td data-label="What">
                        <a href={`/app-admin/transactions/${t.id}`}>{t.description?.trim() || typeLabel(t.type)}</a>
                        <span class="adm-sub">{typeLabel(t.type)}</span>
                      </td>
                      <td data-label="From">
                        <Person person={t.sender} />
                      </td>
                      <td data-label="To">{t.recipient ? <Person person={t.recipient} /> : <span class="muted">Own wallet (deposit)</span>}</td>
                      <td data-label="Amount" class="adm-num">
                        <Money cents={t.amount} />
                      </td>
                      <td data-label="Status">
                        <Badge tone={status.tone}>{status.label}</Badge>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <Pager label="Transaction pages" first={result.first} next={result.next} />
          </>
        )}
      </section>
    </div>
  );
};

export const REVERSE_DIALOG = "reverse-dialog";
export const FORCE_DIALOG = "force-complete-dialog";

/** The reversal form: the reason, and `force` for a payee who no longer holds the money. */
export const ReverseForm: FC<{ id: string; amount: string; state: FormState; inDialog?: boolean; offerForce?: boolean }> = ({ id, amount, state, inDialog, offerForce }) => (
  <ActionForm
    id="reverse-form"
    action={`/app-admin/transactions/${id}/reverse`}
    submit="Reverse"
    variant="danger"
    error={state.form}
    inDialog={inDialog}
    cancelHref={`/app-admin/transactions/${id}`}
    note={`The payee pays ${amount} back to the payer. A large reversal (above the dual-control threshold) waits for a second admin's approval instead of running now.`}
  >
    <TextArea name="reason" id="reverse-reason" label="Reason (kept in the audit log)" value={state.values.reason} error={state.errors.reason} required maxlength={500} />
    <div class={`adm-check${offerForce ? " adm-check-offered" : ""}`}>
      <input type="checkbox" id="reverse-force" name="force" value="true" checked={state.values.force === "true"} aria-describedby="reverse-force-hint" />
      <label for="reverse-force">Force, even if the payee no longer holds the money</label>
      <p id="reverse-force-hint" class="field-hint">
        Without it the reversal is refused when the payee has spent the money. With it the payee's balance goes below zero and shows as owed until money comes in.
      </p>
    </div>
  </ActionForm>
);

/** Force-complete: the transactions service asks the wallet what happened rather than assuming. */
export const ForceCompleteForm: FC<{ id: string; state: FormState; inDialog?: boolean }> = ({ id, state, inDialog }) => (
  <ActionForm
    id="force-form"
    action={`/app-admin/transactions/${id}/force-complete`}
    submit="Force-complete"
    error={state.form}
    inDialog={inDialog}
    cancelHref={`/app-admin/transactions/${id}`}
    note="The wallet is asked whether the money moved: the transfer becomes Completed if it did, Failed (or Cancelled when its hold was released) if not. No money moves again. A large one waits for a second admin."
  >
    <TextArea name="reason" id="force-reason" label="Reason (kept in the audit log)" value={state.values.reason} error={state.errors.reason} required maxlength={500} />
  </ActionForm>
);

export const TxnActionPage: FC<{ id: string; action: "reverse" | "force-complete"; amount: string; state: FormState; offerForce?: boolean }> = ({ id, action, amount, state, offerForce }) => (
  <FormPage title={action === "reverse" ? "Reverse the transaction" : "Force-complete the transaction"} back={{ href: `/app-admin/transactions/${id}`, label: "Back to the transaction" }}>
    {action === "reverse" ? <ReverseForm id={id} amount={amount} state={state} offerForce={offerForce} /> : <ForceCompleteForm id={id} state={state} />}
  </FormPage>
);

const STEP_TITLE: Record<string, string> = {
  CREATED: "Created",
  HELD: "Held for fraud review",
  PROCESSING: "Processing",
  COMPLETED: "Completed",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
  REVERSED: "Reversed",
};

/** Whether force-complete applies: stuck in PENDING (not held for review) or PROCESSING. */
export const isStuck = (t: Pick<AdminTransaction, "status" | "statusReason">) => (t.status === "PENDING" && t.statusReason !== "FRAUD_REVIEW") || t.status === "PROCESSING";

/** One transaction in full: parties, status history, ledger movements, audited events and traces. */
export const TransactionDetailPage: FC<{ d: AdminTransactionDetail; tz: string; viewerId: string }> = ({ d, tz, viewerId }) => {
  const t = d.transaction;
  const status = statusBadge(t);
  const amount = formatCents(t.amount);
  const pending = d.pendingAction;
  return (
    <div class="stack">
      <p>
        <a href="/app-admin/transactions" class="card-link">
          <Icon name="chevronLeft" />
          All transactions
        </a>
      </p>
      {pending ? <PendingNotice action={pending} viewerId={viewerId} tz={tz} /> : null}
      <section class="card" aria-labelledby="txn-title">
        <div class="adm-profile-head">
          <div>
            <h2 id="txn-title" class="adm-h2">
              {amount} · {t.description?.trim() || typeLabel(t.type)}
            </h2>
            <p class="adm-badges">
              <Badge tone={status.tone}>{status.label}</Badge>
              <Badge tone="muted">{typeLabel(t.type)}</Badge>
              {t.fraudScore !== null ? <Badge tone={t.fraudDecision === "ALLOW" ? "muted" : "warning"}>Fraud score {t.fraudScore}</Badge> : null}
            </p>
          </div>
          <div class="adm-profile-actions">
            {t.status === "COMPLETED" && !pending ? (
              <ConfirmAction dialogId={REVERSE_DIALOG} href={`/app-admin/transactions/${t.id}/reverse`} label="Reverse…" title={`Reverse ${amount}`}>
                <ReverseForm id={t.id} amount={amount} state={{ values: {}, errors: {} }} inDialog />
              </ConfirmAction>
            ) : null}
            {isStuck(t) && !pending ? (
              <ConfirmAction dialogId={FORCE_DIALOG} href={`/app-admin/transactions/${t.id}/force-complete`} label="Force-complete…" title={`Force-complete ${amount}`}>
                <ForceCompleteForm id={t.id} state={{ values: {}, errors: {} }} inDialog />
              </ConfirmAction>
            ) : null}
            {d.traceUrl ? (
              <a class="btn btn-ghost btn-sm" href={d.traceUrl} target="_blank" rel="noopener noreferrer">
                <span class="btn-label">
                  Open the trace<span class="sr-only"> (in a new tab)</span>
                </span>
              </a>
            ) : null}
          </div>
        </div>
        {t.status === "PENDING" && t.statusReason === "FRAUD_REVIEW" ? (
          <p class="adm-sub">
            Held for fraud review: decide it on <a href="/app-admin/fraud">Fraud</a> (force-complete does not apply to it).
          </p>
        ) : null}
        <Facts
          rows={[
            ["From", <Person person={t.sender} />],
            ["To", t.recipient ? <Person person={t.recipient} /> : "Own wallet (deposit)"],
            ["Created", <When iso={t.createdAt} tz={tz} />],
            ["Completed", <When iso={t.completedAt} tz={tz} />],
            ["Status detail", d.statusDetail ?? t.statusReason ?? "—"],
            ...(d.reversedBy ? ([["Reversed by", <Person person={d.reversedBy} />]] as [string, Child][]) : []),
            ["Transaction id", <span class="adm-mono">{t.id}</span>],
          ]}
        />
      </section>

      <div class="adm-grid-2">
        <section class="card" aria-labelledby="history-title">
          <h2 id="history-title" class="card-title">
            Status history
          </h2>
          <ol class="adm-timeline">
            {d.history.map((s) => (
              <li>
                <p class="adm-timeline-title">{STEP_TITLE[s.step] ?? s.step}</p>
                <p class="adm-sub">
                  <When iso={s.at} tz={tz} />
                  {s.by ? ` · by ${personName(s.by)}` : ""}
                  {s.reason ? ` · ${s.reason}` : ""}
                </p>
                {s.detail ? <p class="adm-timeline-detail">{s.detail}</p> : null}
              </li>
            ))}
          </ol>
        </section>

        <section class="card" aria-labelledby="events-title">
          <h2 id="events-title" class="card-title">
            Audited events
          </h2>
          {d.events.length === 0 ? (
            <p class="muted">None recorded yet.</p>
          ) : (
            <ul class="adm-list adm-events">
              {d.events.map((e) => (
                <li>
                  <span class="adm-mono">{e.type}</span>
                  <span class="adm-sub">
                    <When iso={e.recordedAt} tz={tz} />
                    {e.actor ? ` · ${personName(e.actor)}` : ""}
                  </span>
                  <TraceLink traceId={e.traceId} url={e.traceUrl} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section class="card" aria-labelledby="ledger-title">
        <h2 id="ledger-title" class="card-title">
          Ledger movements
        </h2>
        {d.ledger.length === 0 ? (
          <p class="muted">No money moved for this transaction.</p>
        ) : (
          d.ledger.map((m) => (
            <div class="adm-movement">
              <h3 class="adm-h3">
                {m.kind.charAt(0) + m.kind.slice(1).toLowerCase()} of <Money cents={m.amountCents} /> · <When iso={m.createdAt} tz={tz} />
              </h3>
              <table class="adm-table">
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col" class="adm-num">
                      Change
                    </th>
                    <th scope="col" class="adm-num">
                      Balance after
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {m.entries.map((e) => (
                    <tr>
                      <td data-label="Account">{e.account ? <Person person={e.account} /> : <span>System: {e.systemAccount ?? "account"}</span>}</td>
                      <td data-label="Change" class="adm-num">
                        {e.deltaCents > 0 ? "+" : e.deltaCents < 0 ? "−" : ""}
                        {formatCents(Math.abs(e.deltaCents))}
                      </td>
                      <td data-label="Balance after" class="adm-num">
                        <Money cents={e.balanceAfterCents} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))
        )}
      </section>
    </div>
  );
};
