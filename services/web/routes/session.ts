import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { Toast } from "@mint/views/components/toast.tsx";
import type { WebEnv } from "../app/env.ts";
import { HIDE_VERIFY_BANNER_COOKIE, type Kit } from "../app/kit.ts";
import { view as h } from "../app/render.tsx";
import { isHtmx, readForm, redirect } from "../app/respond.ts";
import { ACCESS_COOKIE, clearSessionCookies, REFRESH_COOKIE } from "../app/session.ts";
import { accessTokenNeedsRefresh } from "../domain/account/jwt.ts";
import { homeFor, safeNextPath } from "../domain/page/navigation.ts";
import { problemMessage } from "../domain/page/problem.ts";

/** Session actions shared by both apps: sign out, resend the verification e-mail, dismiss its banner. */
export function sessionActions(kit: Kit) {
  const { clients, log, secureCookies, refresher } = kit;
  const app = new Hono<WebEnv>();

  app.post("/logout", async (c) => {
    const meta = c.get("meta");
    let access = getCookie(c, ACCESS_COOKIE) || undefined;
    let refresh = getCookie(c, REFRESH_COOKIE) || undefined;
    if (refresh && (!access || accessTokenNeedsRefresh(access, Date.now()))) {
      // Logging out needs a live access token to revoke the refresh family.
      const r = await refresher.refresh(meta, refresh);
      if (r.ok) {
        access = r.data.access_token;
        refresh = r.data.refresh_token;
      }
    }
    if (access) {
      const r = await clients.auth.logout(meta, access, refresh);
      if (!r.ok && r.status !== 401) log.warn("logout failed upstream", { status: r.status, requestId: meta.requestId });
    }
    clearSessionCookies(c, secureCookies);
    setCookie(c, HIDE_VERIFY_BANNER_COOKIE, "", { path: "/", maxAge: 0, httpOnly: true, sameSite: "Lax", secure: secureCookies });
    return redirect(c, "/login?notice=signed-out");
  });

  app.post(
    "/resend-verification",
    kit.signedIn(async (c, s) => {
      const form = await readForm(c);
      const r = await clients.auth.requestVerifyEmail(c.get("meta"), s.accessToken);
      const toast = r.ok
        ? ({ kind: "success", message: "Verification email sent" } as const)
        : ({ kind: "error", message: r.status >= 500 ? "We couldn't send the verification email. Please try again." : problemMessage(r.problem) } as const);
      if (isHtmx(c)) return c.html(h(Toast, toast), (r.ok ? 200 : r.status >= 500 ? 503 : r.status) as ContentfulStatusCode);
      kit.flash(c, toast);
      return redirect(c, safeNextPath(form.return_to) ?? homeFor(s.user.role));
    }),
  );

  app.post("/banners/verify-email/dismiss", async (c) => {
    setCookie(c, HIDE_VERIFY_BANNER_COOKIE, "1", { path: "/", httpOnly: true, sameSite: "Lax", secure: secureCookies });
    if (isHtmx(c)) return c.body(null, 200);
    const form = await readForm(c);
    return redirect(c, safeNextPath(form.return_to) ?? "/dashboard");
  });

  return app;
}
