import type { FC } from "hono/jsx";
import { Alert } from "../components/alert.tsx";
import { Button } from "../components/button.tsx";
import { Field } from "../components/field.tsx";
import { AuthHeading, AuthLayout } from "../layouts/auth.tsx";
import type { FormErrors } from "../types.ts";

export interface LoginProps {
  email?: string;
  errors?: FormErrors;
  /** Where to go after signing in (already validated as a local path). */
  next?: string;
  /** An informational message, e.g. after a password reset or an expired session. */
  notice?: string;
}

/** The sign-in card; htmx swaps the whole panel with the server's answer. */
export const LoginPanel: FC<LoginProps> = ({ email, errors, next, notice }) => (
  <section id="login-panel" class="auth-panel">
    <AuthHeading title="Welcome back" subtitle="Sign in to your Mint account" />
    {notice && !errors?.form ? <Alert tone="info">{notice}</Alert> : null}
    {errors?.form ? <Alert tone="error">{errors.form}</Alert> : null}
    <form
      method="post"
      action="/login"
      class="form"
      novalidate
      hx-post="/login"
      hx-target="#login-panel"
      hx-swap="outerHTML"
      hx-disable="find button"
    >
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field name="email" label="Email" type="email" autocomplete="email" value={email} error={errors?.fields.email} required autofocus placeholder="you@example.com" />
      <Field
        name="password"
        label="Password"
        type="password"
        autocomplete="current-password"
        error={errors?.fields.password}
        required
        aside={
          <a href="/forgot-password" class="field-link">
            Forgot password?
          </a>
        }
      />
      <Button block>Sign in</Button>
    </form>
    <p class="auth-switch">
      New to Mint? <a href="/register">Create an account</a>
    </p>
  </section>
);

export const LoginPage: FC<LoginProps> = (props) => (
  <AuthLayout title="Sign in">
    <LoginPanel {...props} />
  </AuthLayout>
);
