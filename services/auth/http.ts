import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { createRouter } from "../../shared/http/app.ts";
import { requireAuth, requireRole, type TokenVerifier } from "../../shared/http/auth.ts";
import { clearSessionCookies, REFRESH_COOKIE, secureCookies, setSessionCookies } from "../../shared/http/session-cookies.ts";
import { AppError, invalidArgument } from "../../shared/errors.ts";
import type { Accounts } from "./accounts.ts";
import type { SigningKeys } from "./keys.ts";
import { knownFieldsOnly } from "../../shared/http/known-fields.ts";
import { problem, json, body } from "../../shared/http/openapi.ts";

const PREFIX = "/api/v1/auth";

const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  email_verified: z.boolean(),
  role: z.enum(["USER", "ADMIN"]),
});
const sessionSchema = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal("bearer"),
  expires_in: z.number().int(),
  user: userSchema.optional(),
});
const messageSchema = z.object({ message: z.string() });

const email = z.email().max(254);
// Length limits here only bound the work; the password policy gives the precise message.
const password = z.string().min(1).max(1024);
const token = z.string().min(1).max(512);
// Whitespace inside is collapsed by the account logic; what is left must say something.
const displayName = z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(100, "must be at most 100 characters");
/** Only the fields a user may change about themselves; e-mail, role and the rest are refused by name. */
const profilePatch = knownFieldsOnly({ name: displayName });

export interface AuthHttpDeps {
  accounts: Accounts;
  keys: SigningKeys;
  verifier: TokenVerifier;
  env: string;
  refreshTtlS: number;
}

export function buildAuthHttp({ accounts, keys, verifier, env, refreshTtlS }: AuthHttpDeps) {
  const app = createRouter();
  const secure = secureCookies(env);
  const authed = requireAuth(verifier);
  const admin = requireRole("ADMIN");

  app.get("/.well-known/jwks.json", (c) => {
    c.header("cache-control", "public, max-age=300");
    return c.json(keys.jwks);
  });

  app.openapi(
    createRoute({ method: "post", path: `${PREFIX}/register`, request: body(z.object({ email, password, name: z.string().trim().min(1).max(100).nullish() })), responses: { 201: json(sessionSchema, "Registered and signed in"), 400: problem, 409: problem } }),
    async (c) => {
      const { tokens, user } = await accounts.register(c.req.valid("json"));
      setSessionCookies(c, tokens, { secure, refreshMaxAgeS: refreshTtlS });
      return c.json({ ...tokens, user }, 201);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: `${PREFIX}/login`, request: body(z.object({ email: z.string().min(1).max(254), password })), responses: { 200: json(sessionSchema, "Signed in"), 401: problem, 429: problem } }),
    async (c) => {
      const { tokens, user } = await accounts.login(c.req.valid("json"), c.get("clientIp"));
      setSessionCookies(c, tokens, { secure, refreshMaxAgeS: refreshTtlS });
      return c.json({ ...tokens, user }, 200);
    },
  );

  /** The refresh token comes from the cookie, else from the body; it is never read from Authorization. */
  async function presentedRefreshToken(c: Context): Promise<string | undefined> {
    const fromCookie = getCookie(c, REFRESH_COOKIE);
    if (fromCookie) return fromCookie;
    const length = c.req.header("content-length");
    if (!length || length === "0") return undefined;
    const parsed = z.object({ refresh_token: token }).safeParse(await c.req.json());
    if (!parsed.success) throw invalidArgument(parsed.error.issues, "Request body");
    return parsed.data.refresh_token;
  }

  app.openapi(
    createRoute({ method: "post", path: `${PREFIX}/refresh`, description: "Rotates the refresh token (cookie or body `{refresh_token}`).", responses: { 200: json(sessionSchema, "New token pair"), 401: problem } }),
    async (c) => {
      const presented = await presentedRefreshToken(c);
      if (!presented) throw new AppError("UNAUTHENTICATED", "Refresh token required");
      try {
        const tokens = await accounts.refresh(presented);
        setSessionCookies(c, tokens, { secure, refreshMaxAgeS: refreshTtlS });
        return c.json(tokens, 200);
      } catch (err) {
        clearSessionCookies(c, { secure });
        throw err;
      }
    },
  );

  app.openapi(
    createRoute({ method: "post", path: `${PREFIX}/logout`, description: "Revokes the refresh-token family and clears the cookies.", responses: { 200: json(messageSchema, "Signed out") } }),
    async (c) => {
      await accounts.logout(await presentedRefreshToken(c));
      clearSessionCookies(c, { secure });
      return c.json({ message: "Logged out" }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: `${PREFIX}/me`, middleware: [authed], responses: { 200: json(userSchema, "The signed-in user"), 401: problem } }),
    async (c) => c.json(await accounts.me(c.get("user").id), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: `${PREFIX}/me`,
      middleware: [authed],
      description: "Changes the caller's own display name (1–100 characters). Access tokens carry the name: refresh to get one with the new name.",
      request: body(profilePatch),
      responses: { 200: json(userSchema, "The signed-in user as now stored"), 400: problem, 401: problem },
    }),
    async (c) => c.json(await accounts.updateProfile(c.get("user").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({ method: "post", path: `${PREFIX}/request-verify-email`, middleware: [authed], responses: { 200: json(messageSchema, "Sent"), 429: problem } }),
    async (c) => {
      const outcome = await accounts.requestVerification(c.get("user").id);
      return c.json({ message: outcome === "sent" ? "Verification email sent" : "Email already verified" }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: `${PREFIX}/verify-email`, request: { query: z.object({ token }) }, responses: { 200: json(messageSchema, "Verified"), 400: problem } }),
    async (c) => {
      await accounts.verifyEmail(c.req.valid("query").token);
      return c.json({ message: "Email verified successfully" }, 200);
    },
  );
  app.openapi(
    createRoute({ method: "post", path: `${PREFIX}/verify-email`, request: body(z.object({ token })), responses: { 200: json(messageSchema, "Verified"), 400: problem } }),
    async (c) => {
      await accounts.verifyEmail(c.req.valid("json").token);
      return c.json({ message: "Email verified successfully" }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: `${PREFIX}/forgot-password`, request: body(z.object({ email })), responses: { 200: json(messageSchema, "Always the same answer") } }),
    async (c) => {
      await accounts.forgotPassword(c.req.valid("json").email);
      return c.json({ message: "If the email exists, a reset link has been sent" }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: `${PREFIX}/reset-password`, request: body(z.object({ token, new_password: password })), responses: { 200: json(messageSchema, "Reset"), 400: problem } }),
    async (c) => {
      const { token: t, new_password } = c.req.valid("json");
      await accounts.resetPassword(t, new_password);
      return c.json({ message: "Password reset successfully" }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: `${PREFIX}/account/change-password`, middleware: [authed], request: body(z.object({ current_password: password, new_password: password })), responses: { 200: json(sessionSchema, "Changed; other sessions signed out, new tokens issued"), 400: problem } }),
    async (c) => {
      const { current_password, new_password } = c.req.valid("json");
      const tokens = await accounts.changePassword(c.get("user").id, current_password, new_password);
      setSessionCookies(c, tokens, { secure, refreshMaxAgeS: refreshTtlS });
      return c.json(tokens, 200);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: `${PREFIX}/users/search`, middleware: [authed], request: { query: z.object({ email: z.string().min(1).max(254) }) }, responses: { 200: json(z.array(z.object({ id: z.string(), email: z.string(), name: z.string().nullable() })), "Up to 10 matches"), 400: problem } }),
    async (c) => c.json(await accounts.searchUsers(c.get("user").id, c.req.valid("query").email), 200),
  );

  app.openapi(
    createRoute({ method: "get", path: `${PREFIX}/users/{userId}`, middleware: [authed, admin], request: { params: z.object({ userId: z.uuid() }) }, responses: { 200: json(userSchema.extend({ is_active: z.boolean(), created_at: z.string() }), "User"), 403: problem, 404: problem } }),
    async (c) => {
      const u = await accounts.getUser(c.req.valid("param").userId);
      return c.json({ id: u.id, email: u.email, name: u.name, email_verified: u.emailVerified, role: u.role === "ADMIN" ? ("ADMIN" as const) : ("USER" as const), is_active: u.isActive, created_at: u.createdAt.toISOString() }, 200);
    },
  );

  return app;
}
