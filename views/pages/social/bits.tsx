import type { Child, FC } from "hono/jsx";
import { initials } from "../../../services/web/domain/page/initials.ts";
import { personName, type Named, type StatusView } from "../../../services/web/domain/social/social-view.ts";
import { Alert } from "../../components/alert.tsx";
import { FieldMessages } from "../../components/field.tsx";

/** Words for screen readers only (e.g. "to Ann" after a visible "Send money"). */
export const SrOnly: FC<{ children?: Child }> = ({ children }) => <span class="sr-only">{children}</span>;

/** A status in words, tinted by its tone: the colour is never the only signal. */
export const StatusPill: FC<{ status: StatusView }> = ({ status }) => <span class={`status-badge social-status tone-${status.tone}`}>{status.label}</span>;

export const PersonAvatar: FC<{ person: Named }> = ({ person }) => (
  <span class="avatar social-avatar" aria-hidden="true">
    {initials(person.name, person.email) || "?"}
  </span>
);

/** A person's name, their e-mail under it (once, when they have no name), then any other detail. */
export const PersonText: FC<{ person: Named; meta?: Child }> = ({ person, meta }) => (
  <span class="social-person">
    <span class="social-name">{personName(person)}</span>
    {person.name?.trim() && person.email ? <span class="social-meta">{person.email}</span> : null}
    {meta ? <span class="social-meta">{meta}</span> : null}
  </span>
);

export interface InputProps {
  id: string;
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  type?: "text" | "search" | "email";
  inputmode?: "decimal" | "email" | "text";
  placeholder?: string;
  maxlength?: number;
  required?: boolean;
  autofocus?: boolean;
  /** "off" unless said otherwise; a money form's amount is "transaction-amount", so Back shows what was typed. */
  autocomplete?: string;
  /** Extra attributes for the input (htmx, data-*). */
  attrs?: Record<string, string | boolean | undefined>;
}

/** A labelled input with its message right under it; the input points at the message. */
export const Input: FC<InputProps> = (p) => {
  const described = [p.error ? `${p.id}-error` : "", p.hint && !p.error ? `${p.id}-hint` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`field${p.error ? " field-invalid" : ""}`}>
      <label for={p.id} class="field-label">
        {p.label}
      </label>
      <input
        id={p.id}
        name={p.name}
        type={p.type ?? "text"}
        value={p.value}
        class="input"
        autocomplete={p.autocomplete ?? "off"}
        inputmode={p.inputmode}
        placeholder={p.placeholder}
        maxlength={p.maxlength}
        required={p.required}
        autofocus={p.autofocus}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={described}
        {...(p.attrs ?? {})}
      />
      <FieldMessages id={p.id} hint={p.hint} error={p.error} />
    </div>
  );
};

/** The form-level message above a form, when there is one. */
export const FormMessage: FC<{ id: string; error?: string; notice?: string }> = ({ id, error, notice }) => (
  <>
    {notice ? (
      <Alert tone="info" id={`${id}-notice`}>
        {notice}
      </Alert>
    ) : null}
    {error ? (
      <Alert tone="error" id={`${id}-error`}>
        {error}
      </Alert>
    ) : null}
  </>
);

/** The hidden fields that say where a form was opened: in a dialog (htmx answers a fragment) or on its own page. */
export const Origin: FC<{ inDialog: boolean }> = ({ inDialog }) => (inDialog ? <input type="hidden" name="in_dialog" value="1" /> : null);

/** Replaces a dialog's panel (out of band) once its work is done: the dialog around it closes. */
export const FinishedPanel: FC<{ id: string }> = ({ id }) => <div id={id} hx-swap-oob="true" data-dialog-done></div>;
