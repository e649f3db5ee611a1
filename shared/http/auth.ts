import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWK, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import { AppError } from "../errors.ts";

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

export type AuthVariables = { user: AuthUser };

/** Requires a valid access token from `Authorization: Bearer` or the `access_token` cookie. */
export function requireAuth(verifier: TokenVerifier): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const token = bearerOrCookieToken(c.req.header("authorization"), getCookie(c, "access_token"));
    if (!token) throw new AppError("UNAUTHENTICATED", "Not authenticated", { headers: { "www-authenticate": "Bearer" } });
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
