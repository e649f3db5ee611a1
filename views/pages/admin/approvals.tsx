import type { FC } from "hono/jsx";
import type { PendingAction } from "../../../services/web/clients/admin.ts";
import { actionTitle, approvalStatusWords, canDecide, personName } from "../../../services/web/domain/admin/words.ts";
import { Button } from "../../components/button.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { Unavailable } from "../../components/unavailable.tsx";
import { AdminFilter } from "./filters.tsx";
import { type ListResult, ListBody, Table } from "./list.tsx";
import { ActionForm, Badge, ConfirmAction, Facts, FormPage, type FormState, LiveNote, Money, Person, ReasonField, When } from "./parts.tsx";
import { QUEUE_POLL } from "./queue.tsx";

const targetHref = (a: PendingAction) => (a.target.type === "user" ? `/app-admin/users/${a.target.id}` : `/app-admin/transactions/${a.target.id}`);

export const RejectApprovalForm: FC<{ action: { id: string }; state: FormState; inDialog?: boolean }> = ({ action, state, inDialog }) => (
  <ActionForm
    id={`approval-reject-form-${action.id}`}
    action={`/app-admin/approvals/${action.id}/reject`}
    submit="Reject"
    variant="danger"
    error={state.form}
    inDialog={inDialog}
    cancelHref="/app-admin/approvals"
    note="The action never runs. The admin who asked sees your reason."
  >
    <ReasonField id={`approval-reject-reason-${action.id}`} state={state} rows={2} />
  </ActionForm>
);

export const RejectApprovalPage: FC<{ id: string; state: FormState }> = ({ id, state }) => (
  <FormPage title="Reject the pending action" back={{ href: "/app-admin/approvals", label: "Back to approvals" }}>
    <RejectApprovalForm action={{ id }} state={state} />
  </FormPage>
);

/** One action waiting for a decision: what, how much, who asked and when, and until when. */
const PendingCard: FC<{ a: PendingAction; viewerId: string; tz: string }> = ({ a, viewerId, tz }) => {
  const mine = a.requestedBy.id === viewerId;
  const decidable = canDecide(a, viewerId);
  return (
    <li class="card adm-approval">
      <div class="adm-approval-head">
        <h3 id={`approval-${a.id}`} class="adm-h3">
          <a href={targetHref(a)}>{actionTitle(a)}</a>
        </h3>
        {mine ? <Badge tone="info">Your request: waiting for another admin</Badge> : <Badge tone="warning">Waiting for your decision</Badge>}
      </div>
      <Facts
        rows={[
          ["Amount", a.amountCents === null ? "—" : <Money cents={a.amountCents} />],
          ["Reason given", a.reason],
          ["Asked by", mine ? "You" : <Person person={a.requestedBy} />],
          ["Asked", <When iso={a.requestedAt} tz={tz} />],
          ["Expires", <When iso={a.expiresAt} tz={tz} />],
        ]}
      />
      {decidable ? (
        <div class="adm-approval-actions">
          <form method="post" action={`/app-admin/approvals/${a.id}/approve`}>
            <Button size="sm" aria-label={`Approve: ${actionTitle(a)}`}>
              Approve
            </Button>
          </form>
          <ConfirmAction dialogId={`approval-reject-${a.id}`} href={`/app-admin/approvals/${a.id}/reject`} label="Reject…" variant="ghost" title="Reject the pending action" description={actionTitle(a)}>
            <RejectApprovalForm action={a} state={{ values: {}, errors: {} }} inDialog />
          </ConfirmAction>
        </div>
      ) : mine ? (
        <p class="adm-sub">You asked for it, so another admin must approve or reject it.</p>
      ) : null}
    </li>
  );
};

export type ApprovalList = { ok: true; items: PendingAction[] } | { ok: false };

/** The actions waiting for a second admin, refreshing themselves. */
export const PendingApprovals: FC<{ list: ApprovalList; viewerId: string; tz: string }> = ({ list, viewerId, tz }) => (
  <section id="approvals-pending" aria-labelledby="pending-title" hx-get="/app-admin/approvals/parts/pending" hx-trigger={QUEUE_POLL} hx-swap="outerMorph" data-poll>
    <h2 id="pending-title" class="adm-section-title">
      Waiting for a decision{list.ok ? ` (${list.items.length})` : ""}
    </h2>
    {!list.ok ? (
      <Unavailable what="The pending actions" retryHref="/app-admin/approvals" />
    ) : list.items.length === 0 ? (
      <article class="card">
        <EmptyState icon="checkCircle" title="Nothing is waiting" compact>
          Large reversals and force-completes, and promotions to admin, wait here for a second admin.
        </EmptyState>
      </article>
    ) : (
      <ul class="adm-approvals">
        {list.items.map((a) => (
          <PendingCard a={a} viewerId={viewerId} tz={tz} />
        ))}
      </ul>
    )}
  </section>
);

const HISTORY_OPTIONS: [string, string][] = [
  ["", "Every decided action"],
  ["EXECUTED", "Approved and done"],
  ["FAILED", "Approved, but refused"],
  ["APPROVED", "Approved, still running"],
  ["REJECTED", "Rejected"],
  ["EXPIRED", "Expired"],
];

export const ApprovalsPage: FC<{
  pending: ApprovalList;
  history: ListResult<PendingAction>;
  status: string;
  viewerId: string;
  tz: string;
}> = ({ pending, history, status, viewerId, tz }) => (
  <div class="stack">
    <LiveNote>New requests appear by themselves. The admin who asked cannot decide; an action expires after 24 hours.</LiveNote>
    <PendingApprovals list={pending} viewerId={viewerId} tz={tz} />
    <section class="card" aria-labelledby="history-title">
      <div class="card-head adm-wrap">
        <h2 id="history-title" class="card-title">
          History
        </h2>
        <form class="adm-inline-filter" method="get" action="/app-admin/approvals" aria-label="Filter the history">
          <AdminFilter name="status" label="Show" value={status} options={HISTORY_OPTIONS} />
          <Button size="sm" variant="secondary">
            Show
          </Button>
        </form>
      </div>
      <ListBody
        result={history}
        what="The history"
        retryHref="/app-admin/approvals"
        empty={<p class="muted">Nothing decided yet.</p>}
        pages="History pages"
        rows={(items) => (
          <Table columns={["Action", "Outcome", "Asked by", "Decided by", "When"]}>
            {items.map((a) => {
              const words = approvalStatusWords(a.status);
              return (
                <tr>
                  <td data-label="Action">
                    <a href={targetHref(a)}>{actionTitle(a)}</a>
                    <span class="adm-sub">Reason: {a.reason}</span>
                  </td>
                  <td data-label="Outcome">
                    <Badge tone={words.tone}>{words.label}</Badge>
                    {a.error ? <span class="adm-sub">{a.error.message}</span> : null}
                    {a.rejectionReason ? <span class="adm-sub">Rejected because: {a.rejectionReason}</span> : null}
                    {a.status === "EXPIRED" || a.status === "APPROVED" ? <span class="adm-sub">{words.text}</span> : null}
                  </td>
                  <td data-label="Asked by">{a.requestedBy.id === viewerId ? "You" : personName(a.requestedBy)}</td>
                  <td data-label="Decided by">{a.decidedBy ? (a.decidedBy.id === viewerId ? "You" : personName(a.decidedBy)) : <span class="muted">—</span>}</td>
                  <td data-label="When">
                    <When iso={a.decidedAt ?? a.expiresAt} tz={tz} />
                  </td>
                </tr>
              );
            })}
          </Table>
        )}
      />
    </section>
  </div>
);
