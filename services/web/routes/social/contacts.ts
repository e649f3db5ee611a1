import { Hono } from "hono";
import { AddContactPanel, CONTACTS_TAB, ContactSendPanel, ContactsPart, RemoveContactPanel, type ContactSendProps } from "@mint/views/pages/social/contacts.tsx";
import { FinishedPanel } from "@mint/views/pages/social/bits.tsx";
import { SocialFormPage } from "@mint/views/pages/social/page.tsx";
import type { Contact } from "../../clients/social.ts";
import type { C, WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { currentPath, notFound, readForm, redirect, wantsFragment, withParam } from "../../app/respond.ts";
import type { SignedIn } from "../../app/session.ts";
import { CATEGORY_LABELS, formKey, NOTE_MAX, type Category } from "../../domain/money/money-forms.ts";
import { moneyOutcome, type MoneyOutcome } from "../../domain/money/money-outcome.ts";
import { parseDollars } from "../../domain/money/money.ts";
import { problemMessage } from "../../domain/page/problem.ts";
import { personName } from "../../domain/social/social-view.ts";
import { answerMoneyForm, expiredForm, moneyFormCacheHeaders, moneyFormContext, payOnce, type PanelState } from "../wallet/money-action.ts";
import { done, fragment, fromDialog, searchPeople, timeZone } from "./common.ts";
import { loaders } from "./page.ts";

const CATEGORIES = Object.entries(CATEGORY_LABELS).map(([value, label]) => ({ value, label }));

/** Contacts: add by e-mail search, remove (with a confirmation), send money to one. */
export function contactRoutes(kit: Kit) {
  const app = new Hono<WebEnv>();
  const social = kit.clients.social;
  const load = loaders(kit);

  /** The viewer's contact with this user id, if they have one (null when social did not answer). */
  async function contactOf(c: C, s: SignedIn, contactId: string): Promise<Contact | undefined | null> {
    const r = await social.contacts(c.get("meta"), s.accessToken);
    if (!r.ok) return null;
    return r.data.items.find((x) => x.contactId === contactId.toLowerCase());
  }

  const contactsPart = async (c: C, s: SignedIn) => h(ContactsPart, { contacts: await load.contacts(c, s), tz: timeZone(c) });

  // --- adding ---------------------------------------------------------------------------------

  app.get(
    "/contacts/new",
    kit.userPage("/social", async (c, s) => {
      const search = await searchPeople(kit, c, s, c.req.query("q"));
      return h(SocialFormPage, {
        title: "Add a contact",
        description: "Find someone by their e-mail address, then add them.",
        back: CONTACTS_TAB,
        children: h(AddContactPanel, { inDialog: false, search }),
      });
    }),
  );

  app.post(
    "/contacts",
    kit.userPage("/social", async (c, s) => {
      const form = await readForm(c);
      const inDialog = fromDialog(c, form);
      const contactId = (form.contactId ?? "").trim();
      const again = async (errors: { fields: Record<string, string>; form?: string }, status: number) => {
        const search = await searchPeople(kit, c, s, form.q);
        const panel = h(AddContactPanel, { inDialog, search, errors });
        c.status(status as 200);
        return inDialog ? panel : h(SocialFormPage, { title: "Add a contact", description: "Find someone by their e-mail address, then add them.", back: CONTACTS_TAB, children: panel });
      };
      if (form.op === "search" || contactId === "") {
        return again(form.op === "search" || (form.q ?? "").trim() !== "" ? { fields: {} } : { fields: { q: "Search for the person by their e-mail, then choose Add." } }, form.op === "search" ? 200 : 422);
      }
      const r = await social.addContact(c.get("meta"), s.accessToken, contactId);
      if (!r.ok) {
        const message = r.status === 409 && r.problem.code === "CONFLICT" ? "This person is already one of your contacts." : r.status === 404 ? "We couldn't find this person. Search again." : problemMessage(r.problem);
        return again({ fields: {}, form: message }, r.status >= 500 ? 503 : 422);
      }
      const toast = { kind: "success" as const, message: `Added ${personName(r.data)} to your contacts.` };
      if (!inDialog) return done(kit, c, CONTACTS_TAB, toast);
      return fragment(c, h(AddContactPanel, { inDialog, search: { q: "", matches: [] }, done: true }), { toasts: [toast], oob: [h(ContactsPart, { contacts: await load.contacts(c, s), tz: timeZone(c), oob: true })] });
    }),
  );

  // --- removing ---------------------------------------------------------------------------------

  app.get(
    "/contacts/:contactId/remove",
    kit.userPage("/social", async (c, s) => {
      const contact = await contactOf(c, s, (c.req.param("contactId") ?? ""));
      if (contact === null) return kit.unavailable(c);
      if (!contact) return notFound(c);
      const panel = h(RemoveContactPanel, { contact, inDialog: wantsFragment(c) });
      if (wantsFragment(c)) return panel;
      return h(SocialFormPage, { title: "Remove contact", description: "They won't be told.", back: CONTACTS_TAB, children: panel });
    }),
  );

  app.post(
    "/contacts/:contactId/remove",
    kit.userAction(async (c, s) => {
      const form = await readForm(c);
      const inDialog = fromDialog(c, form);
      const contactId = (c.req.param("contactId") ?? "").toLowerCase();
      // Read before removing: the outcome names the person, who is no longer listed afterwards.
      const contact = await contactOf(c, s, contactId);
      const r = await social.removeContact(c.get("meta"), s.accessToken, contactId);
      const name = contact ? personName(contact) : "The contact";
      const toast =
        r.ok ? { kind: "success" as const, message: `Removed ${name} from your contacts.` } : r.status === 404 ? { kind: "info" as const, message: "That person is not one of your contacts any more." } : { kind: "error" as const, message: problemMessage(r.problem) };
      if (!inDialog) return done(kit, c, CONTACTS_TAB, toast);
      // The list is the answer; the dialog's panel is replaced by a finished one, which closes it.
      return fragment(c, await contactsPart(c, s), { toasts: [toast], oob: [h(FinishedPanel, { id: "contact-remove-panel" })] });
    }),
  );

  // --- sending money ------------------------------------------------------------------------------

  const sendPanel = (p: ContactSendProps) => h(ContactSendPanel, p);
  const sendPage = (panel: ReturnType<typeof sendPanel>, contact: Contact) =>
    h(SocialFormPage, { title: "Send money", description: `To ${personName(contact)}, from your wallet.`, back: CONTACTS_TAB, children: panel });

  app.get(
    "/contacts/:contactId/send",
    kit.userPage("/social", async (c, s) => {
      const inDialog = wantsFragment(c);
      // The form's own page carries its key in its address: Back returns to that address, and the
      // form shown there has the same key (whether or not the browser kept the page), so sending it
      // again replays the first payment. A dialog's form gets a fresh key each time it is opened.
      const key = inDialog ? crypto.randomUUID() : formKey({ idempotency_key: c.req.query("key") ?? "" });
      if (!key) return redirect(c, withParam(currentPath(c), "key", crypto.randomUUID()));
      const contact = await contactOf(c, s, c.req.param("contactId") ?? "");
      if (contact === null) return kit.unavailable(c);
      if (!contact) return notFound(c);
      moneyFormCacheHeaders(c);
      const panel = sendPanel({ contact, idempotencyKey: key, inDialog, categories: CATEGORIES });
      return inDialog ? panel : sendPage(panel, contact);
    }),
  );

  app.post(
    "/contacts/:contactId/send",
    kit.userPage("/social", async (c, s) => {
      const form = await readForm(c);
      // The money form's behaviour is the wallet's send form's: the key born with the form, a
      // request still at work waited for, outcomes said as they are, a fresh form only after one.
      const ctx = { ...moneyFormContext(form), returnTo: CONTACTS_TAB };
      const contact = await contactOf(c, s, c.req.param("contactId") ?? "");
      if (contact === null) return kit.unavailable(c);
      if (!contact) return notFound(c);
      const typed = { amount: (form.amount ?? "").trim(), category: (form.category ?? "").trim().toUpperCase(), note: (form.note ?? "").trim() };
      const panel = (state: PanelState) =>
        sendPanel({ contact, idempotencyKey: state.key, inDialog: ctx.inDialog, categories: CATEGORIES, errors: state.errors, notice: state.notice, done: state.done, ...(state.keepInput ? typed : {}) });
      const answer = (outcome: MoneyOutcome) => answerMoneyForm(kit, c, s, { ctx, outcome, panel, page: (p) => sendPage(p, contact) });

      if (!ctx.keyIsValid) return answer({ kind: "refused", errors: expiredForm, keepKey: false, status: 422 });
      const fields: Record<string, string> = {};
      const amount = parseDollars(typed.amount);
      if (!amount.ok) fields.amount = amount.message;
      if (typed.note.length > NOTE_MAX) fields.note = `Use at most ${NOTE_MAX} characters.`;
      if (typed.category !== "" && !(typed.category in CATEGORY_LABELS)) fields.category = "Choose one of the categories, or none.";
      if (!amount.ok || Object.keys(fields).length > 0) return answer({ kind: "refused", errors: { fields }, keepKey: true, status: 422 });

      const result = await payOnce(() =>
        kit.clients.transactions.transfer(c.get("meta"), s.accessToken, ctx.key, {
          recipientId: contact.contactId,
          amount: amount.cents,
          description: typed.note === "" ? null : typed.note,
          category: typed.category === "" ? null : (typed.category as Category),
        }),
      );
      return answer(moneyOutcome(result, { kind: "transfer", amountCents: amount.cents, recipient: personName(contact) }));
    }),
  );

  return app;
}
