import type { Child, FC } from "hono/jsx";
import { dateTime } from "../../../services/web/domain/transactions/days.ts";
import { formatCents } from "../../../services/web/domain/money/money.ts";
import { MAX_REASON } from "../../../services/web/domain/admin/forms.ts";
import { actionTitle, approvalStatusWords, personName, type ActionLike, type PersonRef, type Tone } from "../../../services/web/domain/admin/words.ts";
import { Alert } from "../../components/alert.tsx";
import { Button } from "../../components/button.tsx";
import { Dialog, DialogOpener } from "../../components/dialog.tsx";
import { FieldMessages } from "../../components/field.tsx";
import { Icon } from "../../components/icons.tsx";

/** A status in words with a colour; the words carry the meaning, the colour only repeats it. */
export const Badge: FC<{ tone: Tone; children?: Child }> = ({ tone, children }) => <span class={`adm-badge adm-badge-${tone}`}>{children}</span>;

/** "Mar 3, 2026, 3:04 PM" in the admin's zone; a <time> so the instant itself is there too. */
export const When: FC<{ iso: string | null | undefined; tz: string }> = ({ iso, tz }) =>
  iso ? <time datetime={iso}>{dateTime(new Date(iso), tz)}</time> : <span class="muted">—</span>;

export const Money: FC<{ cents: number | null | undefined }> = ({ cents }) => (cents === null || cents === undefined ? <span class="muted">—</span> : <span class="adm-money">{formatCents(cents)}</span>);

/** A person by name with their e-mail under it, linking to their picture. */
export const Person: FC<{ person: PersonRef | null | undefined; link?: boolean }> = ({ person, link = true }) => {
  if (!person) return <span class="muted">—</span>;
  const name = personName(person);
  return (
    <span class="adm-person">
      {link ? <a href={`/app-admin/users/${person.id}`}>{name}</a> : <span class="adm-person-name">{name}</span>}
      {person.email && person.email !== name ? <span class="adm-sub">{person.email}</span> : null}
    </span>
  );
};

/** Label/value pairs. */
export const Facts: FC<{ rows: [string, Child][] }> = ({ rows }) => (
  <dl class="adm-facts">
    {rows.map(([label, value]) => (
      <div>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </div>
    ))}
  </dl>
);

/** A multi-line text field (a reason, notes) with its message under it. */
export const TextArea: FC<{ name: string; id: string; label: string; value?: string; error?: string; hint?: string; required?: boolean; maxlength?: number; rows?: number }> = (p) => {
  const errorId = `${p.id}-error`;
  const hintId = `${p.id}-hint`;
  const describedBy = [p.error ? errorId : "", p.hint && !p.error ? hintId : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`field${p.error ? " field-invalid" : ""}`}>
      <label for={p.id} class="field-label">
        {p.label}
      </label>
      <textarea
        id={p.id}
        name={p.name}
        class="input adm-textarea"
        rows={p.rows ?? 3}
        required={p.required}
        maxlength={p.maxlength}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={describedBy}
      >
        {p.value ?? ""}
      </textarea>
      <FieldMessages id={p.id} hint={p.hint} error={p.error} />
    </div>
  );
};

/** The reason an action is taken, as its form was last sent; the audit log keeps it unless `label` says otherwise. */
export const ReasonField: FC<{ id: string; state: FormState; label?: string; rows?: number }> = ({ id, state, label = "Reason (kept in the audit log)", rows }) => (
  <TextArea name="reason" id={id} label={label} value={state.values.reason} error={state.errors.reason} required maxlength={MAX_REASON} rows={rows} />
);

export interface ActionFormProps {
  /** The form's id, unique on the page (a page may hold the same form twice: in a dialog and inline). */
  id: string;
  action: string;
  submit: string;
  variant?: "primary" | "secondary" | "danger";
  /** A message for the whole form (the API's refusal), shown above the fields. */
  error?: string;
  /** A note under the title of the form, e.g. what the action will do. */
  note?: Child;
  /** Where Cancel leads on the form's own page; in a dialog, Cancel closes the dialog. */
  cancelHref?: string;
  inDialog?: boolean;
  children?: Child;
}

/**
 * A real form (post, redirect, get without JavaScript). With htmx it posts in place: a refusal or
 * a field message comes back as this form again, and success navigates to the page the outcome
 * belongs to, which shows it as a toast.
 */
export const ActionForm: FC<ActionFormProps> = ({ id, action, submit, variant = "primary", error, note, cancelHref, inDialog, children }) => (
  <form id={id} class="form adm-action-form" method="post" action={action} hx-post={action} hx-target="this" hx-swap="outerHTML" novalidate>
    {inDialog ? <input type="hidden" name="in_dialog" value="1" /> : null}
    {error ? (
      <Alert tone="error" id={`${id}-alert`}>
        {error}
      </Alert>
    ) : null}
    {note ? <div class="adm-form-note">{note}</div> : null}
    {children}
    <div class="adm-form-actions">
      <Button variant={variant}>{submit}</Button>
      {inDialog ? (
        <button type="button" class="btn btn-ghost" data-dialog-close>
          <span class="btn-label">Cancel</span>
        </button>
      ) : cancelHref ? (
        <a class="btn btn-ghost" href={cancelHref}>
          <span class="btn-label">Cancel</span>
        </a>
      ) : null}
    </div>
  </form>
);

/**
 * A destructive action: a button opening a dialog that holds the form (the reason is required).
 * Without JavaScript the button is a link to `href`, a page holding the same form.
 */
export const ConfirmAction: FC<{ dialogId: string; href: string; label: string; variant?: "primary" | "secondary" | "ghost"; title: string; description?: string; children?: Child }> = ({
  dialogId,
  href,
  label,
  variant = "secondary",
  title,
  description,
  children,
}) => (
  <>
    <DialogOpener dialog={dialogId} href={href} variant={variant} size="sm">
      {label}
    </DialogOpener>
    <Dialog id={dialogId} title={title} description={description}>
      {children}
    </Dialog>
  </>
);

/** The page a dialog's form lives on without JavaScript (and where its errors are shown). */
export const FormPage: FC<{ title: string; back: { href: string; label: string }; description?: Child; children?: Child }> = ({ title, back, description, children }) => (
  <div class="stack adm-form-page">
    <BackLink href={back.href} label={back.label} />
    <section class="card adm-narrow" aria-labelledby="form-page-title">
      <h2 id="form-page-title" class="card-title">
        {title}
      </h2>
      {description ? <div class="adm-form-page-desc">{description}</div> : null}
      {children}
    </section>
  </div>
);

/** The way back from a page to the list or the page it was opened from. */
export const BackLink: FC<{ href: string; label: string }> = ({ href, label }) => (
  <p>
    <a href={href} class="card-link">
      <Icon name="chevronLeft" />
      {label}
    </a>
  </p>
);

/**
 * The head of one thing's page (a user, a case, a transaction): its title, the e-mail of the
 * person it is about where there is one, its statuses as badges, and its actions.
 */
export const DetailHead: FC<{ titleId: string; title: Child; email?: string | null; badges: Child; actions?: Child }> = ({ titleId, title, email, badges, actions }) => (
  <div class="adm-profile-head">
    <div class={email !== undefined ? "adm-profile-id" : undefined}>
      <h2 id={titleId} class="adm-h2">
        {title}
      </h2>
      {email !== undefined ? <p class="adm-sub">{email}</p> : null}
      <p class="adm-badges">{badges}</p>
    </div>
    {actions}
  </div>
);

/** The line above a part that refreshes itself, saying so. */
export const LiveNote: FC<{ children?: Child }> = ({ children }) => (
  <p class="adm-sub adm-live-note">
    <Icon name="refresh" /> {children}
  </p>
);

/** Links to the first and the next page of a cursor-paged list. */
export const Pager: FC<{ first?: string; next?: string | null; label: string }> = ({ first, next, label }) =>
  first || next ? (
    <nav class="adm-pager" aria-label={label}>
      {first ? (
        <a class="btn btn-ghost btn-sm" href={first}>
          <Icon name="chevronLeft" />
          <span class="btn-label">First page</span>
        </a>
      ) : (
        <span></span>
      )}
      {next ? (
        <a class="btn btn-secondary btn-sm" href={next}>
          <span class="btn-label">Next page</span>
          <Icon name="chevronRight" />
        </a>
      ) : null}
    </nav>
  ) : null;

/** An action that waits for a second admin, where its target is shown. */
export const PendingNotice: FC<{ action: ActionLike & { requestedAt: string; expiresAt: string }; viewerId: string; tz: string }> = ({ action, viewerId, tz }) => {
  const mine = action.requestedBy.id === viewerId;
  const words = approvalStatusWords(action.status);
  return (
    <Alert tone="warning" title={`${words.label}: ${actionTitle(action)}`}>
      <p>
        Asked by {mine ? "you" : personName(action.requestedBy)} on <When iso={action.requestedAt} tz={tz} />; it expires on <When iso={action.expiresAt} tz={tz} /> unless another admin decides.{" "}
        {mine ? "Another admin must approve it. " : null}
        <a href="/app-admin/approvals">Open Approvals</a>
      </p>
    </Alert>
  );
};

/** A trace id linked to the trace viewer (when one is configured). */
export const TraceLink: FC<{ traceId: string | null; url: string | null }> = ({ traceId, url }) =>
  traceId ? (
    url ? (
      <a href={url} class="adm-trace" target="_blank" rel="noopener noreferrer">
        Trace {traceId.slice(0, 8)}…<span class="sr-only"> (opens the trace viewer in a new tab)</span>
      </a>
    ) : (
      <span class="adm-trace adm-mono">{traceId.slice(0, 16)}…</span>
    )
  ) : (
    <span class="muted">No trace</span>
  );

/** What a form shows again: what was typed, a message per field, and one for the whole form. */
export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  form?: string;
}

export const emptyForm = (values: Record<string, string> = {}): FormState => ({ values, errors: {} });
