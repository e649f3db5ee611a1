import { createRoute, z } from "@hono/zod-openapi";
import { auditFilterShape, auditPage, MAX_AUDIT_PAGE, verifyReport } from "../../proto-like-schemas/audit.ts";
import { createRouter } from "../../shared/http/app.ts";
import { requireAuth, requireRole, type TokenVerifier } from "../../shared/http/auth.ts";
import type { AuditReader } from "./reader.ts";
import { problem, json } from "../../shared/http/openapi.ts";

const PREFIX = "/internal/audit";


const queryShape = {
  ...auditFilterShape,
  limit: z
    .string()
    .regex(/^\d{1,4}$/, `must be a whole number from 1 to ${MAX_AUDIT_PAGE}`)
    .transform(Number)
    .pipe(z.number().min(1, `must be a whole number from 1 to ${MAX_AUDIT_PAGE}`).max(MAX_AUDIT_PAGE, `must be a whole number from 1 to ${MAX_AUDIT_PAGE}`))
    .default(50),
};

/**
 * Only these parameters: a misspelt filter ("actorID") must be refused by name, not ignored,
 * or an admin would read the whole log as if it were the filtered one.
 */
const listQuery = z.looseObject(queryShape).superRefine((value, ctx) => {
  for (const key of Object.keys(value)) if (!Object.hasOwn(queryShape, key)) ctx.addIssue({ code: "custom", path: [key], message: "is not a known parameter" });
});

const LIST_DESCRIPTION = `Audit entries, newest first, each with the trace id of the request that caused it (ADMIN only).

Filters: \`actorId\` and \`type\` match exactly, \`subjectUserId\` keeps entries concerning that user and \`transactionId\` those about that transaction; \`from\` and \`to\` bound the recorded time and are both inclusive
(a bare date YYYY-MM-DD is a whole UTC day). \`limit\` is 1–${MAX_AUDIT_PAGE} (default 50); pass \`nextCursor\` back as
\`cursor\` for the next page.`;

export function buildAuditHttp(deps: { verifier: TokenVerifier; reader: AuditReader }) {
  const { verifier, reader } = deps;
  const app = createRouter();
  const adminOnly = [requireAuth(verifier), requireRole("ADMIN")] as const;

  app.openapi(
    createRoute({
      method: "get",
      path: PREFIX,
      middleware: [...adminOnly],
      description: LIST_DESCRIPTION,
      request: { query: listQuery },
      responses: { 200: json(auditPage, "One page"), 400: problem, 401: problem, 403: problem },
    }),
    async (c) => c.json(await reader.list(c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/verify`,
      middleware: [...adminOnly],
      description:
        "Recomputes the hash chain from its first row and reports the first row that breaks it (removed, altered or re-hashed), or ok with the head (ADMIN only).",
      responses: { 200: json(verifyReport, "Verification report"), 401: problem, 403: problem },
    }),
    async (c) => c.json(await reader.verify(), 200),
  );

  return app;
}
