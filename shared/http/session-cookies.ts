import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";

export const ACCESS_COOKIE = "access_token";
export const REFRESH_COOKIE = "refresh_token";

export interface SessionCookieValues {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

/** HttpOnly, SameSite=Lax session cookies; Secure everywhere except local development and tests. */
export function setSessionCookies(c: Context, tokens: SessionCookieValues, opts: { secure: boolean; refreshMaxAgeS: number }): void {
  const base = { httpOnly: true, sameSite: "Lax", secure: opts.secure, path: "/" } as const;
  setCookie(c, ACCESS_COOKIE, tokens.access_token, { ...base, maxAge: tokens.expires_in });
  setCookie(c, REFRESH_COOKIE, tokens.refresh_token, { ...base, maxAge: opts.refreshMaxAgeS });
}

export function clearSessionCookies(c: Context, opts: { secure: boolean }): void {
  for (const name of [ACCESS_COOKIE, REFRESH_COOKIE]) deleteCookie(c, name, { path: "/", secure: opts.secure, httpOnly: true, sameSite: "Lax" });
}

export const secureCookies = (env: string) => env === "production";
