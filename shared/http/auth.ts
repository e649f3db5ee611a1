import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWK, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import { AppError } from "../errors.ts";
import { csrfDecision } from "./csrf.ts";
import { ACCESS_COOKIE } from "./session-cookies.ts";

export const ROLES = ["USER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export interface AuthUser {
  id: string;
  role: Role;
  email: string;
  name: string | null;
  emailVerified: boolean;
}

const accessClaims = z.object({
  sub: z.string().min(1),
  type: z.literal("access"),
  role: z.enum(ROLES),
  email: z.string(),
  name: z.string().nullable().optional(),
  email_verified: z.boolean(),
});

export interface TokenVerifier {
  verify(token: string): Promise<AuthUser>;
}

/**
 * Verifies access tokens locally: RS256 only (so `alg: none` and HS256-with-the-public-key are
 * refused), issuer, audience, expiry, and `type = access` (a refresh token is never an access token).
 */
export function createTokenVerifier(keys: JWTVerifyGetKey, issuer: string, audience: string): TokenVerifier {
  return {
    async verify(token) {
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, keys, { algorithms: ["RS256"], issuer, audience, clockTolerance: 5 }));
      } catch (err) {
        if (err instanceof joseErrors.JWKSTimeout) throw new AppError("UNAVAILABLE", "Key set is unavailable");
        const expired = err instanceof joseErrors.JWTExpired;
        throw new AppError("UNAUTHENTICATED", expired ? "Access token has expired" : "Invalid access token");
      }
      const claims = accessClaims.safeParse(payload);
      if (!claims.success) throw new AppError("UNAUTHENTICATED", "Invalid access token");
      const c = claims.data;
      return { id: c.sub, role: c.role, email: c.email, name: c.name ?? null, emailVerified: c.email_verified };
    },
  };
}

export const remoteKeySet = (jwksUrl: string): JWTVerifyGetKey =>
  createRemoteJWKSet(new URL(jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000, timeoutDuration: 2_000 });

export const localKeySet = (keys: JWK[]): JWTVerifyGetKey => createLocalJWKSet({ keys });

export function bearerOrCookieToken(authorization: string | undefined, cookieToken: string | undefined): string | undefined {
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match?.[1];
  }
  return cookieToken || undefined;
}

/** siteOrigins: set by the root app (shared/http/app.ts) from PUBLIC_BASE_URL. */
export type AuthVariables = { user: AuthUser; siteOrigins?: readonly string[] };

/**
 * A browser sends the session cookie with any request to the site, whichever site's page made
 * it, so a request the cookie signs in must show it came from the site itself: with an unsafe
 * method, its Origin is the origin it was sent to (the gateway passes the Host through) or the
 * configured public one, or the browser marks it Sec-Fetch-Site: same-origin. A bearer token is
 * only ever sent by code that holds it, so bearer calls need no such proof.
 */
function refuseCrossSite(c: Context<{ Variables: AuthVariables }>): void {
  const decision = csrfDecision({
    method: c.req.method,
    origin: c.req.header("origin"),
    secFetchSite: c.req.header("sec-fetch-site"),
    allowedOrigins: [new URL(c.req.url).origin, ...(c.get("siteOrigins") ?? [])],
  });
  if (!decision.allow) {
    throw new AppError("PERMISSION_DENIED", `Cross-site request refused (${decision.reason}): a request signed in by the session cookie must come from this site's pages; other clients send Authorization: Bearer`);
  }
}

/**
 * Requires a valid access token from `Authorization: Bearer` or the `access_token` cookie; with
 * the cookie, an unsafe method must also come from the site itself (see refuseCrossSite).
 */
export function requireAuth(verifier: TokenVerifier): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const authorization = c.req.header("authorization");
    const token = bearerOrCookieToken(authorization, getCookie(c, ACCESS_COOKIE));
    if (!token) throw new AppError("UNAUTHENTICATED", "Not authenticated", { headers: { "www-authenticate": "Bearer" } });
    if (!authorization) refuseCrossSite(c);
    c.set("user", await verifier.verify(token));
    await next();
  };
}

/** The one role check used everywhere: admins pass every role gate. */
export function requireRole(role: Role): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const user = c.get("user");
    if (!user) throw new AppError("UNAUTHENTICATED", "Not authenticated");
    if (role === "ADMIN" && user.role !== "ADMIN") throw new AppError("PERMISSION_DENIED", "Admin role required");
    await next();
  };
}
