import { html } from "hono/html";
import { ToastsOob } from "@mint/views/components/toast.tsx";
import type { ToastMessage } from "@mint/views/types.ts";
import type { C } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { type JSX, view as h } from "../../app/render.tsx";
import { isHtmx, redirect } from "../../app/respond.ts";
import type { SignedIn } from "../../app/session.ts";
import type { PaymentResult } from "../../clients/transactions.ts";
import type { FormInput } from "../../domain/page/forms.ts";
import { formKey } from "../../domain/money/money-forms.ts";
import type { MoneyOutcome } from "../../domain/money/money-outcome.ts";
import type { FormErrors } from "../../domain/page/problem.ts";
import { partsChangedByPayment } from "./parts.ts";
import { returnPath } from "./return-path.ts";

export { returnPath };

/**
 * How every money form behaves (deposit, send; later pages copy it):
 *
 * - The Idempotency-Key is born with the form (a hidden field) and sent as the header, so the
 *   same form sent twice (a double click, a retry, Back and send again, the same data posted
 *   again) replays the first payment. The API says so (`Idempotent-Replayed`), and the page says
 *   "already done", not "done again".
 * - A request still at work under the key (409) is waited for, so a second submit answers with
 *   what the first one did.
 * - After an outcome is recorded under the key (completed, held, refused), the form that comes
 *   back is a fresh one with a new key; while nothing is recorded (bad input, an outage), the key
 *   stays, and sending again is safe.
 * - With htmx, a dialog's form answers its own panel: errors next to the fields, or, once it went
 *   through, a fresh form, a toast, and the parts of the page that changed, out of band. Without
 *   JavaScript it posts and redirects back (303) with the outcome as a toast, and errors render
 *   the form's page again (with its status: 422, 403, 409, 503).
 * - A page holding a money form is `Cache-Control: private, no-cache`: Back shows the same form
 *   with the same key, so a resubmission replays instead of paying again.
 */

/** What the form carried besides its fields. */
export interface MoneyFormContext {
  /** The form's key, or a new one when it carried none we could have rendered. */
  key: string;
  /** It carried a usable key: a form without one is refused before anything is sent. */
  keyIsValid: boolean;
  /** The page it came from, to return to. */
  returnTo: string;
  inDialog: boolean;
}


export function moneyFormContext(form: FormInput): MoneyFormContext {
  const key = formKey(form);
  return { key: key ?? crypto.randomUUID(), keyIsValid: key !== undefined, returnTo: returnPath(form.return_to), inDialog: form.in_dialog === "1" };
}

/** A form that lost its key (or never had one) is sent once more from a fresh form, never guessed at. */
export const expiredForm: FormErrors = { fields: {}, form: "This form has expired. Check the details and send it again." };

/** A page holding a money form: Back shows it as it was, with its key, instead of a new one. */
export function moneyFormCacheHeaders(c: C): void {
  c.header("Cache-Control", "private, no-cache");
}

const IN_FLIGHT_WAITS_MS = [250, 500, 750, 1_000, 1_000, 1_000, 1_000];

/**
 * Sends the payment; while the API says a request with this key is still at work (a double
 * submit), waits and asks again with the same key, which then answers what that request did.
 */
export async function payOnce(pay: () => Promise<PaymentResult>): Promise<PaymentResult> {
  let result = await pay();
  for (const wait of IN_FLIGHT_WAITS_MS) {
    if (result.ok || result.status !== 409 || result.problem.code !== "CONFLICT") return result;
    await Bun.sleep(wait);
    result = await pay();
  }
  return result;
}

/** The pathname a return path points at ("/dashboard?x=1" → "/dashboard"). */
const pathnameOf = (path: string) => new URL(path, "http://mint.invalid").pathname;

export interface PanelState {
  key: string;
  errors?: FormErrors;
  notice?: string;
  /** A fresh panel after a completed payment: the dialog around it closes. */
  done?: boolean;
  /** Keep what the person typed (an error) or start empty (an outcome). */
  keepInput: boolean;
}

export interface AnswerOptions {
  ctx: MoneyFormContext;
  outcome: MoneyOutcome;
  /** The form's panel in a given state. */
  panel: (state: PanelState) => JSX.Element;
  /** The form's own page around a panel (for browsers without JavaScript). */
  page: (panel: JSX.Element) => JSX.Element;
}

/** Answers a money form's post with its outcome, as the browser can use it (see above). */
export async function answerMoneyForm(kit: Kit, c: C, s: SignedIn, { ctx, outcome, panel, page }: AnswerOptions): Promise<Response | JSX.Element> {
  const htmx = isHtmx(c);
  if (outcome.kind === "refused") {
    const state: PanelState = { key: outcome.keepKey ? ctx.key : crypto.randomUUID(), errors: outcome.errors, keepInput: true };
    c.status(outcome.status as 400);
    moneyFormCacheHeaders(c);
    return htmx ? panel(state) : page(panel(state));
  }

  const toast: ToastMessage = { kind: outcome.kind === "completed" && !outcome.replayed ? "success" : "info", message: outcome.message };
  if (!htmx || !ctx.inDialog) {
    kit.flash(c, toast);
    return redirect(c, ctx.returnTo);
  }
  // In a dialog: a fresh form (new key) in place of the old one, and what changed on the page.
  const parts = await partsChangedByPayment(kit, c, s, pathnameOf(ctx.returnTo));
  const fresh =
    outcome.kind === "held"
      ? panel({ key: crypto.randomUUID(), notice: outcome.message, keepInput: false })
      : panel({ key: crypto.randomUUID(), done: true, keepInput: false });
  const toasts = outcome.kind === "held" ? [] : [toast];
  return html`${fresh}${toasts.length > 0 ? h(ToastsOob, { toasts }) : ""}${parts}`;
}
