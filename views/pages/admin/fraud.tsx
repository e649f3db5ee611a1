import type { Child, FC } from "hono/jsx";
import type { FraudCaseDetail, FraudQueueEntry, Sanction } from "../../../services/web/clients/admin.ts";
import { caseStatusWords, personName, ruleLabel, scoreWords, waitingText } from "../../../services/web/domain/admin/words.ts";
import { statusBadge, typeLabel } from "../../../services/web/domain/transactions/transaction-view.ts";
import { Field } from "../../components/field.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { Unavailable } from "../../components/unavailable.tsx";
import { Table } from "./list.tsx";
import { ActionForm, BackLink, Badge, ConfirmAction, DetailHead, Facts, FormPage, type FormState, LiveNote, Money, Person, ReasonField, TextArea, When } from "./parts.tsx";
import { PartyTransactions } from "./transaction-rows.tsx";
import { QueueCard, type QueueResult, ReviewCell } from "./queue.tsx";

export type FraudQueueResult = QueueResult<FraudQueueEntry>;

const Rules: FC<{ rules: { rule: string }[] }> = ({ rules }) => (
  <ul class="adm-chips" aria-label="Rules fired">
    {rules.map((r) => (
      <li class="adm-chip">{ruleLabel(r.rule)}</li>
    ))}
  </ul>
);

/** The transfers held for review, oldest first, refreshing itself. */
export const FraudQueue: FC<{ queue: FraudQueueResult; pollUrl: string; tz: string }> = ({ queue, pollUrl, tz }) => (
  <QueueCard
    id="fraud-queue"
    title="Held for review"
    noun="case"
    pollUrl={pollUrl}
    result={queue}
    what="The fraud queue"
    retryHref="/app-admin/fraud"
    empty={
      <EmptyState icon="shieldCheck" title="No transfer is held" compact>
        Transfers held by fraud screening appear here by themselves.
      </EmptyState>
    }
    rows={(items) => (
      <Table columns={["Score", "Sender", "Recipient", { label: "Amount", num: true }, "Rules fired", "Waiting", { label: "Review", hidden: true }]}>
        {items.map((i) => {
          const score = scoreWords(i.score);
          return (
            <tr>
              <td data-label="Score">
                <Badge tone={score.tone}>{score.label}</Badge>
              </td>
              <td data-label="Sender">
                <Person person={i.sender} link={false} />
              </td>
              <td data-label="Recipient">
                <Person person={i.recipient} link={false} />
              </td>
              <td data-label="Amount" class="adm-num">
                <Money cents={i.amount} />
              </td>
              <td data-label="Rules fired">
                <Rules rules={i.rulesFired} />
              </td>
              <td data-label="Waiting">
                {waitingText(i.waitingSeconds)}
                <span class="adm-sub">
                  since <When iso={i.createdAt} tz={tz} />
                </span>
              </td>
              <ReviewCell href={`/app-admin/fraud/cases/${i.caseId}`} what={`the transfer of ${personName(i.sender)}`} />
            </tr>
          );
        })}
      </Table>
    )}
  />
);

export const REMOVE_SANCTION_DIALOG = (userId: string) => `sanction-remove-${userId}`;

export const AddSanctionForm: FC<{ state: FormState; ownPage?: boolean }> = ({ state, ownPage }) => (
  <ActionForm id="sanction-add-form" action="/app-admin/fraud/sanctions" submit="Add to the list" variant="danger" error={state.form} cancelHref={ownPage ? "/app-admin/fraud" : undefined} note="Transfers to a listed user are blocked from now on.">
    <Field name="user" id="sanction-user" label="User (e-mail or id)" value={state.values.user} error={state.errors.user} required maxlength={254} autocomplete="off" />
    <ReasonField id="sanction-reason" state={state} rows={2} />
  </ActionForm>
);

export const RemoveSanctionForm: FC<{ userId: string; name: string; state: FormState; inDialog?: boolean }> = ({ userId, name, state, inDialog }) => (
  <ActionForm
    id={`sanction-remove-form-${userId}`}
    action={`/app-admin/fraud/sanctions/${userId}/remove`}
    submit="Remove from the list"
    error={state.form}
    inDialog={inDialog}
    cancelHref="/app-admin/fraud"
    note={`Transfers to ${name} are no longer blocked by the list (the other rules still apply).`}
  >
    <input type="hidden" name="subject" value={name} />
    <ReasonField id={`sanction-remove-reason-${userId}`} state={state} rows={2} />
  </ActionForm>
);

export const SanctionFormPage: FC<{ remove?: { userId: string; name: string }; state: FormState }> = ({ remove, state }) => (
  <FormPage title={remove ? `Take ${remove.name} off the sanctions list` : "Add to the sanctions list"} back={{ href: "/app-admin/fraud", label: "Back to fraud review" }}>
    {remove ? <RemoveSanctionForm userId={remove.userId} name={remove.name} state={state} /> : <AddSanctionForm state={state} ownPage />}
  </FormPage>
);

export const Sanctions: FC<{ list: Sanction[] | null; tz: string; add: FormState }> = ({ list, tz, add }) => (
  <section class="card" aria-labelledby="sanctions-title">
    <h2 id="sanctions-title" class="card-title">
      Sanctions list
    </h2>
    <p class="adm-sub">A transfer to a listed user is blocked outright.</p>
    {list === null ? (
      <Unavailable what="The sanctions list" retryHref="/app-admin/fraud" />
    ) : list.length === 0 ? (
      <p class="muted">Nobody is listed.</p>
    ) : (
      <ul class="adm-sanctions">
        {list.map((s) => (
          <li class="adm-sanction">
            <div>
              <Person person={s.user} />
              <p class="adm-sanction-reason">{s.reason}</p>
              <p class="adm-sub">
                Listed by {personName(s.addedBy)} on <When iso={s.addedAt} tz={tz} />
              </p>
            </div>
            <ConfirmAction dialogId={REMOVE_SANCTION_DIALOG(s.user.id)} href={`/app-admin/fraud/sanctions/${s.user.id}/remove`} label="Remove…" variant="ghost" title={`Take ${personName(s.user)} off the list`}>
              <RemoveSanctionForm userId={s.user.id} name={personName(s.user)} state={{ values: {}, errors: {} }} inDialog />
            </ConfirmAction>
          </li>
        ))}
      </ul>
    )}
    <div class="adm-narrow">
      <h3 class="adm-h3">Add someone</h3>
      <AddSanctionForm state={add} />
    </div>
  </section>
);

export const FraudPage: FC<{ queue: FraudQueueResult; pollUrl: string; sanctions: Sanction[] | null; tz: string; add: FormState }> = ({ queue, pollUrl, sanctions, tz, add }) => (
  <div class="stack">
    <LiveNote>The queue refreshes itself every few seconds.</LiveNote>
    <FraudQueue queue={queue} pollUrl={pollUrl} tz={tz} />
    <Sanctions list={sanctions} tz={tz} add={add} />
  </div>
);

export const BLOCK_DIALOG = "fraud-block-dialog";

export const CaseDecisionForm: FC<{ caseId: string; decision: "approve" | "block"; state: FormState; inDialog?: boolean; ownPage?: boolean }> = ({ caseId, decision, state, inDialog, ownPage }) => (
  <ActionForm
    id={`case-${decision}-form`}
    action={`/app-admin/fraud/cases/${caseId}/${decision}`}
    submit={decision === "approve" ? "Approve: send the money" : "Block: release the hold"}
    variant={decision === "approve" ? "primary" : "danger"}
    error={state.form}
    inDialog={inDialog}
    cancelHref={ownPage ? `/app-admin/fraud/cases/${caseId}` : undefined}
    note={
      decision === "approve"
        ? "The held funds are captured and the transfer completes."
        : "The hold is released (the sender keeps the money) and the transfer is cancelled."
    }
  >
    <TextArea name="notes" id={`case-${decision}-notes`} label="Notes (kept in the audit log)" value={state.values.notes} error={state.errors.notes} required maxlength={1000} rows={2} />
  </ActionForm>
);

export const CaseDecisionPage: FC<{ caseId: string; decision: "approve" | "block"; state: FormState }> = (p) => (
  <FormPage title={p.decision === "approve" ? "Approve the held transfer" : "Block the held transfer"} back={{ href: `/app-admin/fraud/cases/${p.caseId}`, label: "Back to the case" }}>
    <CaseDecisionForm {...p} ownPage />
  </FormPage>
);

/** A case with its context: the transfer, why it was held, and the sender's recent history. */
export const FraudCasePage: FC<{ d: FraudCaseDetail; tz: string }> = ({ d, tz }) => {
  const c = d.case;
  const status = caseStatusWords(c);
  const score = scoreWords(c.score);
  return (
    <div class="stack">
      <BackLink href="/app-admin/fraud" label="Fraud queue" />
      <section class="card" aria-labelledby="case-title">
        <DetailHead
          titleId="case-title"
          title={
            <>
              <Money cents={c.amount} /> from {personName(c.sender)} to {personName(c.recipient)}
            </>
          }
          badges={
            <>
              <Badge tone={status.tone}>{status.label}</Badge>
              <Badge tone={score.tone}>Score {score.label}</Badge>
            </>
          }
          actions={
            d.transaction ? (
              <a class="btn btn-ghost btn-sm" href={`/app-admin/transactions/${d.transaction.id}`}>
                <span class="btn-label">Open the transaction</span>
              </a>
            ) : null
          }
        />
        <Facts
          rows={[
            ["Sender", <Person person={c.sender} />],
            ["Recipient", <Person person={c.recipient} />],
            ["Held since", <When iso={c.createdAt} tz={tz} />],
            ["Transfer", d.transaction ? <span>{d.transaction.description?.trim() || typeLabel(d.transaction.type)} · {statusBadge(d.transaction).label}</span> : <span class="muted">Not found</span>],
            ...(c.status === "REVIEWED"
              ? ([
                  ["Decided", <span><When iso={c.reviewedAt} tz={tz} /> by {personName(c.reviewedBy)}</span>],
                  ["Notes", c.notes ?? "—"],
                ] as [string, Child][])
              : []),
          ]}
        />
        <h3 class="adm-h3">Why it was held</h3>
        <ul class="adm-list">
          {c.rulesFired.map((r) => (
            <li>
              <strong>{ruleLabel(r.rule)}</strong> (+{r.score}){r.forceBlock ? " · blocks on its own" : ""}: <span>{r.reason}</span>
            </li>
          ))}
        </ul>
      </section>

      <section class="card" aria-labelledby="case-decision-title">
        <h2 id="case-decision-title" class="card-title">
          Decision
        </h2>
        {c.status === "OPEN" ? (
          <div class="adm-decision">
            <CaseDecisionForm caseId={c.caseId} decision="approve" state={{ values: {}, errors: {} }} />
            <div class="adm-decision-alt">
              <p class="adm-sub">Not the sender's doing, or too risky?</p>
              <ConfirmAction dialogId={BLOCK_DIALOG} href={`/app-admin/fraud/cases/${c.caseId}/block`} label="Block…" title="Block the held transfer">
                <CaseDecisionForm caseId={c.caseId} decision="block" state={{ values: {}, errors: {} }} inDialog />
              </ConfirmAction>
            </div>
          </div>
        ) : (
          <p>
            {c.status === "CLOSED"
              ? "Closed without a decision: the transfer failed before its funds could be held."
              : c.outcome === "APPROVED"
                ? `Approved${c.settledAt ? ": the money was sent." : ": the transfer is being completed."}`
                : `Blocked${c.settledAt ? ": the hold was released and the transfer cancelled." : ": the hold is being released."}`}
          </p>
        )}
      </section>

      <section class="card" aria-labelledby="history-title">
        <h2 id="history-title" class="card-title">
          {personName(c.sender)}'s recent transactions
        </h2>
        {d.senderHistory.length === 0 ? (
          <p class="muted">No other transactions.</p>
        ) : (
          <PartyTransactions items={d.senderHistory} tz={tz} deposit="Deposit" currentId={c.transactionId} note={(t) => (t.id === c.transactionId ? "This case's transfer" : null)} />
        )}
      </section>
    </div>
  );
};
