import { z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { AppError } from "../../../shared/errors.ts";
import type { createRouter } from "../../../shared/http/app.ts";
import { requireAuth, requireRole, type TokenVerifier } from "../../../shared/http/auth.ts";
import { csrfDecision } from "../../../shared/http/csrf.ts";

export { knownFieldsOnly } from "../../../shared/http/known-fields.ts";
export { body, json, problem } from "../../../shared/http/openapi.ts";

export const PREFIX = "/admin";

export type Router = ReturnType<typeof createRouter>;
/** The middleware every admin route runs first (see adminOnly). */
export type Guard = MiddlewareHandler[];

/**
 * Only these query parameters: a misspelt filter ("userID") is refused by name, or an admin
 * would read the whole list as if it were the filtered one.
 */
export function strictQuery<S extends z.ZodRawShape>(shape: S) {
  return z.looseObject(shape).superRefine((value, ctx) => {
    for (const key of Object.keys(value)) if (!Object.hasOwn(shape, key)) ctx.addIssue({ code: "custom", path: [key], message: "is not a known parameter" });
  }) as unknown as z.ZodObject<S>;
}

export const uuid = (what: string) => z.uuid({ error: `must be ${what} (UUID)` }).transform((v) => v.toLowerCase());
export const userIdParam = z.object({ userId: uuid("a user id") });

const text = (max: number) => z.string({ error: "is required" }).trim().min(1, "is required").max(max, `must be at most ${max} characters`);
/** Why an admin acts: required for every action, kept in the audit record. */
export const reason = text(500).openapi({ description: "Why: kept in the audit entry", example: "Chargeback confirmed by the card issuer" });
export const notes = text(1000).openapi({ description: "The reviewer's notes: kept in the audit entry" });

export const limit = (fallback: number) => z.coerce.number({ error: "must be a whole number from 1 to 100" }).int("must be a whole number from 1 to 100").min(1, "must be a whole number from 1 to 100").max(100, "must be a whole number from 1 to 100").default(fallback);
export const cursor = z.string().min(1).max(400).optional().openapi({ description: "nextCursor of the previous page" });

/** The person every answer names, and a page of a list: shared with the console's client. */
export { pageOf, userRef } from "../../../proto-like-schemas/admin.ts";

/** An offset written as a cursor (the review queues are ordered oldest first and short). */
export const offsetCursor = z
  .string()
  .regex(/^\d{1,6}$/, "is not a cursor from this list")
  .transform(Number)
  .optional()
  .openapi({ type: "string", description: "nextCursor of the previous page" });
export const nextOffset = (offset: number, count: number, total: number) => (offset + count < total ? String(offset + count) : null);

/**
 * Every route: a valid access token (header or the console's cookie) whose role claim is ADMIN:
 * 401 without one, 403 for anyone else. A change made with the cookie must also come from the
 * console's own origin (a page elsewhere cannot make an admin's browser act).
 */
export function adminOnly(verifier: TokenVerifier, allowedOrigins: readonly string[]): MiddlewareHandler[] {
  const sameOrigin: MiddlewareHandler = async (c, next) => {
    if (!c.req.header("authorization")) {
      const decision = csrfDecision({ method: c.req.method, origin: c.req.header("origin"), secFetchSite: c.req.header("sec-fetch-site"), allowedOrigins });
      if (!decision.allow) throw new AppError("PERMISSION_DENIED", `Cross-site request refused: ${decision.reason}`);
    }
    await next();
  };
  return [requireAuth(verifier), requireRole("ADMIN"), sameOrigin] as MiddlewareHandler[];
}

/** Answers of actions that may wait for a second admin. */
export const accepted = (schema: z.ZodType) => ({ content: { "application/json": { schema } }, description: "Waiting for a second admin: the pending action (dual control)" });
