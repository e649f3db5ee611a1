import { Hono } from "hono";
import { RecipientChoices, type Recipient, SendForm, type SendFormProps } from "@mint/views/components/money-forms.tsx";
import { MoneyFormPage } from "@mint/views/pages/wallet.tsx";
import type { C, WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { type JSX, view as h } from "../../app/render.tsx";
import { isHtmx, readForm, redirect, withParam } from "../../app/respond.ts";
import type { SignedIn } from "../../app/session.ts";
import type { DirectoryMatch } from "../../clients/auth.ts";
import { CATEGORIES } from "../../../../proto-like-schemas/transactions.ts";
import { CATEGORY_LABELS, checkSend, SEARCH_MIN, type SendInput, sendInput } from "../../domain/money/money-forms.ts";
import { moneyOutcome, type MoneyOutcome } from "../../domain/money/money-outcome.ts";
import { answerMoneyForm, expiredForm, moneyFormCacheHeaders, moneyFormContext, payOnce, returnPath, type PanelState } from "./money-action.ts";

const CATEGORY_CHOICES = CATEGORIES.map((value) => ({ value, label: CATEGORY_LABELS[value] }));

const page = (returnTo: string, panel: JSX.Element) =>
  h(MoneyFormPage, { title: "Send money", intro: "Pay someone on Mint: find them by their e-mail, choose them, and enter the amount.", backHref: returnTo, children: panel });

/** The send form with a fresh key; in a dialog on `returnTo`, or on its own page. */
export const sendForm = (returnTo: string, inDialog: boolean, extra: Partial<SendFormProps> = {}) =>
  h(SendForm, { idempotencyKey: crypto.randomUUID(), returnTo, inDialog, categories: CATEGORY_CHOICES, ...extra });

type Search = { matches: Recipient[]; message?: string; found: DirectoryMatch[] } | { matches: []; message: string; found: []; unavailable: true };

/** The directory's matches for what the person typed, or what to tell them instead. */
async function searchRecipients(kit: Kit, c: C, s: SignedIn, q: string): Promise<Search> {
  const text = q.trim();
  if (text === "") return { matches: [], found: [] };
  if (text.length < SEARCH_MIN) return { matches: [], found: [], message: `Type at least ${SEARCH_MIN} characters of their e-mail.` };
  const r = await kit.clients.auth.searchUsers(c.get("meta"), s.accessToken, text);
  if (!r.ok) {
    if (r.status === 400) return { matches: [], found: [], message: r.problem.errors?.[0]?.message ?? "Check the e-mail you typed." };
    return { matches: [], found: [], message: "We can't search for people right now. Please try again in a moment.", unavailable: true };
  }
  if (r.data.length === 0) return { matches: [], found: [], message: `No one on Mint has an e-mail starting with "${text}".` };
  return { matches: r.data.map((m) => ({ email: m.email, name: m.name })), found: r.data };
}

/** The search's match whose e-mail is exactly `email`: the recipient a form names. */
const exactly = (found: DirectoryMatch[], email: string) => found.find((m) => m.email.toLowerCase() === email.toLowerCase());

/** /wallet/send: the page (the dialog's form without JavaScript), the live recipient search, and the post. */
export function sendRoutes(kit: Kit) {
  const app = new Hono<WebEnv>();

  // Without JavaScript, "Search" comes back here with ?q=: the matches are listed to choose from.
  app.get(
    "/",
    kit.userPage("/wallet", async (c, s) => {
      moneyFormCacheHeaders(c);
      const returnTo = returnPath(c.req.query("return_to"));
      const q = (c.req.query("q") ?? "").trim().slice(0, 254);
      const search = await searchRecipients(kit, c, s, q);
      // A search for someone's whole e-mail (a link to pay them) chooses them.
      const chosen = q !== "" ? exactly(search.found, q)?.email : undefined;
      return page(returnTo, sendForm(returnTo, false, { q, matches: search.matches, searchMessage: search.message, recipient: chosen }));
    }),
  );

  // With htmx, the list under the field as the person types.
  app.get(
    "/recipients",
    kit.userAction(async (c, s) => {
      const q = (c.req.query("q") ?? "").trim().slice(0, 254);
      if (!isHtmx(c)) return redirect(c, withParam("/wallet/send", "q", q));
      const search = await searchRecipients(kit, c, s, q);
      return c.html(h(RecipientChoices, { matches: search.matches, message: search.message, chosen: exactly(search.found, q)?.email }));
    }),
  );

  app.post(
    "/",
    kit.userPage("/wallet", async (c, s) => {
      const form = await readForm(c);
      const ctx = moneyFormContext(form);
      const input = sendInput(form);
      // The recipient is named by e-mail (the choice's value) and looked up again here, so the
      // page never trusts a name or an id from the browser.
      const lookup = input.recipient !== "" ? await searchRecipients(kit, c, s, input.recipient) : undefined;
      const recipient = lookup ? exactly(lookup.found, input.recipient) : undefined;

      const panel = (state: PanelState) =>
        h(SendForm, {
          idempotencyKey: state.key,
          returnTo: ctx.returnTo,
          inDialog: ctx.inDialog,
          categories: CATEGORY_CHOICES,
          errors: state.errors,
          notice: state.notice,
          done: state.done,
          ...(state.keepInput ? keptInput(input, recipient) : {}),
        });
      const answer = (outcome: MoneyOutcome) => answerMoneyForm(kit, c, s, { ctx, outcome, panel, page: (p) => page(ctx.returnTo, p) });

      if (!ctx.keyIsValid) return answer({ kind: "refused", errors: expiredForm, keepKey: false, status: 422 });
      const checked = checkSend(input);
      if (!checked.ok) return answer({ kind: "refused", errors: checked.errors, keepKey: true, status: 422 });
      if (lookup && "unavailable" in lookup) return answer({ kind: "refused", errors: { fields: {}, form: lookup.message }, keepKey: true, status: 503 });
      if (!recipient) return answer({ kind: "refused", errors: { fields: { recipient: "We couldn't find this person. Search again and choose from the list." } }, keepKey: true, status: 422 });

      const { amountCents, note, category } = checked.value;
      const result = await payOnce(() =>
        kit.clients.transactions.transfer(c.get("meta"), s.accessToken, ctx.key, { recipientId: recipient.id, amount: amountCents, description: note, category }),
      );
      return answer(moneyOutcome(result, { kind: "transfer", amountCents, recipient: recipient.name || recipient.email }));
    }),
  );

  return app;
}

/** What the person typed, shown again with an error; the chosen recipient stays chosen. */
function keptInput(input: SendInput, recipient: DirectoryMatch | undefined): Partial<SendFormProps> {
  return {
    q: input.q || recipient?.email || input.recipient,
    matches: recipient ? [{ email: recipient.email, name: recipient.name }] : [],
    recipient: recipient?.email,
    amount: input.amount,
    category: input.category,
    note: input.note,
  };
}
