import { Hono } from "hono";
import { ApproveKycForm, KycDecisionPage, KycQueue, KycQueuePage, KycReviewPage, RejectKycForm } from "@mint/views/pages/admin/kyc.tsx";
import type { FormState } from "@mint/views/pages/admin/parts.tsx";
import { isUuid } from "../../../../shared/ids.ts";
import type { C, WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { notFound, readForm } from "../../app/respond.ts";
import type { SignedIn } from "../../app/session.ts";
import { optionalNotes, requiredText } from "../../domain/admin/forms.ts";
import { adminZone, doneGoTo, formAgain, refusalStatus, refusedForm, subjectName, unavailablePage } from "./common.ts";
import { queueOf } from "./queue.ts";

const ACTIVE = "/app-admin/kyc";

/**
 * /app-admin/kyc: the review queue (refreshing itself), a submission with its documents shown
 * inline through the admin API's short-lived same-origin links, and approve / reject.
 */
export function kycPage(kit: Kit) {
  const app = new Hono<WebEnv>();
  const admin = kit.clients.admin;

  const queue = (c: C, s: SignedIn) => queueOf(c, ACTIVE, (page) => admin.kycQueue(c.get("meta"), s.accessToken, page));

  app.get(
    "/",
    kit.adminPage(ACTIVE, async (c, s) => h(KycQueuePage, { ...(await queue(c, s)), tz: adminZone(c) })),
  );
  app.get(
    "/parts/queue",
    kit.adminAction(async (c, s) => c.html(h(KycQueue, { ...(await queue(c, s)), tz: adminZone(c) }))),
  );

  app.get(
    "/:userId",
    kit.adminPage(ACTIVE, async (c, s) => {
      const userId = c.req.param("userId") ?? "";
      if (!isUuid(userId)) return notFound(c);
      const meta = c.get("meta");
      const r = await admin.kycReview(meta, s.accessToken, userId);
      if (!r.ok) return unavailablePage(c, r, "Submission unavailable");
      // One short-lived link per document, asked for together; each link handed out is audited.
      const documents = await Promise.all(
        r.data.profile.documents.map(async (document) => {
          const link = await admin.documentLink(meta, s.accessToken, userId, document.id);
          if (!link.ok) kit.log.warn("document link unavailable", { status: link.status, requestId: c.get("requestId") });
          return { document, link: link.ok ? { url: link.data.url, expiresAt: link.data.expiresAt } : null };
        }),
      );
      return h(KycReviewPage, { r: r.data, documents, tz: adminZone(c), now: new Date() });
    }),
  );

  for (const decision of ["approve", "reject"] as const) {
    const field = decision === "approve" ? "notes" : "reason";
    app.get(
      `/:userId/${decision}`,
      kit.adminPage(ACTIVE, async (c) => {
        const userId = c.req.param("userId") ?? "";
        if (!isUuid(userId)) return notFound(c);
        return h(KycDecisionPage, { userId, name: "the applicant", decision, state: { values: {}, errors: {} } });
      }),
    );
    app.post(
      `/:userId/${decision}`,
      kit.adminPage(ACTIVE, async (c, s) => {
        const userId = c.req.param("userId") ?? "";
        if (!isUuid(userId)) return notFound(c);
        const form = await readForm(c);
        const name = subjectName(form.subject, "the applicant");
        const inDialog = form.in_dialog === "1";
        const again = (status: number, state: FormState) =>
          formAgain(
            c,
            status as 422,
            decision === "approve" ? h(ApproveKycForm, { userId, name, state }) : h(RejectKycForm, { userId, name, state, inDialog }),
            () => h(KycDecisionPage, { userId, name, decision, state }),
          );
        const text = decision === "approve" ? optionalNotes(form.notes) : requiredText(form.reason, "reason");
        if (!text.ok) return again(422, { values: form, errors: { [field]: text.message } });
        const r = decision === "approve" ? await admin.approveKyc(c.get("meta"), s.accessToken, userId, text.value) : await admin.rejectKyc(c.get("meta"), s.accessToken, userId, text.value!);
        if (!r.ok) return again(refusalStatus(r.problem), refusedForm(r.problem, form, field));
        const message =
          decision === "approve"
            ? `Approved: ${name} is now Verified, with the Verified tier's limits.`
            : `Rejected: ${name} stays ${r.data.profile.tier === "BASIC" ? "Basic" : r.data.profile.tier.toLowerCase()} and was told the reason.`;
        return doneGoTo(kit, c, "/app-admin/kyc", { kind: "success", message });
      }),
    );
  }

  return app;
}
