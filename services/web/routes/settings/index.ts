import { Hono } from "hono";
import { html } from "hono/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ToastsOob } from "@mint/views/components/toast.tsx";
import { EmailPreferenceForm, NameForm, PasswordForm } from "@mint/views/pages/settings/account.tsx";
import { SettingsContent } from "@mint/views/pages/settings/page.tsx";
import type { ToastMessage } from "@mint/views/types.ts";
import type { C, WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { type JSX, view as h } from "../../app/render.tsx";
import { isHtmx, readForm, redirect } from "../../app/respond.ts";
import { type SignedIn, writeSessionCookies } from "../../app/session.ts";
import { type FormErrors, problemMessage, problemToFormErrors } from "../../domain/page/problem.ts";
import { readEmailPreference, readName, readPasswordChange } from "../../domain/account/settings-forms.ts";
import { loadWebhookList, webhookPages } from "./webhooks.ts";

/** /settings: name, password, e-mail notifications and webhook endpoints. */
export function settingsPage(kit: Kit) {
  const { clients, log } = kit;
  const app = new Hono<WebEnv>();

  /** The whole page with one section replaced (a form shown again with its messages). */
  async function page(c: C, s: SignedIn, replace: { profile?: JSX.Element; password?: JSX.Element; notifications?: JSX.Element } = {}) {
    const meta = c.get("meta");
    const [prefs, webhooks] = await Promise.all([
      replace.notifications ? undefined : clients.notifications.preferences(meta, s.accessToken),
      loadWebhookList(kit, c, s),
    ]);
    return h(SettingsContent, {
      profile: replace.profile ?? h(NameForm, { name: s.user.name, email: s.user.email }),
      password: replace.password ?? h(PasswordForm, {}),
      notifications: replace.notifications ?? h(EmailPreferenceForm, { emailEnabled: prefs?.ok ? prefs.data.emailEnabled : undefined }),
      webhooks,
    });
  }

  /**
   * A settings form's answer. Success: back to /settings with the outcome (post/redirect/get;
   * HX-Redirect for htmx, so the sidebar shows a new name). Refused: the section with its
   * messages, in place for htmx, else the page again (422).
   */
  async function refused(c: C, s: SignedIn, section: "profile" | "password" | "notifications", form: JSX.Element, status: number) {
    c.status(status as ContentfulStatusCode);
    if (isHtmx(c)) return form;
    return page(c, s, { [section]: form });
  }
  const done = (c: C, toast: ToastMessage) => {
    kit.flash(c, toast);
    return redirect(c, "/settings");
  };

  app.get(
    "/",
    kit.userPage("/settings", (c, s) => page(c, s)),
  );

  app.post(
    "/profile",
    kit.userPage("/settings", async (c, s) => {
      const input = await readForm(c);
      const checked = readName(input);
      const again = (errors: FormErrors, status: number) => refused(c, s, "profile", h(NameForm, { name: checked.typed, email: s.user.email, errors }), status);
      if (!checked.ok) return again(checked.errors, 422);
      const meta = c.get("meta");
      const r = await clients.auth.updateProfile(meta, s.accessToken, { name: checked.value });
      if (!r.ok) return again(problemToFormErrors(r.problem, { fields: ["name"] }), r.status >= 500 ? r.status : 422);
      // Access tokens carry the name, and other services read it from there: take a fresh pair now.
      if (s.refreshToken) {
        const fresh = await kit.refresher.refresh(meta, s.refreshToken);
        if (fresh.ok) writeSessionCookies(c, fresh.data, kit.secureCookies);
        else log.warn("session not refreshed after a name change", { status: fresh.status, requestId: meta.requestId });
      }
      return done(c, { kind: "success", message: `Name changed to ${r.data.name}.` });
    }),
  );

  app.post(
    "/password",
    kit.userPage("/settings", async (c, s) => {
      const checked = readPasswordChange(await readForm(c));
      const again = (errors: FormErrors, status: number) => refused(c, s, "password", h(PasswordForm, { errors }), status);
      if (!checked.ok) return again(checked.errors, 422);
      const r = await clients.auth.changePassword(c.get("meta"), s.accessToken, { current_password: checked.value.current, new_password: checked.value.next });
      if (!r.ok) {
        const errors = problemToFormErrors(r.problem, { fields: ["current_password", "password"], aliases: { new_password: "password" } });
        return again(errors, r.status >= 500 ? r.status : 422);
      }
      // Every other session was signed out; the answer is this browser's new one.
      writeSessionCookies(c, r.data, kit.secureCookies);
      return done(c, { kind: "success", message: "Password changed. You've been signed out everywhere else." });
    }),
  );

  app.post(
    "/notifications",
    kit.userPage("/settings", async (c, s) => {
      const emailEnabled = readEmailPreference(await readForm(c));
      const r = await clients.notifications.setPreferences(c.get("meta"), s.accessToken, { emailEnabled });
      if (!r.ok) {
        return refused(c, s, "notifications", h(EmailPreferenceForm, { emailEnabled: !emailEnabled, error: `We couldn't save your preference. ${problemMessage(r.problem)}` }), r.status >= 500 ? r.status : 422);
      }
      const toast: ToastMessage = { kind: "success", message: r.data.emailEnabled ? "E-mail notifications are on." : "E-mail notifications are off. You'll still see them here." };
      // With htmx the section changes in place; nothing else on the page depends on it.
      if (isHtmx(c)) return c.html(html`${h(EmailPreferenceForm, { emailEnabled: r.data.emailEnabled })}${h(ToastsOob, { toasts: [toast] })}`);
      return done(c, toast);
    }),
  );

  app.route("/webhooks", webhookPages(kit));
  return app;
}
