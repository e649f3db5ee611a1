import { Hono } from "hono";
import { ApproveKycForm, KycDecisionPage, KycQueue, KycQueuePage, type KycQueueResult, KycReviewPage, RejectKycForm } from "@mint/views/pages/admin/kyc.tsx";
import { isUuid } from "../../../../shared/ids.ts";
import type { C, WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { notFound, problemResponse, readForm } from "../../app/respond.ts";
import type { SignedIn } from "../../app/session.ts";
import { optionalNotes, requiredText } from "../../domain/admin/forms.ts";
import { adminZone, doneGoTo, formAgain, refusalStatus, refusalText } from "./common.ts";

const ACTIVE = "/app-admin/kyc";
const PAGE_SIZE = 20;
const subjectName = (value: string | undefined) => value?.trim().slice(0, 200) || "the applicant";

/**
 * /app-admin/kyc: the review queue (refreshing itself), a submission with its documents shown
 * inline through the admin API's short-lived same-origin links, and approve / reject.
 */
export function kycPage(kit: Kit) {
  const app = new Hono<WebEnv>();
  const admin = kit.clients.admin;

  async function queue(c: C, s: SignedIn): Promise<{ queue: KycQueueResult; pollUrl: string }> {
    const cursor = /^\d{1,6}$/.test(c.req.query("cursor") ?? "") ? c.req.query("cursor") : undefined;
    const r = await admin.kycQueue(c.get("meta"), s.accessToken, { cursor, limit: PAGE_SIZE });
    const pollUrl = `/app-admin/kyc/parts/queue${cursor ? `?cursor=${cursor}` : ""}`;
    if (!r.ok) return { queue: { ok: false }, pollUrl };
    return {
      queue: { ok: true, items: r.data.items, total: r.data.total, next: r.data.nextCursor ? `/app-admin/kyc?cursor=${r.data.nextCursor}` : null, first: cursor ? "/app-admin/kyc" : undefined },
      pollUrl,
    };
  }

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
      if (!r.ok) {
        if (r.status === 404) return notFound(c);
        return problemResponse(c, r.status >= 500 ? 503 : r.status, "Submission unavailable", refusalText(r.problem), { retryHref: c.req.url });
      }
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
        const name = subjectName(form.subject);
        const inDialog = form.in_dialog === "1";
        const again = (status: number, state: { values: Record<string, string>; errors: Record<string, string>; form?: string }) =>
          formAgain(
            c,
            status as 422,
            decision === "approve" ? h(ApproveKycForm, { userId, name, state }) : h(RejectKycForm, { userId, name, state, inDialog }),
            () => h(KycDecisionPage, { userId, name, decision, state }),
          );
        const text = decision === "approve" ? optionalNotes(form.notes) : requiredText(form.reason, "reason");
        if (!text.ok) return again(422, { values: form, errors: { [field]: text.message } });
        const r = decision === "approve" ? await admin.approveKyc(c.get("meta"), s.accessToken, userId, text.value) : await admin.rejectKyc(c.get("meta"), s.accessToken, userId, text.value!);
        if (!r.ok) {
          const fieldError = r.problem.errors?.find((e) => e.field.endsWith(field));
          return again(refusalStatus(r.problem), { values: form, errors: fieldError ? { [field]: fieldError.message } : {}, form: fieldError ? undefined : refusalText(r.problem) });
        }
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
