import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { ACCESS_COOKIE, clearSessionCookies as clearCookies, REFRESH_COOKIE, setSessionCookies } from "../../../shared/http/session-cookies.ts";
import type { ApiResult, AuthClient, AuthUser, RequestMeta, TokenResponse } from "../clients/auth.ts";
import { accessTokenNeedsRefresh } from "../domain/account/jwt.ts";
import type { Problem } from "../domain/page/problem.ts";

export { ACCESS_COOKIE, REFRESH_COOKIE };
const ACCESS_MAX_AGE_S = 900;
const REFRESH_MAX_AGE_S = 30 * 24 * 60 * 60;

/** What the current request knows about its user. */
export type Session =
  | { kind: "anonymous" }
  /** Cookies were present but no longer lead to a user: they have been cleared. */
  | { kind: "expired" }
  /** The auth service could not answer; the cookies are kept so the user stays signed in. */
  | { kind: "unavailable"; problem: Problem }
  | { kind: "signed-in"; user: AuthUser; accessToken: string; refreshToken: string | undefined };

export type SignedIn = Extract<Session, { kind: "signed-in" }>;

/**
 * Sets both session cookies: HttpOnly, SameSite=Lax, whole site, Secure outside development/test;
 * the access cookie lives as long as the token (900 s), the refresh cookie 30 days.
 */
export function writeSessionCookies(c: Context, tokens: Pick<TokenResponse, "access_token" | "refresh_token" | "expires_in">, secure: boolean): void {
  setSessionCookies(
    c,
    { access_token: tokens.access_token, refresh_token: tokens.refresh_token, expires_in: tokens.expires_in ?? ACCESS_MAX_AGE_S },
    { secure, refreshMaxAgeS: REFRESH_MAX_AGE_S },
  );
}

export function clearSessionCookies(c: Context, secure: boolean): void {
  clearCookies(c, { secure });
}

/**
 * Refresh tokens rotate and the auth service treats a second use of a rotated token as theft (it
 * revokes the whole family). A browser often sends several requests at once with the same expired
 * cookies (a page plus its htmx requests), so concurrent refreshes of one token share a single call,
 * and a successful answer is remembered for a short grace period for requests that were already on
 * their way with the old cookie. Failures are not remembered.
 */
export class RefreshCoordinator {
  readonly #auth: AuthClient;
  readonly #graceMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { result: Promise<ApiResult<TokenResponse>>; until: number }>();

  constructor(auth: AuthClient, opts: { graceMs?: number; now?: () => number } = {}) {
    this.#auth = auth;
    this.#graceMs = opts.graceMs ?? 15_000;
    this.#now = opts.now ?? Date.now;
  }

  refresh(meta: RequestMeta, refreshToken: string): Promise<ApiResult<TokenResponse>> {
    const now = this.#now();
    for (const [key, entry] of this.#entries) if (entry.until <= now) this.#entries.delete(key);
    const existing = this.#entries.get(refreshToken);
    if (existing) return existing.result;
    const entry = { result: this.#auth.refresh(meta, refreshToken), until: Number.POSITIVE_INFINITY };
    this.#entries.set(refreshToken, entry);
    entry.result.then(
      (r) => {
        if (r.ok) entry.until = this.#now() + this.#graceMs;
        else this.#entries.delete(refreshToken);
      },
      () => this.#entries.delete(refreshToken),
    );
    return entry.result;
  }

  /** Number of remembered refreshes (for tests). */
  get size(): number {
    return this.#entries.size;
  }
}

export interface SessionDeps {
  auth: AuthClient;
  refresher: RefreshCoordinator;
  secureCookies: boolean;
  meta: RequestMeta;
  now?: () => number;
}

/** A refresh answer of 400/401/403 means the refresh token is no good; anything else is an outage. */
const isRejection = (status: number) => status === 400 || status === 401 || status === 403 || status === 404;

/**
 * Works out who is signed in, refreshing transparently:
 * 1. no cookies → anonymous;
 * 2. access token missing or (nearly) expired → refresh with the refresh token, store the new pair;
 * 3. ask the auth service who the token belongs to (`/me`), which also verifies it; if it rejects
 *    the token and we haven't refreshed yet, refresh once and ask again;
 * 4. a rejected refresh clears the cookies (expired); an unreachable auth service keeps them.
 */
export async function resolveSession(c: Context, deps: SessionDeps): Promise<Session> {
  const now = deps.now ?? Date.now;
  let access = getCookie(c, ACCESS_COOKIE) || undefined;
  let refresh = getCookie(c, REFRESH_COOKIE) || undefined;
  if (!access && !refresh) return { kind: "anonymous" };

  let refreshed = false;
  let userFromRefresh: AuthUser | undefined;
  const expire = (): Session => {
    clearSessionCookies(c, deps.secureCookies);
    return { kind: "expired" };
  };

  /** Returns a Session when refreshing ended the attempt, undefined when it succeeded. */
  const doRefresh = async (): Promise<Session | undefined> => {
    if (!refresh) return expire();
    const r = await deps.refresher.refresh(deps.meta, refresh);
    if (!r.ok) return isRejection(r.status) ? expire() : { kind: "unavailable", problem: r.problem };
    writeSessionCookies(c, r.data, deps.secureCookies);
    access = r.data.access_token;
    refresh = r.data.refresh_token;
    userFromRefresh = r.data.user;
    refreshed = true;
    return undefined;
  };

  if (!access || accessTokenNeedsRefresh(access, now())) {
    const ended = await doRefresh();
    if (ended) return ended;
  }
  if (userFromRefresh) return { kind: "signed-in", user: userFromRefresh, accessToken: access!, refreshToken: refresh };

  let me = await deps.auth.me(deps.meta, access!);
  if (!me.ok && me.status === 401 && !refreshed && refresh) {
    const ended = await doRefresh();
    if (ended) return ended;
    if (userFromRefresh) return { kind: "signed-in", user: userFromRefresh, accessToken: access!, refreshToken: refresh };
    me = await deps.auth.me(deps.meta, access!);
  }
  if (me.ok) return { kind: "signed-in", user: me.data, accessToken: access!, refreshToken: refresh };
  if (isRejection(me.status)) return expire();
  return { kind: "unavailable", problem: me.problem };
}
