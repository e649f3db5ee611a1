import type { FC } from "hono/jsx";
import type { FormErrors } from "../types.ts";
import { Alert } from "./alert.tsx";
import { Button } from "./button.tsx";
import { Field, FieldMessages } from "./field.tsx";
import { AmountField, CategoryField } from "./payment-fields.tsx";

/**
 * The money forms: Deposit and Send Money. Each is a real form (post, redirect, get) that htmx
 * enhances into a fragment swap, and each carries the Idempotency-Key it was rendered with, so a
 * double click, a retry or Back-and-submit replays the first payment instead of paying twice. A
 * new key comes only with a fresh form, after an outcome was recorded under the old one.
 *
 * Both render as a "panel" (`#deposit-panel`, `#send-panel`): the form with its messages, the
 * unit an htmx answer replaces. The same panel sits in the dialog and on the /wallet/deposit and
 * /wallet/send pages.
 */

export interface MoneyFormBase {
  /** The Idempotency-Key, born with the form. */
  idempotencyKey: string;
  /** Where a no-JavaScript post returns to (the page the form was opened from). */
  returnTo: string;
  /** In a dialog, a success answers a fresh panel and closes the dialog; on a page, it redirects. */
  inDialog: boolean;
  errors?: FormErrors;
  /** An outcome to read before sending again, e.g. a transfer held for review. */
  notice?: string;
  /** When the panel is a fresh one after a success, the dialog around it closes. */
  done?: boolean;
}

export interface DepositFormProps extends MoneyFormBase {
  amount?: string;
  note?: string;
}

export interface Recipient {
  email: string;
  name: string | null;
}

export interface SendFormProps extends MoneyFormBase {
  /** The recipient search as typed. */
  q?: string;
  /** People found for `q`, to choose from. */
  matches?: Recipient[];
  /** What the search says instead of matches: too short, no one found, unavailable. */
  searchMessage?: string;
  /** The chosen recipient's e-mail. */
  recipient?: string;
  amount?: string;
  category?: string;
  note?: string;
  categories: { value: string; label: string }[];
}

const Hidden: FC<{ p: MoneyFormBase }> = ({ p }) => (
  <>
    <input type="hidden" name="idempotency_key" value={p.idempotencyKey} />
    <input type="hidden" name="return_to" value={p.returnTo} />
    {p.inDialog ? <input type="hidden" name="in_dialog" value="1" /> : null}
  </>
);

const Messages: FC<{ p: MoneyFormBase; id: string }> = ({ p, id }) => (
  <>
    {p.notice ? (
      <Alert tone="info" id={`${id}-notice`}>
        {p.notice}
      </Alert>
    ) : null}
    {p.errors?.form ? (
      <Alert tone="error" id={`${id}-error`}>
        {p.errors.form}
      </Alert>
    ) : null}
  </>
);

/** htmx: the form answers its own panel; a second submit while one is in flight is dropped. */
const enhance = (action: string, panel: string) => ({
  "hx-post": action,
  "hx-target": `#${panel}`,
  "hx-swap": "outerHTML",
  "hx-sync": "this:drop",
  "hx-disable": "find button[type=submit]",
});

export const DepositForm: FC<DepositFormProps> = (p) => (
  <div id="deposit-panel" class="money-panel" data-dialog-done={p.done ? "" : undefined}>
    <Messages p={p} id="deposit" />
    <form method="post" action="/wallet/deposit" class="form money-form" {...enhance("/wallet/deposit", "deposit-panel")}>
      <Hidden p={p} />
      <AmountField id="deposit-amount" value={p.amount} error={p.errors?.fields.amount} example="25.00" required autofocus />
      <Field id="deposit-note" name="note" label="Note (optional)" value={p.note} error={p.errors?.fields.note} maxlength={500} />
      <Button block>Deposit</Button>
    </form>
  </div>
);

/** The people found for a search, as radio buttons of the send form: choosing one sets the recipient. */
export const RecipientChoices: FC<{ matches?: Recipient[]; chosen?: string; message?: string; error?: string }> = ({ matches = [], chosen, message, error }) => (
  <div id="send-recipients" class="recipients" aria-live="polite">
    {matches.length > 0 ? (
      <fieldset class={`recipient-set${error ? " field-invalid" : ""}`} aria-describedby={error ? "send-recipient-error" : undefined}>
        <legend class="field-label">Choose who you're paying</legend>
        {matches.map((m, i) => (
          <label class="recipient" for={`send-recipient-${i}`}>
            <input type="radio" id={`send-recipient-${i}`} name="recipient" value={m.email} checked={m.email === chosen} required />
            <span class="recipient-text">
              <span class="recipient-name">{m.name || m.email}</span>
              {m.name ? <span class="recipient-email">{m.email}</span> : null}
            </span>
          </label>
        ))}
      </fieldset>
    ) : message ? (
      <p class="recipient-message">{message}</p>
    ) : null}
    <FieldMessages id="send-recipient" error={error} />
  </div>
);

export const SendForm: FC<SendFormProps> = (p) => {
  const searchError = p.errors?.fields.recipient;
  return (
    <div id="send-panel" class="money-panel" data-dialog-done={p.done ? "" : undefined}>
      <Messages p={p} id="send" />
      {/* The recipient search is its own small GET form (its fields point at it with form=), so
          without JavaScript "Search" lists the matches on /wallet/send; with htmx the list
          appears under the field as the person types. */}
      <form id="send-search" method="get" action="/wallet/send" hx-get="/wallet/send/recipients" hx-target="#send-recipients" hx-swap="outerHTML"></form>
      <form method="post" action="/wallet/send" class="form money-form" {...enhance("/wallet/send", "send-panel")}>
        <Hidden p={p} />
        <input type="hidden" name="return_to" value={p.returnTo} form="send-search" />
        <div class="field">
          <div class="field-label-row">
            <label for="send-q" class="field-label">
              Recipient's e-mail
            </label>
          </div>
          <div class="search-row">
            <input
              id="send-q"
              name="q"
              type="search"
              form="send-search"
              value={p.q}
              class="input"
              autocomplete="off"
              inputmode="email"
              placeholder="name@example.com"
              autofocus
              aria-describedby="send-q-hint"
              hx-get="/wallet/send/recipients"
              hx-trigger="input changed delay:300ms"
              hx-target="#send-recipients"
              hx-swap="outerHTML"
              hx-sync="this:replace"
            />
            <button type="submit" form="send-search" class="btn btn-secondary">
              <span class="btn-label">Search</span>
            </button>
          </div>
          <p class="field-hint" id="send-q-hint">
            Type at least 3 characters of their e-mail, then choose them.
          </p>
        </div>
        <RecipientChoices matches={p.matches} chosen={p.recipient} message={p.searchMessage} error={searchError} />
        <AmountField id="send-amount" value={p.amount} error={p.errors?.fields.amount} example="12.50" required />
        <CategoryField id="send-category" value={p.category} error={p.errors?.fields.category} categories={p.categories} />
        <Field id="send-note" name="note" label="Note (optional)" value={p.note} error={p.errors?.fields.note} maxlength={500} />
        <Button block>Send money</Button>
      </form>
    </div>
  );
};
