import { Hono } from "hono";
import { AddSanctionForm, CaseDecisionForm, CaseDecisionPage, FraudCasePage, FraudPage, FraudQueue, RemoveSanctionForm, SanctionFormPage } from "@mint/views/pages/admin/fraud.tsx";
import type { FormState } from "@mint/views/pages/admin/parts.tsx";
import { isUuid } from "../../../../shared/ids.ts";
import type { C, WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { notFound, readForm } from "../../app/respond.ts";
import type { SignedIn } from "../../app/session.ts";
import { parseUserHandle, requiredText } from "../../domain/admin/forms.ts";
import { personName } from "../../domain/admin/words.ts";
import { formatCents } from "../../domain/money/money.ts";
import { adminZone, doneGoTo, formAgain, refusalStatus, refusalText, refusedForm, resolveUser, subjectName, unavailablePage } from "./common.ts";
import { queueOf } from "./queue.ts";

const ACTIVE = "/app-admin/fraud";

/**
 * /app-admin/fraud: the queue of held transfers (refreshing itself), a case with its context and
 * approve / block, and the sanctions list with add and remove.
 */
export function fraudPage(kit: Kit) {
  const app = new Hono<WebEnv>();
  const admin = kit.clients.admin;

  const queue = (c: C, s: SignedIn) => queueOf(c, ACTIVE, (page) => admin.fraudQueue(c.get("meta"), s.accessToken, page));

  /** The whole page, with the add form in the given state (its errors when it was sent without JavaScript). */
  async function page(c: C, s: SignedIn, add: FormState) {
    const [q, sanctions] = await Promise.all([queue(c, s), admin.sanctions(c.get("meta"), s.accessToken)]);
    return h(FraudPage, { ...q, sanctions: sanctions.ok ? sanctions.data.items : null, tz: adminZone(c), add });
  }

  app.get(
    "/",
    kit.adminPage(ACTIVE, (c, s) => page(c, s, { values: {}, errors: {} })),
  );
  app.get(
    "/parts/queue",
    kit.adminAction(async (c, s) => c.html(h(FraudQueue, { ...(await queue(c, s)), tz: adminZone(c) }))),
  );

  app.get(
    "/cases/:caseId",
    kit.adminPage(ACTIVE, async (c, s) => {
      const caseId = c.req.param("caseId") ?? "";
      if (!isUuid(caseId)) return notFound(c);
      const r = await admin.fraudCase(c.get("meta"), s.accessToken, caseId);
      if (!r.ok) return unavailablePage(c, r, "Case unavailable");
      return h(FraudCasePage, { d: r.data, tz: adminZone(c) });
    }),
  );

  for (const decision of ["approve", "block"] as const) {
    app.get(
      `/cases/:caseId/${decision}`,
      kit.adminPage(ACTIVE, (c) => {
        const caseId = c.req.param("caseId") ?? "";
        if (!isUuid(caseId)) return notFound(c);
        return h(CaseDecisionPage, { caseId, decision, state: { values: {}, errors: {} } });
      }),
    );
    app.post(
      `/cases/:caseId/${decision}`,
      kit.adminPage(ACTIVE, async (c, s) => {
        const caseId = c.req.param("caseId") ?? "";
        if (!isUuid(caseId)) return notFound(c);
        const form = await readForm(c);
        const inDialog = form.in_dialog === "1";
        const again = (status: number, state: FormState) =>
          formAgain(c, status as 422, h(CaseDecisionForm, { caseId, decision, state, inDialog }), () => h(CaseDecisionPage, { caseId, decision, state }));
        const notes = requiredText(form.notes, "notes");
        if (!notes.ok) return again(422, { values: form, errors: { notes: notes.message } });
        const r = await admin.decideCase(c.get("meta"), s.accessToken, caseId, decision, notes.value);
        if (!r.ok) return again(refusalStatus(r.problem), refusedForm(r.problem, form, "notes"));
        const d = r.data;
        const what = `${formatCents(d.case.amount)} from ${personName(d.case.sender)} to ${personName(d.case.recipient)}`;
        const t = d.transaction?.status;
        // Say what really happened to the transfer, as the transactions service reports it now.
        const message =
          decision === "approve"
            ? t === "COMPLETED"
              ? `Approved: ${what} was sent.`
              : `Approved: ${what} is being completed (it is ${t?.toLowerCase() ?? "not settled"} for now).`
            : t === "CANCELLED" || t === "FAILED"
              ? `Blocked: ${what} was cancelled and the hold released.`
              : `Blocked: the hold on ${what} is being released (the transfer is ${t?.toLowerCase() ?? "not settled"} for now).`;
        return doneGoTo(kit, c, "/app-admin/fraud", { kind: "success", message });
      }),
    );
  }

  app.get(
    "/sanctions",
    kit.adminPage(ACTIVE, () => h(SanctionFormPage, { state: { values: {}, errors: {} } })),
  );
  app.post(
    "/sanctions",
    kit.adminPage(ACTIVE, async (c, s) => {
      const form = await readForm(c);
      const again = (status: number, state: FormState) => formAgain(c, status as 422, h(AddSanctionForm, { state }), () => h(SanctionFormPage, { state }));
      const errors: Record<string, string> = {};
      const user = parseUserHandle(form.user);
      if (!user.ok) errors.user = user.message;
      else if (!user.handle) errors.user = "Enter the user's e-mail address or id.";
      const reason = requiredText(form.reason, "reason");
      if (!reason.ok) errors.reason = reason.message;
      if (Object.keys(errors).length > 0 || !user.ok || !user.handle || !reason.ok) return again(422, { values: form, errors });
      const who = await resolveUser(kit, c, s, user.handle);
      if (!who.ok) return again(who.outage ? 503 : 422, { values: form, errors: who.outage ? {} : { user: who.message }, form: who.outage ? who.message : undefined });
      const r = await admin.addSanction(c.get("meta"), s.accessToken, who.id, reason.value);
      if (!r.ok) {
        const field = r.problem.errors?.find((e) => e.field.endsWith("reason"));
        const notFoundUser = r.status === 404;
        return again(refusalStatus(r.problem), {
          values: form,
          errors: field ? { reason: field.message } : notFoundUser ? { user: "No such user." } : {},
          form: field || notFoundUser ? undefined : refusalText(r.problem),
        });
      }
      return doneGoTo(kit, c, "/app-admin/fraud", { kind: "success", message: `${personName(r.data.sanction.user)} is on the sanctions list: transfers to them are blocked from now on.` });
    }),
  );

  app.get(
    "/sanctions/:userId/remove",
    kit.adminPage(ACTIVE, (c) => {
      const userId = c.req.param("userId") ?? "";
      if (!isUuid(userId)) return notFound(c);
      return h(SanctionFormPage, { remove: { userId, name: "this user" }, state: { values: {}, errors: {} } });
    }),
  );
  app.post(
    "/sanctions/:userId/remove",
    kit.adminPage(ACTIVE, async (c, s) => {
      const userId = c.req.param("userId") ?? "";
      if (!isUuid(userId)) return notFound(c);
      const form = await readForm(c);
      const name = subjectName(form.subject, "this user");
      const inDialog = form.in_dialog === "1";
      const again = (status: number, state: FormState) =>
        formAgain(c, status as 422, h(RemoveSanctionForm, { userId, name, state, inDialog }), () => h(SanctionFormPage, { remove: { userId, name }, state }));
      const reason = requiredText(form.reason, "reason");
      if (!reason.ok) return again(422, { values: form, errors: { reason: reason.message } });
      const r = await admin.removeSanction(c.get("meta"), s.accessToken, userId, reason.value);
      if (!r.ok) return again(refusalStatus(r.problem), refusedForm(r.problem, form, "reason"));
      return doneGoTo(kit, c, "/app-admin/fraud", { kind: "success", message: `${personName(r.data.removed.user)} is off the sanctions list.` });
    }),
  );

  return app;
}
