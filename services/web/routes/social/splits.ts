import { Hono } from "hono";
import { SocialFormPage } from "@mint/views/pages/social/page.tsx";
import { SPLITS_TAB, SplitPage, SplitPanel, SplitShares, SplitsPart, type SplitFormProps } from "@mint/views/pages/social/splits.tsx";
import type { WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { notFound, readForm, wantsFragment } from "../../app/respond.ts";
import type { SignedIn } from "../../app/session.ts";
import { formatCents } from "../../domain/money/money.ts";
import { noErrors } from "../../domain/page/problem.ts";
import { payShareToast, splitFormErrors } from "../../domain/social/social-outcomes.ts";
import { personName } from "../../domain/social/social-view.ts";
import { addParticipant, checkSplit, newSplitDraft, readSplitDraft, readSplitOp, removeParticipant, splitDraftEvenly, type SplitDraft } from "../../domain/social/split-form.ts";
import { done, fragment, fromDialog, searchPeople, timeZone } from "./common.ts";
import { loaders } from "./page.ts";

const formPage = (panel: ReturnType<typeof h>) =>
  h(SocialFormPage, { title: "Split a bill", description: "The shares must add up to the total, to the cent.", back: SPLITS_TAB, children: panel });

const me = (s: SignedIn) => ({ id: s.user.id, name: s.user.name, email: s.user.email });

/** Bill splits: create one, see who has paid, pay my share. */
export function splitRoutes(kit: Kit) {
  const app = new Hono<WebEnv>();
  const social = kit.clients.social;
  const load = loaders(kit);

  app.get(
    "/splits/new",
    kit.userPage("/social", (c, s) => formPage(h(SplitPanel, { inDialog: false, viewerId: s.user.id, draft: newSplitDraft(me(s)), search: { q: "", matches: [] } }))),
  );

  /**
   * Every button of the split form comes here with the whole draft: search, add or remove someone,
   * split evenly, or create. Only "create" calls the social API; the rest answer the changed draft.
   */
  app.post(
    "/splits",
    kit.userPage("/social", async (c, s) => {
      const form = await readForm(c);
      const inDialog = fromDialog(c, form);
      const op = readSplitOp(form.op);
      let draft: SplitDraft = readSplitDraft(form);
      let errors = noErrors();
      const show = async (status: number, searchFor: string = draft.q) => {
        const search = await searchPeople(kit, c, s, searchFor);
        c.status(status as 200);
        const panel = h(SplitPanel, { inDialog, viewerId: s.user.id, draft: { ...draft, q: search.q }, search, errors });
        return inDialog ? panel : formPage(panel);
      };

      if (op.kind === "search") return show(200);
      if (op.kind === "remove") {
        draft = removeParticipant(draft, op.userId);
        return show(200);
      }
      if (op.kind === "even") {
        ({ draft, errors } = splitDraftEvenly(draft));
        return show(Object.keys(errors.fields).length ? 422 : 200);
      }
      if (op.kind === "add") {
        // The person is found again by the search they were listed by, so the name is the directory's.
        const search = await searchPeople(kit, c, s, draft.q);
        const person = search.matches.find((m) => m.id === op.userId);
        if (!person) {
          errors = { fields: { q: "That person is no longer in the search results. Search again." } };
          return show(422);
        }
        ({ draft, errors } = addParticipant(draft, person));
        return show(Object.keys(errors.fields).length ? 422 : 200, Object.keys(errors.fields).length ? draft.q : "");
      }

      const checked = checkSplit(draft, s.user.id);
      if (!checked.ok) {
        errors = checked.errors;
        return show(422);
      }
      const r = await social.createSplit(c.get("meta"), s.accessToken, checked.value);
      if (!r.ok) {
        errors = splitFormErrors(r.problem, (i) => draft.participants[i]?.name || draft.participants[i]?.email || `Person ${i + 1}`);
        return show(r.status >= 500 ? 503 : 422);
      }
      const others = r.data.participants.filter((p) => p.userId !== s.user.id).map((p) => personName(p));
      const toast = { kind: "success" as const, message: `Split “${r.data.title}” (${formatCents(r.data.totalCents)}) with ${others.join(", ")}. They'll each get a notification.` };
      if (!inDialog) return done(kit, c, SPLITS_TAB, toast);
      const splits = await load.splits(c, s);
      const fresh: SplitFormProps = { inDialog, viewerId: s.user.id, draft: newSplitDraft(me(s)), search: { q: "", matches: [] }, done: true };
      return fragment(c, h(SplitPanel, fresh), { toasts: [toast], oob: [h(SplitsPart, { splits, viewerId: s.user.id, tz: timeZone(c), oob: true })] });
    }),
  );

  /** One split: who is in it and who has paid (a fragment when a row is expanded, else a page). */
  app.get(
    "/splits/:id",
    kit.userPage("/social", async (c, s) => {
      const r = await social.split(c.get("meta"), s.accessToken, c.req.param("id") ?? "");
      if (!r.ok) return r.status === 404 ? notFound(c) : kit.unavailable(c, r.problem);
      if (wantsFragment(c)) return h(SplitShares, { split: r.data, viewerId: s.user.id, tz: timeZone(c) });
      return h(SplitPage, { split: r.data, viewerId: s.user.id, tz: timeZone(c) });
    }),
  );

  app.post(
    "/splits/:id/pay",
    kit.userAction(async (c, s) => {
      const form = await readForm(c);
      const meta = c.get("meta");
      const id = c.req.param("id") ?? "";
      // The split is read alongside, for the words of the outcome (its title, the share, to whom).
      const [answer, split] = await Promise.all([social.payShare(meta, s.accessToken, id), social.split(meta, s.accessToken, id)]);
      const share = split.ok ? split.data.participants.find((p) => p.userId === s.user.id) : undefined;
      const toast = payShareToast(answer, {
        title: split.ok ? split.data.title : "this split",
        amountCents: answer.ok ? answer.data.share.amountCents : (share?.amountCents ?? null),
        creator: split.ok ? personName(split.data.creator) : "its creator",
      });
      const back = form.from === "page" ? `/social/splits/${encodeURIComponent(id)}` : SPLITS_TAB;
      if (c.req.header("hx-request") !== "true" || form.from === "page") return done(kit, c, back, toast);
      return fragment(c, h(SplitsPart, { splits: await load.splits(c, s), viewerId: s.user.id, tz: timeZone(c) }), { toasts: [toast] });
    }),
  );

  return app;
}
