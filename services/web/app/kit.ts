import { getCookie } from "hono/cookie";
import { AdminShell } from "@mint/views/layouts/admin-shell.tsx";
import { AppShell } from "@mint/views/layouts/app-shell.tsx";
import type { ShellUser, ToastMessage } from "@mint/views/types.ts";
import type { AuthUser } from "../clients/auth.ts";
import type { Clients } from "../clients/index.ts";
import type { Problem } from "../domain/page/problem.ts";
import { initials } from "../domain/page/initials.ts";
import { LIVE_CURSOR_MARGIN_MS, liveCursorAt } from "../domain/live/live-cursor.ts";
import { homeFor } from "../domain/page/navigation.ts";
import type { C, WebConfig, WebLog } from "./env.ts";
import { setFlash, takeFlash } from "./flash.ts";
import { type JSX, view as h } from "./render.tsx";
import { currentPath, isHtmx, problemResponse, redirect, wantsFragment, withParam } from "./respond.ts";
import { RefreshCoordinator, resolveSession, type Session, type SignedIn } from "./session.ts";
import { loadShellData, type ShellData, shellBanners } from "./shell-data.ts";

/** Set when the user dismisses the e-mail verification banner; a session cookie, so it returns next visit. */
export const HIDE_VERIFY_BANNER_COOKIE = "mint_hide_verify_banner";

/** What a page handler returns: content for the shell, or a finished response (a redirect, an error). */
export type PageResult = JSX.Element | Response;
/**
 * A page's handler. `shell` is the shell's own data (unread count, KYC tier) being fetched in
 * parallel, for a page that shows it too; it is undefined for htmx fragment requests.
 */
export type PageHandler = (c: C, s: SignedIn, shell?: Promise<ShellData>) => PageResult | Promise<PageResult>;
export type ActionHandler = (c: C, s: SignedIn) => Response | Promise<Response>;

export function shellUser(user: AuthUser): ShellUser {
  return { name: user.name, email: user.email, initials: initials(user.name, user.email), emailVerified: user.email_verified };
}

/**
 * Everything a page area needs, built once: configuration, the API clients, and the session gate
 * and shells every page goes through. Each area (routes/*.ts) is a small Hono app built from it.
 */
export function createKit(config: WebConfig, log: WebLog, clients: Clients, opts: { shutdown?: AbortSignal } = {}) {
  const secureCookies = config.MINT_ENV !== "development" && config.MINT_ENV !== "test";
  const refresher = new RefreshCoordinator(clients.auth);

  const getSession = async (c: C): Promise<Session> => {
    const cached = c.get("session");
    if (cached) return cached;
    const session = await resolveSession(c, { auth: clients.auth, refresher, secureCookies, meta: c.get("meta") });
    c.set("session", session);
    if (session.kind === "unavailable") log.warn("auth service unavailable while resolving session", { problem: session.problem });
    return session;
  };

  /** To sign-in, coming back here afterwards (for a page the browser asked for). */
  const toLogin = (c: C, notice?: "expired") => {
    let to = "/login";
    if (!isHtmx(c) && c.req.method === "GET") {
      const here = currentPath(c);
      if (here !== "/dashboard" && here !== "/") to = withParam(to, "next", here);
    } else if (isHtmx(c)) {
      // An htmx request's own URL is a fragment; the page the user is on is in HX-Current-URL.
      const page = c.req.header("hx-current-url");
      try {
        const url = page ? new URL(page) : undefined;
        if (url && url.pathname !== "/dashboard") to = withParam(to, "next", url.pathname + url.search);
      } catch {
        /* not a URL: sign in to the home page */
      }
    }
    if (notice) to = withParam(to, "notice", notice);
    return redirect(c, to);
  };

  const unavailable = (c: C, problem?: Problem) =>
    problemResponse(c, problem && problem.status === 504 ? 504 : 503, "Mint is temporarily unavailable", "We couldn't reach our sign-in service. Please try again in a moment.", {
      retryHref: c.req.method === "GET" ? currentPath(c) : undefined,
      code: "UNAVAILABLE",
    });

  const gate =
    (role: "USER" | "ADMIN" | "ANY", handler: ActionHandler) =>
    async (c: C): Promise<Response> => {
      const s = await getSession(c);
      if (s.kind === "anonymous") return toLogin(c);
      if (s.kind === "expired") return toLogin(c, "expired");
      if (s.kind === "unavailable") return unavailable(c, s.problem);
      if (role !== "ANY" && s.user.role !== role) return redirect(c, homeFor(s.user.role));
      return handler(c, s);
    };

  /**
   * Renders the user app's shell around `content`: the badge, the KYC shield and banners come with
   * every page, and the live connection starts from `startedAt` (less a margin for clocks), the
   * moment the page began reading its data, so nothing created since is missed.
   */
  const renderUserPage = async (c: C, s: SignedIn, active: string, content: JSX.Element, shell: Promise<ShellData>, startedAt: number) => {
    const data = await shell;
    const url = new URL(c.req.url);
    const banners = shellBanners(s.user.email_verified, data.kycTier, getCookie(c, HIDE_VERIFY_BANNER_COOKIE) === "1");
    return c.html(
      h(AppShell, {
        active,
        user: { ...shellUser(s.user), kycTier: data.kycTier },
        unreadCount: data.unreadCount,
        showVerifyBanner: banners.verifyEmail,
        showKycBanner: banners.verifyIdentity,
        currentPath: url.pathname + url.search,
        liveSince: liveCursorAt(startedAt - LIVE_CURSOR_MARGIN_MS),
        toasts: takeFlash(c, secureCookies),
        children: content,
      }),
    );
  };

  return {
    config,
    log,
    clients,
    secureCookies,
    /** Aborted when the service shuts down: long-lived answers (the live stream) end with it. */
    shutdown: opts.shutdown,
    refresher,
    getSession,
    toLogin,
    unavailable,
    /** An action or fragment of any signed-in user (no shell). */
    signedIn: (handler: ActionHandler) => gate("ANY", handler),
    /** An action or fragment of the user app (no shell). */
    userAction: (handler: ActionHandler) => gate("USER", handler),
    /** An action or fragment of the admin console (no shell). */
    adminAction: (handler: ActionHandler) => gate("ADMIN", handler),

    /**
     * A page of the user app. The shell's own data is fetched while the page fetches its own, so
     * a page costs its slowest upstream call, not the sum. htmx fragment requests get the content only.
     */
    userPage: (active: string, handler: PageHandler) =>
      gate("USER", async (c, s) => {
        const startedAt = Date.now();
        const fragment = wantsFragment(c);
        const shell = fragment ? undefined : loadShellData(clients, c.get("meta"), s.accessToken);
        // Don't leave the shell's calls unobserved when the page ends early.
        shell?.catch(() => undefined);
        const content = await handler(c, s, shell);
        if (content instanceof Response) return content;
        // A fragment leaves any waiting outcome to the next full page: a part refreshed by a live
        // event while the browser is already navigating must not take the toast meant for it.
        if (!shell) return c.html(content);
        return renderUserPage(c, s, active, content, shell, startedAt);
      }),

    /** A page of the admin console. */
    adminPage: (active: string, handler: PageHandler) =>
      gate("ADMIN", async (c, s) => {
        const content = await handler(c, s);
        if (content instanceof Response) return content;
        if (wantsFragment(c)) return c.html(content);
        return c.html(h(AdminShell, { active, user: shellUser(s.user), toasts: takeFlash(c, secureCookies), children: content }));
      }),

    /** Remembers a toast for the next page the browser is sent to (post/redirect/get). */
    flash: (c: C, toast: ToastMessage) => setFlash(c, secureCookies, toast),
  };
}

export type Kit = ReturnType<typeof createKit>;

