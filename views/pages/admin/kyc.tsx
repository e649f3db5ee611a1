import type { FC } from "hono/jsx";
import type { AdminDocument, KycQueueEntry, KycReview } from "../../../services/web/clients/admin.ts";
import { documentLabel, kycStatusWords, personName, tierLabel, waitingText } from "../../../services/web/domain/admin/words.ts";
import { formatBytes } from "../../../services/web/domain/account/kyc-view.ts";
import { EmptyState } from "../../components/empty-state.tsx";
import { Unavailable } from "../../components/unavailable.tsx";
import { Table } from "./list.tsx";
import { ActionForm, BackLink, Badge, ConfirmAction, DetailHead, Facts, FormPage, type FormState, LiveNote, Money, Person, ReasonField, TextArea, When } from "./parts.tsx";
import { QueueCard, type QueueResult, ReviewCell } from "./queue.tsx";

export type KycQueueResult = QueueResult<KycQueueEntry>;

/** The submissions waiting for review, oldest first, refreshing itself. */
export const KycQueue: FC<{ queue: KycQueueResult; pollUrl: string; tz: string }> = ({ queue, pollUrl, tz }) => (
  <QueueCard
    id="kyc-queue"
    title="Waiting for review"
    noun="submission"
    pollUrl={pollUrl}
    result={queue}
    what="The review queue"
    retryHref="/app-admin/kyc"
    empty={
      <EmptyState icon="idCard" title="Nothing to review" compact>
        New submissions appear here by themselves.
      </EmptyState>
    }
    rows={(items) => (
      <Table columns={["Applicant", "Tier now", "Submitted", "Waiting", { label: "Review", hidden: true }]}>
        {items.map((i) => (
          <tr>
            <td data-label="Applicant">
              <Person person={i.user} link={false} />
            </td>
            <td data-label="Tier now">{tierLabel(i.tier)}</td>
            <td data-label="Submitted">
              <When iso={i.submittedAt} tz={tz} />
            </td>
            <td data-label="Waiting">{waitingText(i.waitingSeconds)}</td>
            <ReviewCell href={`/app-admin/kyc/${i.user.id}`} what={personName(i.user)} />
          </tr>
        ))}
      </Table>
    )}
  />
);

export const KycQueuePage: FC<{ queue: KycQueueResult; pollUrl: string; tz: string }> = (p) => (
  <div class="stack">
    <LiveNote>The queue refreshes itself every few seconds. Documents are shown only on the review page, and every view is recorded in the audit log.</LiveNote>
    <KycQueue {...p} />
  </div>
);

export type DocumentView = { document: AdminDocument; link: { url: string; expiresAt: string } | null };

/** One document, shown inline: an image with <img>, a PDF with <object> (and a link to open it). */
export const DocumentFigure: FC<{ d: DocumentView; owner: string; tz: string }> = ({ d, owner, tz }) => {
  const label = documentLabel(d.document.type);
  const pdf = d.document.contentType === "application/pdf";
  return (
    <figure class="adm-doc">
      <figcaption class="adm-doc-caption">
        <span class="adm-doc-title">{label}</span>
        <span class="adm-sub">
          {pdf ? "PDF" : d.document.contentType === "image/png" ? "PNG image" : "JPEG image"} · {formatBytes(d.document.sizeBytes)} · uploaded <When iso={d.document.uploadedAt} tz={tz} />
        </span>
      </figcaption>
      {!d.link ? (
        <Unavailable what={`The ${label.toLowerCase()}`} />
      ) : pdf ? (
        <object class="adm-doc-frame" data={d.link.url} type="application/pdf" aria-label={`${label} of ${owner} (PDF)`}>
          <p class="adm-doc-fallback">
            This browser does not show PDFs inside the page.{" "}
            <a href={d.link.url} target="_blank" rel="noopener noreferrer">
              Open the PDF<span class="sr-only">: {label}</span>
            </a>
          </p>
        </object>
      ) : (
        <img class="adm-doc-img" src={d.link.url} alt={`${label} of ${owner}`} />
      )}
      {d.link ? (
        <p class="adm-doc-open">
          <a href={d.link.url} target="_blank" rel="noopener noreferrer">
            Open in a new tab<span class="sr-only">: {label}</span>
          </a>{" "}
          <span class="adm-sub">
            (the link works until <When iso={d.link.expiresAt} tz={tz} />)
          </span>
        </p>
      ) : null}
    </figure>
  );
};

export const REJECT_DIALOG = "kyc-reject-dialog";

/** `ownPage`: on its own page (without JavaScript), with a way back; inline on the review it needs none. */
export const ApproveKycForm: FC<{ userId: string; name: string; state: FormState; ownPage?: boolean }> = ({ userId, name, state, ownPage }) => (
  <ActionForm id="kyc-approve-form" action={`/app-admin/kyc/${userId}/approve`} submit="Approve: make Verified" error={state.form} cancelHref={ownPage ? `/app-admin/kyc/${userId}` : undefined} note={`${name} becomes Verified, with the Verified tier's limits at once.`}>
    <input type="hidden" name="subject" value={name} />
    <TextArea name="notes" id="kyc-approve-notes" label="Notes (optional, kept in the audit log)" value={state.values.notes} error={state.errors.notes} maxlength={1000} rows={2} />
  </ActionForm>
);

export const RejectKycForm: FC<{ userId: string; name: string; state: FormState; inDialog?: boolean }> = ({ userId, name, state, inDialog }) => (
  <ActionForm
    id="kyc-reject-form"
    action={`/app-admin/kyc/${userId}/reject`}
    submit="Reject submission"
    variant="danger"
    error={state.form}
    inDialog={inDialog}
    cancelHref={`/app-admin/kyc/${userId}`}
    note={`${name} stays at their tier and is told the reason, so they can send new documents.`}
  >
    <input type="hidden" name="subject" value={name} />
    <ReasonField id="kyc-reject-reason" label="Reason (the user sees it)" state={state} />
  </ActionForm>
);

export const KycDecisionPage: FC<{ userId: string; name: string; decision: "approve" | "reject"; state: FormState }> = ({ userId, name, decision, state }) => (
  <FormPage title={decision === "approve" ? `Approve ${name}'s submission` : `Reject ${name}'s submission`} back={{ href: `/app-admin/kyc/${userId}`, label: `Back to ${name}'s review` }}>
    {decision === "approve" ? <ApproveKycForm userId={userId} name={name} state={state} ownPage /> : <RejectKycForm userId={userId} name={name} state={state} />}
  </FormPage>
);

/** The review panel: who, what they sent (shown inline), and the decision. */
export const KycReviewPage: FC<{ r: KycReview; documents: DocumentView[]; tz: string; now: Date }> = ({ r, documents, tz, now }) => {
  const name = personName(r.user);
  const status = kycStatusWords(r.profile.status, r.profile.submittedAt);
  const pending = r.profile.status === "PENDING_REVIEW";
  const waited = r.profile.submittedAt ? Math.floor((now.getTime() - Date.parse(r.profile.submittedAt)) / 1000) : null;
  return (
    <div class="stack">
      <BackLink href="/app-admin/kyc" label="Review queue" />
      <section class="card" aria-labelledby="kyc-applicant">
        <DetailHead
          titleId="kyc-applicant"
          title={name}
          email={r.user.email}
          badges={
            <>
              <Badge tone={status.tone}>{status.label}</Badge>
              <Badge tone="info">Tier: {tierLabel(r.profile.tier)}</Badge>
              {r.user.emailVerified ? <Badge tone="success">E-mail verified</Badge> : <Badge tone="warning">E-mail not verified</Badge>}
            </>
          }
          actions={
            <a class="btn btn-ghost btn-sm" href={`/app-admin/users/${r.user.id}`}>
              <span class="btn-label">Open {name}'s account</span>
            </a>
          }
        />
        <Facts
          rows={[
            ["Submitted", <When iso={r.profile.submittedAt} tz={tz} />],
            ["Waiting", pending && waited !== null ? waitingText(waited) : <span class="muted">—</span>],
            ["Reviewed", r.profile.reviewedAt ? <span><When iso={r.profile.reviewedAt} tz={tz} /> by {personName(r.profile.reviewedBy)}</span> : <span class="muted">Not yet</span>],
            ...(r.profile.rejectionReason ? ([["Rejected because", r.profile.rejectionReason]] as [string, string][]) : []),
            ["Limit per transfer now", <Money cents={r.limits.perTransactionCents} />],
          ]}
        />
      </section>

      <section class="card" aria-labelledby="kyc-docs-title">
        <h2 id="kyc-docs-title" class="card-title">
          Documents
        </h2>
        {documents.length === 0 ? (
          <p class="muted">No documents uploaded.</p>
        ) : (
          <div class="adm-docs">
            {documents.map((d) => (
              <DocumentFigure d={d} owner={name} tz={tz} />
            ))}
          </div>
        )}
      </section>

      <section class="card" aria-labelledby="kyc-decision-title">
        <h2 id="kyc-decision-title" class="card-title">
          Decision
        </h2>
        {pending ? (
          <div class="adm-decision">
            <ApproveKycForm userId={r.user.id} name={name} state={{ values: {}, errors: {} }} />
            <div class="adm-decision-alt">
              <p class="adm-sub">Documents unreadable, expired or not matching?</p>
              <ConfirmAction dialogId={REJECT_DIALOG} href={`/app-admin/kyc/${r.user.id}/reject`} label="Reject…" title={`Reject ${name}'s submission`}>
                <RejectKycForm userId={r.user.id} name={name} state={{ values: {}, errors: {} }} inDialog />
              </ConfirmAction>
            </div>
          </div>
        ) : (
          <p>{r.profile.status === "APPROVED" ? `${name} was approved and is ${tierLabel(r.profile.tier)}.` : r.profile.status === "REJECTED" ? `This submission was rejected. ${name} can send new documents.` : `${name} has not submitted documents for review.`}</p>
        )}
      </section>
    </div>
  );
};
