import { Hono } from "hono";
import { ApprovalsPage, type ApprovalList, PendingApprovals, RejectApprovalForm, RejectApprovalPage } from "@mint/views/pages/admin/approvals.tsx";
import type { FormState } from "@mint/views/pages/admin/parts.tsx";
import { isUuid } from "../../../../shared/ids.ts";
import { PENDING_ACTION_STATUSES, type PendingActionStatus } from "../../clients/admin.ts";
import type { C, WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { notFound, readForm } from "../../app/respond.ts";
import type { SignedIn } from "../../app/session.ts";
import { queryOf } from "../../domain/admin/filters.ts";
import { requiredText } from "../../domain/admin/forms.ts";
import { approvedToast } from "../../domain/admin/words.ts";
import { adminZone, cursorParam, doneGoTo, formAgain, refusalStatus, refusalText, refusedForm, rowsOf } from "./common.ts";

const ACTIVE = "/app-admin/approvals";
const HISTORY_SIZE = 20;

/**
 * /app-admin/approvals: the dual-control actions waiting for a second admin (refreshing
 * themselves), approve or reject each (never one's own), and the history of decided ones.
 */
export function approvalsPage(kit: Kit) {
  const app = new Hono<WebEnv>();
  const admin = kit.clients.admin;

  async function pending(c: C, s: SignedIn): Promise<ApprovalList> {
    const r = await admin.approvals(c.get("meta"), s.accessToken, { status: "PENDING", limit: 100 });
    if (!r.ok) kit.log.warn("pending actions unavailable", { status: r.status, requestId: c.get("requestId") });
    // Oldest first: the one that expires soonest is read first.
    return r.ok ? { ok: true, items: [...r.data.items].reverse() } : { ok: false };
  }

  app.get(
    "/",
    kit.adminPage(ACTIVE, async (c, s) => {
      const raw = c.req.query("status") ?? "";
      const status = (PENDING_ACTION_STATUSES as readonly string[]).includes(raw) && raw !== "PENDING" ? (raw as PendingActionStatus) : undefined;
      const cursor = cursorParam(c, isUuid);
      const [waiting, decided] = await Promise.all([pending(c, s), admin.approvals(c.get("meta"), s.accessToken, { status, cursor, limit: HISTORY_SIZE })]);
      const history = decided.ok
        ? {
            ...rowsOf(decided.data, cursor, (next) => `${ACTIVE}${queryOf({ status }, { cursor: next })}`),
            // Without a status the API lists every action; those still waiting are shown above.
            items: decided.data.items.filter((a) => a.status !== "PENDING"),
          }
        : { kind: "unavailable" as const };
      return h(ApprovalsPage, { pending: waiting, history, status: status ?? "", viewerId: s.user.id, tz: adminZone(c) });
    }),
  );

  app.get(
    "/parts/pending",
    kit.adminAction(async (c, s) => c.html(h(PendingApprovals, { list: await pending(c, s), viewerId: s.user.id, tz: adminZone(c) }))),
  );

  app.post(
    "/:id/approve",
    kit.adminAction(async (c, s) => {
      const id = c.req.param("id") ?? "";
      if (!isUuid(id)) return notFound(c);
      const r = await admin.approve(c.get("meta"), s.accessToken, id);
      if (!r.ok) return doneGoTo(kit, c, ACTIVE, { kind: "error", message: `Not approved: ${refusalText(r.problem)}` });
      return doneGoTo(kit, c, ACTIVE, approvedToast(r.data));
    }),
  );

  app.get(
    "/:id/reject",
    kit.adminPage(ACTIVE, (c) => {
      const id = c.req.param("id") ?? "";
      if (!isUuid(id)) return notFound(c);
      return h(RejectApprovalPage, { id, state: { values: {}, errors: {} } });
    }),
  );
  app.post(
    "/:id/reject",
    kit.adminPage(ACTIVE, async (c, s) => {
      const id = c.req.param("id") ?? "";
      if (!isUuid(id)) return notFound(c);
      const form = await readForm(c);
      const inDialog = form.in_dialog === "1";
      const again = (status: number, state: FormState) => formAgain(c, status as 422, h(RejectApprovalForm, { action: { id }, state, inDialog }), () => h(RejectApprovalPage, { id, state }));
      const reason = requiredText(form.reason, "reason");
      if (!reason.ok) return again(422, { values: form, errors: { reason: reason.message } });
      const r = await admin.reject(c.get("meta"), s.accessToken, id, reason.value);
      if (!r.ok) return again(refusalStatus(r.problem), refusedForm(r.problem, form, "reason"));
      return doneGoTo(kit, c, ACTIVE, { kind: "success", message: "Rejected: the action will not run. The admin who asked can see your reason." });
    }),
  );

  return app;
}
