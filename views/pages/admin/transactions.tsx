import type { Child, FC } from "hono/jsx";
import type { AdminTransaction, AdminTransactionDetail } from "../../../services/web/clients/admin.ts";
import type { AdminTxnFilters, TxnFilterKey } from "../../../services/web/domain/admin/filters.ts";
import { personName } from "../../../services/web/domain/admin/words.ts";
import { formatCents } from "../../../services/web/domain/money/money.ts";
import { statusBadge, typeLabel } from "../../../services/web/domain/transactions/transaction-view.ts";
import { EmptyState } from "../../components/empty-state.tsx";
import { TXN_STATUS_OPTIONS, TXN_TYPE_OPTIONS } from "../../components/filter-field.tsx";
import { AdminFilter, FiltersCard } from "./filters.tsx";
import { type ListResult, ListBody, Table } from "./list.tsx";
import { StatusCell, WhenAndWhat } from "./transaction-rows.tsx";
import { ActionForm, BackLink, Badge, ConfirmAction, DetailHead, Facts, FormPage, type FormState, Money, PendingNotice, Person, ReasonField, TraceLink, When } from "./parts.tsx";

export type TxnListResult = ListResult<AdminTransaction>;

export const TransactionsPage: FC<{ filters: AdminTxnFilters; result: TxnListResult; tz: string }> = ({ filters, result, tz }) => {
  const v = filters.values;
  const e = filters.errors as Partial<Record<TxnFilterKey, string>>;
  return (
    <div class="stack">
      <FiltersCard titleId="txn-filter-title" action="/app-admin/transactions" label="Filter transactions" active={filters.active}>
        <AdminFilter name="user" label="User (e-mail or id)" value={v.user} error={e.user} />
        <AdminFilter name="q" label="Text" type="search" value={v.q} error={e.q} placeholder="Description or merchant" />
        <AdminFilter name="type" label="Type" value={v.type} error={e.type} options={TXN_TYPE_OPTIONS} />
        <AdminFilter name="status" label="Status" value={v.status} error={e.status} options={TXN_STATUS_OPTIONS} />
        <AdminFilter name="from" label="From date" type="date" value={v.from} error={e.from} />
        <AdminFilter name="to" label="To date" type="date" value={v.to} error={e.to} />
        <AdminFilter name="min" label="Min amount ($)" value={v.min} error={e.min} inputmode="decimal" placeholder="0.00" />
        <AdminFilter name="max" label="Max amount ($)" value={v.max} error={e.max} inputmode="decimal" placeholder="0.00" />
      </FiltersCard>
      <section class="card" aria-labelledby="txn-results-title">
        <h2 id="txn-results-title" class="card-title">
          {filters.active ? "Matching transactions" : "All transactions"}
        </h2>
        <ListBody
          result={result}
          what="The transaction list"
          retryHref="/app-admin/transactions"
          empty={<EmptyState icon="arrows" title="No transactions match" compact />}
          pages="Transaction pages"
          rows={(items) => (
            <Table columns={["When", "What", "From", "To", { label: "Amount", num: true }, "Status"]}>
              {items.map((t) => (
                <tr>
                  <WhenAndWhat t={t} tz={tz} note={typeLabel(t.type)} />
                  <td data-label="From">
                    <Person person={t.sender} />
                  </td>
                  <td data-label="To">{t.recipient ? <Person person={t.recipient} /> : <span class="muted">Own wallet (deposit)</span>}</td>
                  <td data-label="Amount" class="adm-num">
                    <Money cents={t.amount} />
                  </td>
                  <StatusCell t={t} />
                </tr>
              ))}
            </Table>
          )}
        />
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
    <ReasonField id="reverse-reason" state={state} />
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
    <ReasonField id="force-reason" state={state} />
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
      <BackLink href="/app-admin/transactions" label="All transactions" />
      {pending ? <PendingNotice action={pending} viewerId={viewerId} tz={tz} /> : null}
      <section class="card" aria-labelledby="txn-title">
        <DetailHead
          titleId="txn-title"
          title={`${amount} · ${t.description?.trim() || typeLabel(t.type)}`}
          badges={
            <>
              <Badge tone={status.tone}>{status.label}</Badge>
              <Badge tone="muted">{typeLabel(t.type)}</Badge>
              {t.fraudScore !== null ? <Badge tone={t.fraudDecision === "ALLOW" ? "muted" : "warning"}>Fraud score {t.fraudScore}</Badge> : null}
            </>
          }
          actions={
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
          }
        />
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
              <Table columns={["Account", { label: "Change", num: true }, { label: "Balance after", num: true }]}>
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
              </Table>
            </div>
          ))
        )}
      </section>
    </div>
  );
};
