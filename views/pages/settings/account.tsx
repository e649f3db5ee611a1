import type { FC } from "hono/jsx";
import { Alert } from "../../components/alert.tsx";
import { Button } from "../../components/button.tsx";
import { Field } from "../../components/field.tsx";
import { NewPasswordFields } from "../../components/new-password-fields.tsx";
import { Unavailable } from "../../components/unavailable.tsx";
import type { FormErrors } from "../../types.ts";

const noErrors: FormErrors = { fields: {} };

/** The display name. A real form (POST /settings/profile); with htmx a refusal comes back in place. */
export const NameForm: FC<{ name: string; email: string; errors?: FormErrors }> = ({ name, email, errors = noErrors }) => (
  <section id="settings-profile" class="card settings-section" aria-labelledby="settings-profile-title">
    <div class="settings-section-head">
      <h2 id="settings-profile-title" class="card-title">
        Profile
      </h2>
      <p class="card-subtitle">How people see you when you pay, request or split.</p>
    </div>
    <form method="post" action="/settings/profile" class="form settings-form" hx-post="/settings/profile" hx-target="#settings-profile" hx-swap="outerHTML" hx-disable="find button" novalidate>
      {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
      <Field name="name" id="settings-name" label="Name" value={name} error={errors.fields.name} autocomplete="name" required minlength={2} maxlength={100} />
      <p class="settings-readonly">
        <span class="field-label">E-mail</span>
        <span class="settings-email">{email}</span>
      </p>
      <div class="settings-actions">
        <Button type="submit">Save name</Button>
      </div>
    </form>
  </section>
);

/** Change the password: the current one, then the new one twice. Other sessions are signed out. */
export const PasswordForm: FC<{ errors?: FormErrors }> = ({ errors = noErrors }) => (
  <section id="settings-password" class="card settings-section" aria-labelledby="settings-password-title">
    <div class="settings-section-head">
      <h2 id="settings-password-title" class="card-title">
        Password
      </h2>
      <p class="card-subtitle">Changing it signs you out everywhere else; you stay signed in here.</p>
    </div>
    <form method="post" action="/settings/password" class="form settings-form" hx-post="/settings/password" hx-target="#settings-password" hx-swap="outerHTML" hx-disable="find button" novalidate>
      {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
      <Field name="current_password" id="settings-current-password" label="Current password" type="password" autocomplete="current-password" error={errors.fields.current_password} required />
      <NewPasswordFields label="New password" confirmLabel="Repeat the new password" errors={errors.fields} />
      <div class="settings-actions">
        <Button type="submit">Change password</Button>
      </div>
    </form>
  </section>
);

/** Whether notifications are also e-mailed; undefined when the notifications service did not answer. */
export const EmailPreferenceForm: FC<{ emailEnabled?: boolean; error?: string }> = ({ emailEnabled, error }) => (
  <section id="settings-notifications" class="card settings-section" aria-labelledby="settings-notifications-title">
    <div class="settings-section-head">
      <h2 id="settings-notifications-title" class="card-title">
        Notifications
      </h2>
      <p class="card-subtitle">You always see notifications here in Mint; choose whether we also e-mail them.</p>
    </div>
    {emailEnabled === undefined ? (
      <Unavailable what="Your notification preferences" retryHref="/settings#settings-notifications" />
    ) : (
      <form method="post" action="/settings/notifications" class="form settings-form" hx-post="/settings/notifications" hx-target="#settings-notifications" hx-swap="outerHTML" hx-disable="find button">
        {error ? <Alert tone="error">{error}</Alert> : null}
        <label class="settings-check">
          <input type="checkbox" name="email_enabled" value="on" checked={emailEnabled} aria-describedby="settings-email-hint" />
          <span>E-mail me about account activity</span>
        </label>
        <p id="settings-email-hint" class="field-hint">
          Currently: {emailEnabled ? "e-mails on" : "e-mails off"}. Money in and out, requests, splits, budgets and verification.
        </p>
        <div class="settings-actions">
          <Button type="submit" variant="secondary">
            Save preference
          </Button>
        </div>
      </form>
    )}
  </section>
);
