import { Hono } from "hono";
import { ForgotPasswordPage, ForgotPasswordPanel } from "@mint/views/pages/forgot-password.tsx";
import { LoginPage, LoginPanel } from "@mint/views/pages/login.tsx";
import { RegisterPage, RegisterPanel } from "@mint/views/pages/register.tsx";
import { ResetPasswordPage, ResetPasswordPanel, type ResetPasswordProps } from "@mint/views/pages/reset-password.tsx";
import { VerifyEmailPage } from "@mint/views/pages/verify-email.tsx";
import type { WebEnv } from "../app/env.ts";
import type { Kit } from "../app/kit.ts";
import { view as h } from "../app/render.tsx";
import { panelOrPage, readForm, redirect } from "../app/respond.ts";
import { writeSessionCookies } from "../app/session.ts";
import { validateForgotPassword, validateLogin, validateRegister, validateResetPassword } from "../domain/page/forms.ts";
import { afterSignIn, homeFor, safeNextPath } from "../domain/page/navigation.ts";
import { type FormErrors, hasErrors, problemMessage, problemToFormErrors } from "../domain/page/problem.ts";

/** Messages /login can show for `?notice=` (never free text). */
const LOGIN_NOTICES: Record<string, string> = {
  expired: "Your session has expired. Please sign in again.",
  "signed-out": "You've been signed out.",
};

/** The public pages: sign-in, sign-up, password reset and e-mail verification. */
export function signInPages(kit: Kit) {
  const { clients, log, secureCookies, refresher } = kit;
  const auth = clients.auth;
  const app = new Hono<WebEnv>();

  app.get("/", (c) => c.redirect("/dashboard", 302));

  app.get("/login", async (c) => {
    const s = await kit.getSession(c);
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
    const s = await kit.getSession(c);
    if (s.kind === "signed-in") return redirect(c, homeFor(s.user.role));
    return c.html(h(RegisterPage, {}));
  });

  app.post("/register", async (c) => {
    const form = await readForm(c);
    const { value, errors } = validateRegister(form);
    const show = (errs: FormErrors, status: number) =>
      panelOrPage(c, h(RegisterPanel, { name: value.name, email: value.email, errors: errs }), h(RegisterPage, { name: value.name, email: value.email, errors: errs }), status);
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
    const show = (props: ResetPasswordProps, status: number) => panelOrPage(c, h(ResetPasswordPanel, props), h(ResetPasswordPage, props), status);
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
      if (!r.ok && (r.status >= 500 || r.status === 429)) return kit.unavailable(c, r.problem);
      verified = r.ok;
    }
    const s = await kit.getSession(c);
    const home = s.kind === "signed-in" ? homeFor(s.user.role) : undefined;
    if (verified && s.kind === "signed-in" && s.refreshToken) {
      // New tokens carry email_verified=true, which other services read from the access token.
      const r = await refresher.refresh(c.get("meta"), s.refreshToken);
      if (r.ok) writeSessionCookies(c, r.data, secureCookies);
    }
    return c.html(h(VerifyEmailPage, { outcome: verified ? "verified" : "failed", signedIn: home !== undefined, continueTo: home }), verified ? 200 : 400);
  });

  return app;
}
