import { createRoute, z } from "@hono/zod-openapi";
import type { HonoRequest } from "hono";
import { bodyLimit } from "hono/body-limit";
import { DOCUMENT_TYPES, documentSummary, documentType, limitsResponse, profile, tiersResponse } from "../../proto-like-schemas/kyc.ts";
import type { Database } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import { createRouter } from "../../shared/http/app.ts";
import { requireAuth, type TokenVerifier } from "../../shared/http/auth.ts";
import { MAX_DOCUMENT_BYTES } from "./db/schema.ts";
import { fileProblem, type Documents } from "./documents.ts";
import { SIGNATURE_HEADER, TOLERANCE_S } from "./domain/webhook-signature.ts";
import type { Limits } from "./limits.ts";
import { getOrCreateProfile, profileView, type Profile } from "./profiles.ts";
import type { Review } from "./review.ts";
import type { WebhookHandler } from "./webhook.ts";
import { problem, json } from "../../shared/http/openapi.ts";

const PREFIX = "/api/v1/kyc";
const WEBHOOK_BODY_LIMIT_BYTES = 64 * 1024;


const uploadQuery = z.object({
  // The original API matched the type in any letter case, and its clients rely on that.
  type: z.string().max(32).openapi({ enum: [...DOCUMENT_TYPES], description: "Document type (any letter case)" }).toUpperCase().pipe(documentType),
  docName: z.string().trim().max(200).optional(),
});

const webhookResult = z.union([z.object({ ignored: z.string() }), z.object({ profileId: z.string(), status: z.enum(["APPROVED", "REJECTED"]) })]);

const WEBHOOK_DESCRIPTION = `Decision callback of the identity provider (no bearer token).

Body (Content-Type application/json, at most 64 KiB): \`{ "userId": "<user id>", "status": "approved" | "declined", "reason"?: "<text>" }\`.

Header \`${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex>\` where \`<hex>\` is HMAC-SHA256, keyed with KYC_WEBHOOK_SECRET,
of the exact bytes \`<t>.<raw request body>\`. Requests whose \`t\` is more than ${TOLERANCE_S} s from the server's clock are
refused; several \`v1=\` entries may be sent while a secret is being rotated.

"approved" moves a profile under review to VERIFIED; "declined" rejects it (the tier stays). A request is applied at most
once. Benign no-ops (unknown user, nothing under review, decision already taken, replayed request) answer 200
\`{ "ignored": "<why>" }\` so the provider stops retrying; a bad signature is 401, a malformed body 400.`;

// Anyone can reach the webhook, so it reads no more than a decision can need.
const webhookBodyLimit = bodyLimit({
  maxSize: WEBHOOK_BODY_LIMIT_BYTES,
  onError: () => {
    throw new AppError("INVALID_ARGUMENT", `Request body exceeds ${WEBHOOK_BODY_LIMIT_BYTES} bytes`, { status: 413 });
  },
});

/** The bytes of the one multipart field `file`, refused before reading when it is too large. */
async function uploadedFile(req: HonoRequest): Promise<Uint8Array> {
  const contentType = (req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (contentType !== "multipart/form-data") throw new AppError("INVALID_ARGUMENT", "Upload the document as multipart/form-data with a field named file", { status: 415 });
  let form: FormData;
  try {
    form = await req.formData();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError("INVALID_ARGUMENT", "Malformed multipart body");
  }
  const files = form.getAll("file");
  const file = files[0];
  if (files.length !== 1 || typeof file === "string" || !file) throw fileProblem(files.length > 1 ? "Send exactly one file" : "No file provided");
  if (file.size > MAX_DOCUMENT_BYTES) throw fileProblem("File exceeds the 10 MB limit", 413);
  return new Uint8Array(await file.arrayBuffer());
}

/** What the user sees of their own profile: everything but which admin reviewed it. */
const ownView = (p: Profile): Profile => ({ ...p, reviewedBy: null });

export interface KycHttpDeps {
  db: Database;
  verifier: TokenVerifier;
  documents: Documents;
  limits: Limits;
  review: Review;
  webhook: WebhookHandler;
}

export function buildKycHttp({ db, verifier, documents, limits, review, webhook }: KycHttpDeps) {
  const app = createRouter();
  const authed = requireAuth(verifier);

  for (const path of [PREFIX, `${PREFIX}/`]) {
    app.openapi(
      createRoute({ method: "get", path, middleware: [authed], description: "The caller's KYC profile (created on first access).", responses: { 200: json(profile, "Profile"), 401: problem } }),
      async (c) => c.json(ownView(await profileView(db, await getOrCreateProfile(db, c.get("user").id))), 200),
    );
  }

  app.openapi(
    createRoute({ method: "get", path: `${PREFIX}/limits`, middleware: [authed], description: "The caller's limits, from their tier, in cents.", responses: { 200: json(limitsResponse, "Limits"), 401: problem } }),
    async (c) => c.json(await limits.forUser(c.get("user").id), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/tiers`,
      middleware: [authed],
      description: "Every tier's limits in cents, lowest tier first, as they are now (admins change them at run time). Any signed-in user may read them.",
      responses: { 200: json(tiersResponse, "Tiers"), 401: problem },
    }),
    async (c) => c.json(await limits.tiers(), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/documents`,
      middleware: [authed],
      description:
        "Uploads one identity document as multipart/form-data field `file` (JPEG, PNG or PDF, at most 10 MiB; the type is read from the file's content). A new upload of the same type replaces the previous one. Refused while the profile is under review and once it is VERIFIED.",
      request: { query: uploadQuery },
      responses: { 201: json(documentSummary, "Stored"), 400: problem, 401: problem, 409: problem, 413: problem, 415: problem, 503: problem },
    }),
    async (c) => {
      const { type, docName } = c.req.valid("query");
      const bytes = await uploadedFile(c.req);
      return c.json(await documents.upload({ userId: c.get("user").id, type, docName: docName || null, bytes }), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/submit`,
      middleware: [authed],
      description: "Submits the documents for review (BASIC → VERIFIED). Needs a PASSPORT or DRIVERS_LICENSE and a SELFIE.",
      responses: { 201: json(z.object({ message: z.string(), profile }), "Under review"), 401: problem, 409: problem },
    }),
    async (c) => {
      const row = await db.transaction((tx) => review.submit(tx, c.get("user").id));
      return c.json({ message: "Documents submitted for review", profile: ownView(await profileView(db, row)) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${PREFIX}/webhook`,
      description: WEBHOOK_DESCRIPTION,
      middleware: [webhookBodyLimit],
      // The body is deliberately not declared for validation: the HMAC covers the raw bytes, which a parser would discard.
      request: { headers: z.object({ [SIGNATURE_HEADER]: z.string().optional() }) },
      responses: { 200: json(webhookResult, "Applied, or ignored with the reason"), 400: problem, 401: problem, 413: problem, 415: problem },
    }),
    async (c) => {
      const raw = new Uint8Array(await c.req.arrayBuffer());
      return c.json(await webhook(raw, c.req.header(SIGNATURE_HEADER)), 200);
    },
  );

  return app;
}
