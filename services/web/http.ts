import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie, setCookie } from "hono/cookie";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { STATIC_ASSETS } from "@mint/views/assets.ts";
import { Toast } from "@mint/views/components/toast.tsx";
import { ProblemFragment } from "@mint/views/components/problem.tsx";
import { AdminShell } from "@mint/views/layouts/admin-shell.tsx";
import { AppShell } from "@mint/views/layouts/app-shell.tsx";
import { ADMIN_NAV, USER_NAV } from "@mint/views/layouts/nav.ts";
import { DashboardContent } from "@mint/views/pages/dashboard.tsx";
import { ErrorPage, NotFoundPage } from "@mint/views/pages/errors.tsx";
import { ForgotPasswordPage, ForgotPasswordPanel } from "@mint/views/pages/forgot-password.tsx";
import { LoginPage, LoginPanel } from "@mint/views/pages/login.tsx";
import { ADMIN_PLACEHOLDERS, PlaceholderContent, USER_PLACEHOLDERS } from "@mint/views/pages/placeholder.tsx";
import { RegisterPage, RegisterPanel } from "@mint/views/pages/register.tsx";
import { ResetPasswordPage, ResetPasswordPanel, type ResetPasswordProps } from "@mint/views/pages/reset-password.tsx";
import { VerifyEmailPage } from "@mint/views/pages/verify-email.tsx";
import type { ShellUser, ToastMessage } from "@mint/views/types.ts";
import { resolveClientIp } from "../../shared/http/client-ip.ts";
import { currentTraceparent } from "../../shared/telemetry.ts";
import { type AuthUser, createAuthClient, type RequestMeta } from "./api-client.ts";
import { type JSX, view as h } from "./render.tsx";
import { csrfDecision, originOf } from "./domain/csrf.ts";
import { type FormInput, validateForgotPassword, validateLogin, validateRegister, validateResetPassword } from "./domain/forms.ts";
import { greeting } from "./domain/greeting.ts";
import { initials } from "./domain/initials.ts";
import { accessTokenNeedsRefresh } from "./domain/jwt.ts";
import { afterSignIn, homeFor, safeNextPath } from "./domain/navigation.ts";
import { type FormErrors, hasErrors, type Problem, problemMessage, problemToFormErrors } from "./domain/problem.ts";
import {
  ACCESS_COOKIE,
  clearSessionCookies,
  REFRESH_COOKIE,
  RefreshCoordinator,
  resolveSession,
  type Session,
  type SignedIn,
  writeSessionCookies,
} from "./session.ts";

/** The parts of the service configuration the web app reads (shared base config + webConfig). */
export interface WebConfig {
  MINT_ENV: "development" | "test" | "production";
  PORT: number;
  AUTH_URL: string;
  PUBLIC_BASE_URL: string;
  /** Peers whose X-Forwarded-For is believed (the gateway). */
  TRUSTED_PROXIES?: readonly string[];
}

type LogFn = (msg: string, fields?: Record<string, unknown>) => void;

export interface WebServiceContext {
  config: WebConfig;
  log: { debug: LogFn; info: LogFn; warn: LogFn; error: LogFn };
}

type WebEnv = {
  Variables: {
    /** Set by the shared runtime's root app when mounted there; otherwise by this app. */
    requestId: string;
    clientIp: string;
    meta: RequestMeta;
    session: Session | undefined;
  };
};
type C = Context<WebEnv>;

/** Set when the user dismisses the e-mail verification banner; a session cookie, so it returns next visit. */
const HIDE_VERIFY_BANNER_COOKIE = "mint_hide_verify_banner";
/** Set by app.js: the browser's IANA time zone, for the greeting. */
const TZ_COOKIE = "mint_tz";

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

const DEFAULT_TRUSTED_PROXIES = ["127.0.0.1", "::1", "::ffff:127.0.0.1"];

/** Toasts that a no-JavaScript form post can ask the next page to show (never free text). */
const NOTICE_TOASTS: Record<string, ToastMessage> = {
  "verification-sent": { kind: "success", message: "Verification email sent" },
  "verification-failed": { kind: "error", message: "We couldn't send the verification email. Please try again." },
};

/** Messages /login can show for `?notice=` (never free text). */
const LOGIN_NOTICES: Record<string, string> = {
  expired: "Your session has expired. Please sign in again.",
  "signed-out": "You've been signed out.",
};

const isHtmx = (c: C) => c.req.header("hx-request") === "true";
/** An htmx request that wants a piece of a page rather than a whole document. */
const wantsFragment = (c: C) =>
  isHtmx(c) && c.req.header("hx-request-type") !== "full" && c.req.header("hx-history-restore-request") !== "true";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

type PeerLookup = { requestIP?: (req: Request) => { address: string } | null };

/** The socket peer: the shared runtime passes `{ server }` as env, a bare Bun.serve passes the server. */
function peerAddress(c: C): string | undefined {
  const env = c.env as (PeerLookup & { server?: PeerLookup }) | undefined;
  const server = typeof env?.server?.requestIP === "function" ? env.server : env;
  try {
    return typeof server?.requestIP === "function" ? (server.requestIP(c.req.raw)?.address ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}

async function readForm(c: C): Promise<FormInput> {
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) return {};
  const body = await c.req.parseBody();
  const out: FormInput = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") out[k] = v;
  return out;
}

function shellUser(user: AuthUser): ShellUser {
  return { name: user.name, email: user.email, initials: initials(user.name, user.email), emailVerified: user.email_verified };
}

/** A path with an extra query parameter. */
function withParam(path: string, key: string, value: string): string {
  const url = new URL(path, "http://mint.invalid");
  url.searchParams.set(key, value);
  return url.pathname + url.search;
}

export function buildWebApp(ctx: WebServiceContext): Hono<WebEnv> {
  const { config, log } = ctx;
  const secureCookies = config.MINT_ENV !== "development" && config.MINT_ENV !== "test";
  const trustedProxies = config.TRUSTED_PROXIES ?? DEFAULT_TRUSTED_PROXIES;
  const publicOrigin = originOf(config.PUBLIC_BASE_URL);
  const auth = createAuthClient({ baseUrl: config.AUTH_URL });
  const refresher = new RefreshCoordinator(auth);

  const app = new Hono<WebEnv>();

  // ---------------------------------------------------------------- helpers

  const getSession = async (c: C): Promise<Session> => {
    const cached = c.get("session");
    if (cached) return cached;
    const session = await resolveSession(c, { auth, refresher, secureCookies, meta: c.get("meta") });
    c.set("session", session);
    if (session.kind === "unavailable") log.warn("auth service unavailable while resolving session", { problem: session.problem });
    return session;
  };

  /** Navigates the browser: HX-Redirect for htmx (fetch would follow a 3xx and swap the page in), else 3xx. */
  const redirect = (c: C, to: string) => {
    if (isHtmx(c)) {
      c.header("HX-Redirect", to);
      return c.body(null, 204);
    }
    return c.redirect(to, c.req.method === "GET" || c.req.method === "HEAD" ? 302 : 303);
  };

  const toLogin = (c: C, notice?: "expired") => {
    let to = "/login";
    if (!isHtmx(c) && c.req.method === "GET") {
      const url = new URL(c.req.url);
      const here = url.pathname + url.search;
      if (here !== "/dashboard" && here !== "/") to = withParam(to, "next", here);
    }
    if (notice) to = withParam(to, "notice", notice);
    return redirect(c, to);
  };

  /**
   * An error answer in the form the client can use: a fragment for htmx (htmx 4 swaps error
   * responses too), problem+json for API clients, a full page for browsers.
   */
  const problemResponse = (c: C, status: number, title: string, detail: string, opts: { retryHref?: string; code?: string } = {}) => {
    const requestId = c.get("requestId");
    const s = status as ContentfulStatusCode;
    if (isHtmx(c)) return c.html(h(ProblemFragment, { status, title, detail, requestId }), s);
    const accept = c.req.header("accept") ?? "";
    if (!accept.includes("text/html") && (accept.includes("json") || c.req.method !== "GET")) {
      return c.json({ type: "about:blank", title, status, detail, code: opts.code ?? codeFor(status) }, s, {
        "content-type": "application/problem+json",
      });
    }
    if (status === 404) return c.html(h(NotFoundPage, {}), 404);
    return c.html(h(ErrorPage, { status, title, detail, requestId, retryHref: opts.retryHref }), s);
  };

  const unavailable = (c: C, problem?: Problem) => {
    const url = new URL(c.req.url);
    return problemResponse(
      c,
      problem && problem.status === 504 ? 504 : 503,
      "Mint is temporarily unavailable",
      "We couldn't reach our sign-in service. Please try again in a moment.",
      { retryHref: c.req.method === "GET" ? url.pathname + url.search : undefined, code: "UNAVAILABLE" },
    );
  };

  /** Wraps a page that needs a signed-in user of the given role. */
  const requireRole =
    (role: "USER" | "ADMIN", handler: (c: C, s: SignedIn) => Response | Promise<Response>) =>
    async (c: C): Promise<Response> => {
      const s = await getSession(c);
      if (s.kind === "anonymous") return toLogin(c);
      if (s.kind === "expired") return toLogin(c, "expired");
      if (s.kind === "unavailable") return unavailable(c, s.problem);
      if (s.user.role !== role) return redirect(c, homeFor(s.user.role));
      return handler(c, s);
    };

  /** Any signed-in user (used by actions shared by both roles). */
  const requireSignedIn =
    (handler: (c: C, s: SignedIn) => Response | Promise<Response>) =>
    async (c: C): Promise<Response> => {
      const s = await getSession(c);
      if (s.kind === "anonymous") return toLogin(c);
      if (s.kind === "expired") return toLogin(c, "expired");
      if (s.kind === "unavailable") return unavailable(c, s.problem);
      return handler(c, s);
    };

  /** Renders a public page in full, or just its panel for htmx. */
  const panelOrPage = (c: C, panel: JSX.Element, page: JSX.Element, status = 200) =>
    c.html(wantsFragment(c) ? panel : page, status as ContentfulStatusCode);

  const userPage = (c: C, s: SignedIn, active: string, content: JSX.Element) => {
    if (wantsFragment(c)) return c.html(content);
    const notice = NOTICE_TOASTS[c.req.query("notice") ?? ""];
    const url = new URL(c.req.url);
    return c.html(
      h(
        AppShell,
        {
          active,
          user: shellUser(s.user),
          unreadCount: 0,
          showVerifyBanner: !s.user.email_verified && getCookie(c, HIDE_VERIFY_BANNER_COOKIE) !== "1",
          currentPath: url.pathname,
          toasts: notice ? [notice] : [],
          children: content,
        },
      ),
    );
  };

  const adminPage = (c: C, s: SignedIn, active: string, content: JSX.Element) => {
    if (wantsFragment(c)) return c.html(content);
    return c.html(h(AdminShell, { active, user: shellUser(s.user), children: content }));
  };

  // ---------------------------------------------------------------- middleware

  app.use(async (c, next) => {
    let requestId = c.get("requestId");
    if (!requestId) {
      const incoming = c.req.header("x-request-id");
      requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
      c.set("requestId", requestId);
    }
    const incomingTrace = c.req.header("traceparent");
    const ip = c.get("clientIp") ?? resolveClientIp(peerAddress(c), c.req.header("x-forwarded-for"), trustedProxies);
    c.set("meta", {
      requestId,
      // The runtime's HTTP span when there is one, so calls to the APIs join the same trace.
      traceparent: currentTraceparent() ?? (incomingTrace && TRACEPARENT.test(incomingTrace) ? incomingTrace : undefined),
      clientIp: ip && ip !== "unknown" ? ip : undefined,
    });
    await next();
    c.res.headers.set("x-content-type-options", "nosniff");
    c.res.headers.set("referrer-policy", "strict-origin-when-cross-origin");
    if (!c.req.path.startsWith("/static/")) {
      c.res.headers.set("content-security-policy", CSP);
      c.res.headers.set("x-frame-options", "DENY");
      if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
      c.res.headers.append("vary", "HX-Request");
    }
  });

  // CSRF: every unsafe request must come from this site.
  app.use(async (c, next) => {
    const decision = csrfDecision({
      method: c.req.method,
      origin: c.req.header("origin"),
      secFetchSite: c.req.header("sec-fetch-site"),
      allowedOrigins: [publicOrigin, new URL(c.req.url).origin].filter((o): o is string => !!o),
    });
    if (!decision.allow) {
      log.warn("cross-site request refused", { method: c.req.method, path: c.req.path, reason: decision.reason, requestId: c.get("requestId") });
      const title = "Cross-site request refused";
      const detail = "This request did not come from a Mint page. Reload the page and try again.";
      if (isHtmx(c)) return c.html(h(ProblemFragment, { status: 403, title, detail, requestId: c.get("requestId") }), 403);
      return c.json({ type: "about:blank", title, status: 403, detail, code: "PERMISSION_DENIED" }, 403, {
        "content-type": "application/problem+json",
      });
    }
    return next();
  });

  app.use(
    bodyLimit({
      maxSize: 64 * 1024,
      onError: (c) => problemResponse(c as C, 413, "Request too large", "The form you sent is larger than we accept."),
    }),
  );

  // ---------------------------------------------------------------- static files

  app.get("/static/:name", (c) => {
    const asset = STATIC_ASSETS.get(c.req.param("name"));
    if (!asset) return c.body("Not found", 404, { "content-type": "text/plain; charset=utf-8" });
    const etag = `"${asset.hash}"`;
    const cacheControl = c.req.query("v") === asset.hash ? "public, max-age=31536000, immutable" : "public, max-age=86400";
    const headers = { "content-type": asset.contentType, "cache-control": cacheControl, etag };
    if (c.req.header("if-none-match") === etag) return c.body(null, 304, headers);
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, headers);
  });

  // ---------------------------------------------------------------- public pages

  app.get("/", (c) => c.redirect("/dashboard", 302));

  app.get("/login", async (c) => {
    const s = await getSession(c);
    const next = safeNextPath(c.req.query("next"));
    if (s.kind === "signed-in") return redirect(c, afterSignIn(s.user.role, next));
    const notice = LOGIN_NOTICES[c.req.query("notice") ?? ""];
    return c.html(h(LoginPage, { next, notice }));
  });

  app.post("/login", async (c) => {
    const form = await readForm(c);
    const next = safeNextPath(form.next);
    const { value, errors } = validateLogin(form);
    const show = (errs: FormErrors, status: number) =>
      panelOrPage(c, h(LoginPanel, { email: value.email, errors: errs, next }), h(LoginPage, { email: value.email, errors: errs, next }), status);
    if (hasErrors(errors)) return show(errors, 422);

    const r = await auth.login(c.get("meta"), value);
    if (!r.ok) {
      if (r.status >= 500) log.warn("login failed upstream", { status: r.status, requestId: c.get("requestId") });
      const errs = r.status === 401 ? { fields: {}, form: "Invalid email or password." } : problemToFormErrors(r.problem, { fields: ["email", "password"] });
      return show(errs, r.status >= 500 ? 503 : r.status);
    }
    writeSessionCookies(c, r.data, secureCookies);
    let role = r.data.user?.role;
    if (!role) {
      const me = await auth.me(c.get("meta"), r.data.access_token);
      role = me.ok ? me.data.role : "USER";
    }
    return redirect(c, afterSignIn(role, next));
  });

  app.get("/register", async (c) => {
    const s = await getSession(c);
    if (s.kind === "signed-in") return redirect(c, homeFor(s.user.role));
    return c.html(h(RegisterPage, {}));
  });

  app.post("/register", async (c) => {
    const form = await readForm(c);
    const { value, errors } = validateRegister(form);
    const show = (errs: FormErrors, status: number) =>
      panelOrPage(
        c,
        h(RegisterPanel, { name: value.name, email: value.email, errors: errs }),
        h(RegisterPage, { name: value.name, email: value.email, errors: errs }),
        status,
      );
    if (hasErrors(errors)) return show(errors, 422);

    const r = await auth.register(c.get("meta"), value);
    if (!r.ok) {
      if (r.status >= 500) log.warn("registration failed upstream", { status: r.status, requestId: c.get("requestId") });
      const errs =
        r.status === 409 || r.problem.code === "CONFLICT"
          ? { fields: { email: "An account with this email already exists. Sign in instead?" } }
          : problemToFormErrors(r.problem, { fields: ["name", "email", "password"] });
      return show(errs, r.status >= 500 ? 503 : r.status);
    }
    writeSessionCookies(c, r.data, secureCookies);
    return redirect(c, homeFor(r.data.user?.role ?? "USER"));
  });

  app.get("/forgot-password", (c) => c.html(h(ForgotPasswordPage, {})));

  app.post("/forgot-password", async (c) => {
    const form = await readForm(c);
    const { value, errors } = validateForgotPassword(form);
    const show = (props: { errors?: FormErrors; sent?: boolean }, status: number) =>
      panelOrPage(c, h(ForgotPasswordPanel, { email: value.email, ...props }), h(ForgotPasswordPage, { email: value.email, ...props }), status);
    if (hasErrors(errors)) return show({ errors }, 422);
    const r = await auth.forgotPassword(c.get("meta"), value.email);
    // The answer is the same whether or not the account exists; only failures to ask are shown.
    if (!r.ok && (r.status === 429 || r.status >= 500 || r.problem.errors)) {
      return show({ errors: problemToFormErrors(r.problem, { fields: ["email"] }) }, r.status >= 500 ? 503 : r.status);
    }
    return show({ sent: true }, 200);
  });

  app.get("/reset-password", (c) => {
    const token = (c.req.query("token") ?? "").trim();
    return c.html(h(ResetPasswordPage, token ? { state: "form", token } : { state: "invalid-link" }));
  });

  app.post("/reset-password", async (c) => {
    const form = await readForm(c);
    const { value, errors } = validateResetPassword(form);
    const show = (props: ResetPasswordProps, status: number) =>
      panelOrPage(c, h(ResetPasswordPanel, props), h(ResetPasswordPage, props), status);
    if (!value.token) return show({ state: "invalid-link" }, 400);
    if (hasErrors(errors)) return show({ state: "form", token: value.token, errors }, 422);

    const r = await auth.resetPassword(c.get("meta"), value.token, value.password);
    if (r.ok) return show({ state: "done" }, 200);
    const status = r.status >= 500 ? 503 : r.status;
    if (r.problem.errors && r.status < 500) {
      const errs = problemToFormErrors(r.problem, { fields: ["password"], aliases: { new_password: "password" } });
      return show({ state: "form", token: value.token, errors: errs }, status);
    }
    if (r.status === 400 || r.status === 404 || r.status === 410) return show({ state: "form", token: value.token, linkExpired: true }, status);
    return show({ state: "form", token: value.token, errors: { fields: {}, form: problemMessage(r.problem) } }, status);
  });

  app.get("/verify-email", async (c) => {
    const token = (c.req.query("token") ?? "").trim();
    let verified = false;
    if (token) {
      const r = await auth.verifyEmail(c.get("meta"), token);
      if (!r.ok && (r.status >= 500 || r.status === 429)) return unavailable(c, r.problem);
      verified = r.ok;
    }
    const s = await getSession(c);
    const home = s.kind === "signed-in" ? homeFor(s.user.role) : undefined;
    if (verified && s.kind === "signed-in" && s.refreshToken) {
      // New tokens carry email_verified=true, which other services read from the access token.
      const r = await refresher.refresh(c.get("meta"), s.refreshToken);
      if (r.ok) writeSessionCookies(c, r.data, secureCookies);
    }
    return c.html(
      h(VerifyEmailPage, { outcome: verified ? "verified" : "failed", signedIn: home !== undefined, continueTo: home }),
      verified ? 200 : 400,
    );
  });

  // ---------------------------------------------------------------- session actions

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
      const r = await auth.logout(meta, access, refresh);
      if (!r.ok && r.status !== 401) log.warn("logout failed upstream", { status: r.status, requestId: meta.requestId });
    }
    clearSessionCookies(c, secureCookies);
    setCookie(c, HIDE_VERIFY_BANNER_COOKIE, "", { path: "/", maxAge: 0, httpOnly: true, sameSite: "Lax", secure: secureCookies });
    return redirect(c, "/login?notice=signed-out");
  });

  app.post(
    "/resend-verification",
    requireSignedIn(async (c, s) => {
      const form = await readForm(c);
      const r = await auth.requestVerifyEmail(c.get("meta"), s.accessToken);
      if (isHtmx(c)) {
        return r.ok
          ? c.html(h(Toast, { kind: "success", message: "Verification email sent" }))
          : c.html(h(Toast, { kind: "error", message: problemMessage(r.problem) }), (r.status >= 500 ? 503 : r.status) as ContentfulStatusCode);
      }
      const back = safeNextPath(form.return_to) ?? homeFor(s.user.role);
      return redirect(c, withParam(back, "notice", r.ok ? "verification-sent" : "verification-failed"));
    }),
  );

  app.post("/banners/verify-email/dismiss", async (c) => {
    setCookie(c, HIDE_VERIFY_BANNER_COOKIE, "1", { path: "/", httpOnly: true, sameSite: "Lax", secure: secureCookies });
    if (isHtmx(c)) return c.body(null, 200);
    const form = await readForm(c);
    return redirect(c, safeNextPath(form.return_to) ?? "/dashboard");
  });

  // ---------------------------------------------------------------- user app

  app.get(
    "/dashboard",
    requireRole("USER", (c, s) =>
      userPage(c, s, "/dashboard", h(DashboardContent, { greeting: greeting(new Date(), getCookie(c, TZ_COOKIE), s.user.name) })),
    ),
  );

  for (const item of USER_NAV) {
    const placeholder = USER_PLACEHOLDERS[item.href];
    if (!placeholder) continue;
    app.get(item.href, requireRole("USER", (c, s) => userPage(c, s, item.href, h(PlaceholderContent, placeholder))));
  }

  // ---------------------------------------------------------------- admin console

  app.get("/app-admin", (c) => c.redirect("/app-admin/dashboard", 302));
  for (const item of ADMIN_NAV) {
    const placeholder = ADMIN_PLACEHOLDERS[item.href];
    if (!placeholder) continue;
    app.get(item.href, requireRole("ADMIN", (c, s) => adminPage(c, s, item.href, h(PlaceholderContent, placeholder))));
  }

  // ---------------------------------------------------------------- errors

  const notFound = (c: C) => problemResponse(c, 404, "Page not found", "The page you're looking for doesn't exist or has moved.");
  // A catch-all route as well as notFound: when this app is mounted in the runtime's root app,
  // only the root's notFound (problem+json) would run, and browsers deserve a page.
  app.all("*", (c) => notFound(c));
  app.notFound((c) => notFound(c as C));

  app.onError((err, c) => {
    log.error("unhandled error", { err, path: c.req.path, requestId: (c as C).get("requestId") });
    return problemResponse(c as C, 500, "Something went wrong", "An unexpected error occurred on our side. Please try again.");
  });

  return app;
}

function codeFor(status: number): string {
  if (status === 400 || status === 413 || status === 422) return "INVALID_ARGUMENT";
  if (status === 401) return "UNAUTHENTICATED";
  if (status === 403) return "PERMISSION_DENIED";
  if (status === 404) return "NOT_FOUND";
  if (status === 429) return "RATE_LIMITED";
  if (status === 503) return "UNAVAILABLE";
  if (status === 504) return "DEADLINE_EXCEEDED";
  return "INTERNAL";
}
