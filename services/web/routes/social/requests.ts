import { Hono } from "hono";
import { SocialFormPage } from "@mint/views/pages/social/page.tsx";
import type { Match } from "@mint/views/pages/social/people.tsx";
import { REQUESTS_TAB, RequestPanel, RequestsPart, type RequestFormProps } from "@mint/views/pages/social/requests.tsx";
import type { C, WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { readForm } from "../../app/respond.ts";
import type { SignedIn } from "../../app/session.ts";
import { formatCents } from "../../domain/money/money.ts";
import { checkRequest, requestInput, type RequestInput } from "../../domain/social/request-form.ts";
import { answerToast, requestFormErrors } from "../../domain/social/social-outcomes.ts";
import { personName } from "../../domain/social/social-view.ts";
import { done, findByEmail, fragment, fromDialog, searchPeople, timeZone } from "./common.ts";
import { loaders } from "./page.ts";

const ACTIONS = { pay: "accept", decline: "decline", cancel: "cancel" } as const;

const formPage = (panel: ReturnType<typeof h>) =>
  h(SocialFormPage, { title: "Request money", description: "They get a notification and can pay you in one click.", back: REQUESTS_TAB, children: panel });

/** Money requests: ask someone for money; pay, decline or cancel. */
export function requestRoutes(kit: Kit) {
  const app = new Hono<WebEnv>();
  const social = kit.clients.social;
  const load = loaders(kit);

  /** The form as typed: the search's matches, and the chosen person found again by their e-mail. */
  async function formState(c: C, s: SignedIn, input: RequestInput): Promise<Pick<RequestFormProps, "search" | "chosen" | "amount" | "note">> {
    const [search, chosen] = await Promise.all([searchPeople(kit, c, s, input.q), input.recipient ? findByEmail(kit, c, s, input.recipient) : Promise.resolve({ ok: true as const, match: undefined })]);
    return { search, chosen: chosen.ok ? chosen.match : undefined, amount: input.amount, note: input.note };
  }

  app.get(
    "/requests/new",
    kit.userPage("/social", async (c, s) => {
      const state = await formState(c, s, requestInput({ q: c.req.query("q") ?? "", recipient: c.req.query("recipient") ?? "" }));
      return formPage(h(RequestPanel, { inDialog: false, ...state }));
    }),
  );

  app.post(
    "/requests",
    kit.userPage("/social", async (c, s) => {
      const form = await readForm(c);
      const inDialog = fromDialog(c, form);
      const input = requestInput(form);
      const again = async (errors: RequestFormProps["errors"], status: number, chosen?: Match) => {
        const state = await formState(c, s, input);
        c.status(status as 200);
        const panel = h(RequestPanel, { inDialog, ...state, chosen: chosen ?? state.chosen, errors });
        return inDialog ? panel : formPage(panel);
      };
      if (form.op === "search") return again({ fields: {} }, 200);

      const checked = checkRequest(input);
      if (!checked.ok) return again(checked.errors, 422);
      const found = await findByEmail(kit, c, s, checked.value.recipientEmail);
      if (!found.ok) return again({ fields: {}, form: "We couldn't reach Mint just now, so no request was sent. Please try again in a moment." }, 503);
      if (!found.match) return again({ fields: { recipient: "We couldn't find this person any more. Search again and choose from the list." } }, 422);
      const recipient = found.match;
      const r = await social.createRequest(c.get("meta"), s.accessToken, { recipientId: recipient.id, amount: checked.value.amountCents, note: checked.value.note });
      if (!r.ok) return again(requestFormErrors(r.problem, personName(recipient)), r.status >= 500 ? 503 : 422, recipient);

      const toast = { kind: "success" as const, message: `Asked ${personName(r.data.counterparty)} for ${formatCents(r.data.amount)}. They'll get a notification.` };
      if (!inDialog) return done(kit, c, REQUESTS_TAB, toast);
      const lists = await load.requestLists(c, s);
      return fragment(c, h(RequestPanel, { inDialog, search: { q: "", matches: [] }, done: true }), { toasts: [toast], oob: [h(RequestsPart, { lists, tz: timeZone(c), oob: true })] });
    }),
  );

  for (const [path, action] of Object.entries(ACTIONS) as [keyof typeof ACTIONS, (typeof ACTIONS)[keyof typeof ACTIONS]][]) {
    app.post(
      `/requests/:id/${path}`,
      kit.userAction(async (c, s) => {
        const meta = c.get("meta");
        const id = c.req.param("id") ?? "";
        // The request is read alongside, for the words of a refusal (whose request, how much).
        const [answer, current] = await Promise.all([social.answerRequest(meta, s.accessToken, id, action), social.request(meta, s.accessToken, id)]);
        const about = answer.ok ? answer.data : current.ok ? current.data : null;
        const toast = answerToast(action, answer, { name: about ? personName(about.counterparty) : "them", amountCents: about?.amount ?? 0 });
        if (c.req.header("hx-request") !== "true") return done(kit, c, REQUESTS_TAB, toast);
        return fragment(c, h(RequestsPart, { lists: await load.requestLists(c, s), tz: timeZone(c) }), { toasts: [toast] });
      }),
    );
  }

  return app;
}

