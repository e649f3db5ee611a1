import type { Child, FC } from "hono/jsx";
import { Alert } from "../components/alert.tsx";
import { Button } from "../components/button.tsx";
import { CardHead } from "../components/card-head.tsx";
import { Icon, type IconName } from "../components/icons.tsx";
import { Badge, StatusBadge, type StatusTone, type Tint } from "../components/status-badge.tsx";
import { Unavailable } from "../components/unavailable.tsx";

export type CardState = "completed" | "current" | "next" | "locked";
export type UploadType = "PASSPORT" | "DRIVERS_LICENSE" | "SELFIE";

export interface TierCardView {
  tier: string;
  name: string;
  state: CardState;
  stateLabel: string;
  requirement: string;
  limits?: { label: string; value: string }[];
}

export interface UploadedView {
  name: string;
  summary: string;
}

export type KycActionView =
  | { kind: "verified" }
  | { kind: "verify-email"; emailVerified: boolean }
  | { kind: "in-review"; documents: UploadedView[] }
  | { kind: "upload"; idType?: UploadType; id?: UploadedView; selfie?: UploadedView; canSubmit: boolean; submitBlocker?: string };

export interface KycStatusView {
  label: string;
  tone: StatusTone;
  text: string;
  reason?: string;
  when?: string;
}

/** Messages placed next to what they concern: the ID's file, the selfie's file, the submit button. */
export interface KycErrors {
  id?: string;
  selfie?: string;
  submit?: string;
}

export interface KycContentProps {
  cards: TierCardView[];
  /** The tier table could not be read: the cards show no limits. */
  limitsUnavailable: boolean;
  /** Undefined when the verification service did not answer. */
  verification?: {
    tierName: string;
    status: KycStatusView;
    action: KycActionView;
    activeLimits?: { label: string; value: string }[];
  };
  errors?: KycErrors;
  /** The ID type to show as chosen before any ID is uploaded (after a refused upload, the one the user picked). */
  chosenIdType?: UploadType;
  /** Where the resend-verification form comes back to. */
  returnTo: string;
  /** Accepted file types for the picker; the largest file in bytes (checked in the browser too). */
  accept: string;
  maxBytes: number;
  /** The state the page shows (see kycVersion); a live refresh that finds it unchanged changes nothing. */
  version?: string;
}

const STATE_ICON: Record<CardState, IconName> = { completed: "checkCircle", current: "shieldCheck", next: "arrowRight", locked: "lock" };
const STATE_TINT: Record<CardState, Tint> = { completed: "success", current: "success", next: "warning", locked: "muted" };

const TierCard: FC<{ card: TierCardView }> = ({ card }) => (
  <li class={`kyc-tier kyc-tier-${card.state}`} aria-current={card.state === "current" ? "step" : undefined}>
    <div class="kyc-tier-head">
      <h3 class="kyc-tier-name">{card.name}</h3>
      {card.stateLabel ? (
        <Badge tint={STATE_TINT[card.state]} icon={STATE_ICON[card.state]}>
          {card.stateLabel}
        </Badge>
      ) : null}
    </div>
    <p class="kyc-tier-req">{card.requirement}</p>
    {card.limits ? (
      <dl class="kyc-limits">
        {card.limits.map((l) => (
          <div class="kyc-limit">
            <dt>{l.label}</dt>
            <dd>{l.value}</dd>
          </div>
        ))}
      </dl>
    ) : null}
  </li>
);

const StatusCard: FC<{ v: NonNullable<KycContentProps["verification"]> }> = ({ v }) => (
  <section class="card kyc-status" aria-labelledby="kyc-status-title">
    <div class="card-head">
      <h2 id="kyc-status-title" class="card-title">
        Current status
      </h2>
      <StatusBadge status={v.status} />
    </div>
    <p class="kyc-tier-line">
      Tier: <strong>{v.tierName}</strong>
    </p>
    <p class="kyc-status-text">{v.status.text}</p>
    {v.status.reason ? (
      <Alert tone="error" title="Reason given by our reviewers">
        {v.status.reason}
      </Alert>
    ) : null}
    {v.status.when ? <p class="kyc-when">{v.status.when}</p> : null}
    {v.activeLimits ? (
      <>
        <h3 class="kyc-subtitle">Your active limits</h3>
        <dl class="kyc-limits">
          {v.activeLimits.map((l) => (
            <div class="kyc-limit">
              <dt>{l.label}</dt>
              <dd>{l.value}</dd>
            </div>
          ))}
        </dl>
      </>
    ) : null}
  </section>
);

/** A file picker with its label, hint and message; the browser checks the size too (kyc.js). */
const FileField: FC<{ id: string; label: string; error?: string; accept: string; maxBytes: number }> = ({ id, label, error, accept, maxBytes }) => (
  <div class={`field${error ? " field-invalid" : ""}`}>
    <label for={id} class="field-label">
      {label}
    </label>
    <input
      id={id}
      name="file"
      type="file"
      class="input kyc-file"
      accept={accept}
      required
      data-max-bytes={String(maxBytes)}
      aria-invalid={error ? "true" : undefined}
      aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
    />
    <p class="field-hint" id={`${id}-hint`}>
      JPEG, PNG or PDF, up to 10 MB.
    </p>
    <p class="field-error" id={`${id}-error`} hidden={!error} data-file-error>
      {error ?? ""}
    </p>
  </div>
);

const uploadForm = (children: Child) => (
  <form
    method="post"
    action="/kyc/documents"
    enctype="multipart/form-data"
    class="form kyc-upload"
    hx-post="/kyc/documents"
    hx-target="#kyc"
    hx-swap="outerHTML"
    hx-disable="find button"
    novalidate
  >
    {children}
  </form>
);

const Uploaded: FC<{ doc: UploadedView }> = ({ doc }) => (
  <p class="kyc-uploaded">
    <Icon name="checkCircle" />
    <span>
      <strong>{doc.name} uploaded.</strong> <span class="kyc-uploaded-meta">{doc.summary}</span>
    </span>
  </p>
);

const ID_LABEL: Record<"PASSPORT" | "DRIVERS_LICENSE", string> = { PASSPORT: "Passport", DRIVERS_LICENSE: "Driver's license" };

const IdStep: FC<{ action: Extract<KycActionView, { kind: "upload" }>; error?: string; chosen?: UploadType; accept: string; maxBytes: number }> = ({ action, error, chosen, accept, maxBytes }) => {
  const locked = action.idType && action.idType !== "SELFIE" ? action.idType : undefined;
  const picked = locked ?? (chosen === "DRIVERS_LICENSE" ? "DRIVERS_LICENSE" : "PASSPORT");
  return (
    <li class="kyc-step">
      <h3 class="kyc-step-title">
        <span class="kyc-step-num" aria-hidden="true">
          1
        </span>
        Government ID
      </h3>
      {action.id ? <Uploaded doc={action.id} /> : <p class="kyc-step-text">A passport or a driver's license: a clear photo or scan of the page with your photo.</p>}
      {uploadForm(
        <>
          {locked ? (
            <input type="hidden" name="type" value={locked} />
          ) : (
            <fieldset class="kyc-choice">
              <legend class="field-label">Document type</legend>
              {(["PASSPORT", "DRIVERS_LICENSE"] as const).map((t) => (
                <label class="kyc-radio">
                  <input type="radio" name="type" value={t} checked={t === picked} />
                  {ID_LABEL[t]}
                </label>
              ))}
            </fieldset>
          )}
          <FileField id="kyc-id-file" label={locked ? `Replace your ${ID_LABEL[locked].toLowerCase()}` : "Photo or scan of your ID"} error={error} accept={accept} maxBytes={maxBytes} />
          <div class="kyc-actions">
            <Button type="submit" variant={action.id ? "secondary" : "primary"}>
              <Icon name="upload" />
              {action.id ? "Replace ID" : "Upload ID"}
            </Button>
          </div>
        </>,
      )}
    </li>
  );
};

const SelfieStep: FC<{ action: Extract<KycActionView, { kind: "upload" }>; error?: string; accept: string; maxBytes: number }> = ({ action, error, accept, maxBytes }) => (
  <li class="kyc-step">
    <h3 class="kyc-step-title">
      <span class="kyc-step-num" aria-hidden="true">
        2
      </span>
      Selfie with your ID
    </h3>
    {action.selfie ? <Uploaded doc={action.selfie} /> : <p class="kyc-step-text">A photo of your face, holding the same ID next to it.</p>}
    {uploadForm(
      <>
        <input type="hidden" name="type" value="SELFIE" />
        <FileField id="kyc-selfie-file" label={action.selfie ? "Replace your selfie" : "Selfie holding your ID"} error={error} accept={accept} maxBytes={maxBytes} />
        <div class="kyc-actions">
          <Button type="submit" variant={action.selfie ? "secondary" : "primary"}>
            <Icon name="upload" />
            {action.selfie ? "Replace selfie" : "Upload selfie"}
          </Button>
        </div>
      </>,
    )}
  </li>
);

const SubmitStep: FC<{ action: Extract<KycActionView, { kind: "upload" }>; error?: string }> = ({ action, error }) => (
  <li class="kyc-step">
    <h3 class="kyc-step-title">
      <span class="kyc-step-num" aria-hidden="true">
        3
      </span>
      Submit for review
    </h3>
    <p class="kyc-step-text">You can replace either document until you submit. Our team usually decides within 1–2 business days.</p>
    {error ? <Alert tone="error">{error}</Alert> : null}
    <form method="post" action="/kyc/submit" class="kyc-submit" hx-post="/kyc/submit" hx-target="#kyc" hx-swap="outerHTML" hx-disable="find button">
      <Button type="submit" disabled={!action.canSubmit} aria-describedby={action.submitBlocker ? "kyc-submit-blocker" : undefined}>
        Submit for review
      </Button>
      {action.submitBlocker ? (
        <p id="kyc-submit-blocker" class="field-hint">
          {action.submitBlocker}
        </p>
      ) : null}
    </form>
  </li>
);

const ActionCard: FC<{ action: KycActionView; errors: KycErrors; chosen?: UploadType; returnTo: string; accept: string; maxBytes: number }> = ({ action, errors, chosen, returnTo, accept, maxBytes }) => {
  if (action.kind === "verified") return null;
  if (action.kind === "verify-email") {
    return (
      <section class="card kyc-action" aria-labelledby="kyc-action-title">
        <h2 id="kyc-action-title" class="card-title">
          Verify your e-mail first
        </h2>
        <p class="kyc-step-text">
          {action.emailVerified
            ? "Your e-mail is verified. Your tier changes to Basic in a moment; then you can upload your documents here."
            : "Open the link we sent to your e-mail address. That unlocks the Basic tier, and then you can upload your ID here."}
        </p>
        {action.emailVerified ? null : (
          <form method="post" action="/resend-verification" class="kyc-actions">
            <input type="hidden" name="return_to" value={returnTo} />
            <Button type="submit" variant="secondary">
              <Icon name="mail" />
              Resend verification email
            </Button>
          </form>
        )}
      </section>
    );
  }
  if (action.kind === "in-review") {
    return (
      <section class="card kyc-action" aria-labelledby="kyc-action-title">
        <h2 id="kyc-action-title" class="card-title">
          Review in progress
        </h2>
        <p class="kyc-step-text">These documents are with our reviewers; they can't be changed until a decision is made.</p>
        <ul class="kyc-docs">
          {action.documents.map((d) => (
            <li>
              <Uploaded doc={d} />
            </li>
          ))}
        </ul>
      </section>
    );
  }
  return (
    <section class="card kyc-action" aria-labelledby="kyc-action-title">
      <h2 id="kyc-action-title" class="card-title">
        Upgrade to Verified
      </h2>
      <ol class="kyc-steps">
        <IdStep action={action} error={errors.id} chosen={chosen} accept={accept} maxBytes={maxBytes} />
        <SelfieStep action={action} error={errors.selfie} accept={accept} maxBytes={maxBytes} />
        <SubmitStep action={action} error={errors.submit} />
      </ol>
    </section>
  );
};

/**
 * /kyc: the tiers and their limits (read from the server: admins change them), where the user
 * stands, and the documents to upload. One part refreshed when a `kyc-changed` event arrives (the
 * tier was upgraded or the review rejected).
 */
export const KycContent: FC<KycContentProps> = (p) => (
  <div id="kyc" class="stack kyc" hx-get={`/kyc/parts/content${p.version ? `?seen=${encodeURIComponent(p.version)}` : ""}`} hx-trigger="kyc-changed from:body" hx-swap="outerHTML">
    <div class="kyc-grid">
      {p.verification ? (
        <>
          <StatusCard v={p.verification} />
          <ActionCard action={p.verification.action} errors={p.errors ?? {}} chosen={p.chosenIdType} returnTo={p.returnTo} accept={p.accept} maxBytes={p.maxBytes} />
        </>
      ) : (
        <section class="card" aria-label="Current status">
          <Unavailable what="Your verification status" retryHref="/kyc" />
        </section>
      )}
    </div>
    <section class="card" aria-labelledby="kyc-tiers-title">
      <CardHead id="kyc-tiers-title" title="Verification tiers" subtitle="What each tier allows. Limits can change; these are today's." />
      {p.limitsUnavailable ? <Unavailable what="Tier limits" /> : null}
      <ol class="kyc-tiers">
        {p.cards.map((card) => (
          <TierCard card={card} />
        ))}
      </ol>
    </section>
  </div>
);
