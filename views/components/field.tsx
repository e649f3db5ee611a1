import type { Child, FC } from "hono/jsx";

export interface FieldProps {
  name: string;
  /** The input's id (default `f-<name>`); set it when a page holds several forms with the same field. */
  id?: string;
  label: string;
  type?: "text" | "email" | "password" | "number" | "search" | "tel" | "url";
  value?: string;
  /** Message shown under the input; marks the input invalid. */
  error?: string;
  hint?: Child;
  autocomplete?: string;
  required?: boolean;
  minlength?: number;
  maxlength?: number;
  autofocus?: boolean;
  placeholder?: string;
  /** Extra element placed on the label row, e.g. a "Forgot password?" link. */
  aside?: Child;
  /** For a confirmation field: the name of the field it must equal (checked in the browser too). */
  mustMatch?: string;
  inputmode?: "email" | "text" | "search" | "url" | "none" | "tel" | "numeric" | "decimal";
}

/**
 * A labelled input with its error message rendered right under it. The input points at the
 * message with aria-describedby so screen readers announce it.
 */
export const Field: FC<FieldProps> = (p) => {
  const id = p.id ?? `f-${p.name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [p.error ? errorId : "", p.hint ? hintId : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`field${p.error ? " field-invalid" : ""}`}>
      <div class="field-label-row">
        <label for={id} class="field-label">
          {p.label}
        </label>
        {p.aside}
      </div>
      <input
        id={id}
        name={p.name}
        type={p.type ?? "text"}
        value={p.type === "password" ? undefined : p.value}
        class="input"
        autocomplete={p.autocomplete}
        required={p.required}
        minlength={p.minlength}
        maxlength={p.maxlength}
        autofocus={p.autofocus}
        placeholder={p.placeholder}
        inputmode={p.inputmode}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={describedBy}
        data-must-match={p.mustMatch}
      />
      <FieldMessages id={id} hint={p.hint} error={p.error} />
    </div>
  );
};

/**
 * What is said under a control: its error, or else its hint, with the ids `<id>-error` and
 * `<id>-hint` that the control's aria-describedby points at.
 */
export const FieldMessages: FC<{ id: string; hint?: Child; error?: string }> = ({ id, hint, error }) => (
  <>
    {hint && !error ? (
      <p class="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
    ) : null}
    {error ? (
      <p class="field-error" id={`${id}-error`}>
        {error}
      </p>
    ) : null}
  </>
);
