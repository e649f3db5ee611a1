import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../../../shared/errors.ts";
import type { Logger } from "../../../shared/log.ts";
import { signGrant, verifyGrant } from "../domain/links.ts";
import type { AdminDeps } from "../setup.ts";
import { documentLinkView, documentOf, kycQueue, kycQueueEntry, kycReview, kycReviewView } from "../views/kyc.ts";
import { kycProfileView } from "../views/shapes.ts";
import { body, json, knownFieldsOnly, limit, nextOffset, notes, offsetCursor, pageOf, PREFIX, problem, reason, strictQuery, userIdParam, uuid, type Guard, type Router } from "./common.ts";

const queueQuery = strictQuery({ cursor: offsetCursor, limit: limit(20) });
const documentParams = z.object({ userId: uuid("a user id"), documentId: uuid("a document id") });
const contentQuery = strictQuery({ token: z.string({ error: "is required" }).min(1, "is required").max(1000) });

/** Answers the document's bytes as they are, to be shown inline and never cached or sniffed. */
const INLINE_HEADERS = {
  "cache-control": "private, no-store",
  "x-content-type-options": "nosniff",
  // A PDF viewer or an image, nothing that could run in the console's origin.
  "content-security-policy": "default-src 'none'; sandbox; frame-ancestors 'self'",
  // The console shows a PDF in an <object> of its own origin (the gateway denies framing otherwise).
  "x-frame-options": "SAMEORIGIN",
  "cross-origin-resource-policy": "same-origin",
};

export function kycRoutes(app: Router, guard: Guard, deps: AdminDeps & { linkTtlS: number; log: Logger }) {
  const { down, reviews, recorder, clock, linkSecret, log } = deps;

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/kyc/queue`,
      middleware: guard,
      description: "Submissions waiting for review, oldest first, with the user's name and how long each has waited.",
      request: { query: queueQuery },
      responses: { 200: json(pageOf(kycQueueEntry, { total: z.number().int() }), "One page"), 400: problem, 401: problem, 403: problem, 503: problem },
    }),
    async (c) => {
      const { cursor: offset = 0, limit: size } = c.req.valid("query");
      const page = await kycQueue(deps, offset, size);
      return c.json({ ...page, nextCursor: nextOffset(offset, page.items.length, page.total) }, 200);
    },
  );

  /**
   * The file behind a document link. The token is the credential (an <img> or <object> in the
   * console sends no Authorization header): signed, bound to the document and the admin it was
   * issued to, and valid for ADMIN_DOCUMENT_LINK_TTL_S. The bytes come from kyc's store through a
   * presigned URL kyc hands out (and logs) for this admin; nothing else is served from here.
   */
  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/kyc/documents/{documentId}/content`,
      description: "The document's file, inline (Content-Disposition: inline), for the `url` of a document link. The link's token is the credential; it expires after a few minutes.",
      request: { params: z.object({ documentId: uuid("a document id") }), query: contentQuery },
      responses: { 200: { description: "The file (image/jpeg, image/png or application/pdf)" }, 400: problem, 403: problem, 404: problem, 503: problem },
    }),
    async (c) => {
      const { documentId } = c.req.valid("param");
      const check = verifyGrant(linkSecret, c.req.valid("query").token, clock.now().getTime());
      if (!check.ok || check.grant.documentId !== documentId) {
        throw new AppError("PERMISSION_DENIED", check.ok ? "The link is for another document" : check.reason === "expired" ? "The link has expired; open the document again" : "The link is not valid");
      }
      const { url } = await down.kyc.documentUrl({ documentId, adminId: check.grant.adminId });
      let file: Response;
      try {
        file = await fetch(url, { signal: AbortSignal.timeout(15_000) });
      } catch (err) {
        log.warn("document store unreachable", { error: (err as Error).message });
        throw new AppError("UNAVAILABLE", "The document store is not reachable; try again shortly");
      }
      if (file.status === 404) throw new AppError("NOT_FOUND", "Document file not found");
      if (!file.ok) throw new AppError("UNAVAILABLE", "The document store did not answer; try again shortly");
      const type = file.headers.get("content-type") ?? "application/octet-stream";
      const ext = type === "application/pdf" ? "pdf" : type === "image/png" ? "png" : "jpg";
      return new Response(file.body, { status: 200, headers: { "content-type": type, "content-disposition": `inline; filename="document-${documentId}.${ext}"`, ...INLINE_HEADERS } });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/kyc/{userId}`,
      middleware: guard,
      description: "A user's KYC profile with its documents (metadata), tier and limits. Each view is recorded in the audit log (admin.kyc_viewed).",
      request: { params: userIdParam },
      responses: { 200: json(kycReviewView, "The profile"), 400: problem, 401: problem, 403: problem, 404: problem, 503: problem },
    }),
    async (c) => {
      const { userId } = c.req.valid("param");
      const review = await kycReview(deps, userId);
      await recorder.record({ type: "admin.kyc_viewed", data: { userId, profileId: review.profile.profileId }, actorId: c.get("user").id, subjectUserIds: [userId] });
      return c.json(review, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/kyc/{userId}/documents/{documentId}`,
      middleware: guard,
      description:
        "A short-lived link to one document of the user's profile. The link is same-origin (the console shows it with <img src> or <object data> under its `img-src 'self'` policy) and serves the file inline; every link handed out is recorded in the audit log (admin.kyc_document_viewed).",
      request: { params: documentParams },
      responses: { 200: json(documentLinkView, "The link"), 400: problem, 401: problem, 403: problem, 404: problem, 503: problem },
    }),
    async (c) => {
      const { userId, documentId } = c.req.valid("param");
      const adminId = c.get("user").id;
      const { profile, document } = await documentOf(down, userId, documentId);
      const expiresAt = clock.now().getTime() + deps.linkTtlS * 1000;
      const token = signGrant(linkSecret, { documentId, adminId, expiresAt });
      const expires = new Date(expiresAt).toISOString();
      await recorder.record({ type: "admin.kyc_document_viewed", data: { userId, profileId: profile.profileId, documentId, documentType: document.type, expiresAt: expires }, actorId: adminId, subjectUserIds: [userId] });
      return c.json({ document, url: `${PREFIX}/kyc/documents/${documentId}/content?token=${encodeURIComponent(token)}`, expiresAt: expires }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/kyc/{userId}/approve`,
      middleware: guard,
      description: "Approves the submission under review: the user becomes VERIFIED and their limits change at once. Recorded once (admin.kyc_approved).",
      request: { params: userIdParam, ...body(knownFieldsOnly({ notes: notes.optional() })) },
      responses: { 200: json(z.object({ profile: kycProfileView }), "Approved (a repeat answers the same)"), 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 503: problem },
    }),
    async (c) => {
      const { userId } = c.req.valid("param");
      const outcome = await reviews.approveKyc(c.get("user").id, userId, c.req.valid("json").notes ?? null);
      await recorder.record(outcome.record!);
      const names = await deps.people.names([outcome.result.reviewedBy]);
      return c.json({ profile: { ...outcome.result, reviewedBy: names.of(outcome.result.reviewedBy) } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/kyc/{userId}/reject`,
      middleware: guard,
      description: "Rejects the submission under review with a reason (the user is told it); the tier stays. Recorded once (admin.kyc_rejected).",
      request: { params: userIdParam, ...body(knownFieldsOnly({ reason })) },
      responses: { 200: json(z.object({ profile: kycProfileView }), "Rejected (a repeat answers the same)"), 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 503: problem },
    }),
    async (c) => {
      const { userId } = c.req.valid("param");
      const outcome = await reviews.rejectKyc(c.get("user").id, userId, c.req.valid("json").reason);
      await recorder.record(outcome.record!);
      const names = await deps.people.names([outcome.result.reviewedBy]);
      return c.json({ profile: { ...outcome.result, reviewedBy: names.of(outcome.result.reviewedBy) } }, 200);
    },
  );
}
