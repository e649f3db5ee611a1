import type { FC } from "hono/jsx";
import { Alert } from "../components/alert.tsx";
import { Button, LinkButton } from "../components/button.tsx";
import { Field } from "../components/field.tsx";
import { Icon } from "../components/icons.tsx";
import { AuthHeading, AuthLayout } from "../layouts/auth.tsx";
import type { FormErrors } from "../types.ts";

export interface ForgotPasswordProps {
  email?: string;
  errors?: FormErrors;
  /** After a successful submit: the same message whether or not the account exists. */
  sent?: boolean;
}

export const ForgotPasswordPanel: FC<ForgotPasswordProps> = ({ email, errors, sent }) =>
  sent ? (
    <section id="forgot-panel" class="auth-panel auth-panel-center">
      <span class="panel-icon panel-icon-success">
        <Icon name="mail" />
      </span>
      <AuthHeading title="Check your inbox" />
      <p class="panel-text" role="status">
        If an account exists, we've sent a reset link.
      </p>
      <p class="panel-text muted">
        {email ? (
          <>
            Look for an e-mail at <strong>{email}</strong>.{" "}
          </>
        ) : null}
        The link expires in 30 minutes.
      </p>
      <LinkButton href="/login" variant="secondary" block>
        Back to sign in
      </LinkButton>
    </section>
  ) : (
    <section id="forgot-panel" class="auth-panel">
      <AuthHeading title="Forgot your password?" subtitle="Enter the e-mail you signed up with and we'll send you a link to choose a new one." />
      {errors?.form ? <Alert tone="error">{errors.form}</Alert> : null}
      <form
        method="post"
        action="/forgot-password"
        class="form"
        novalidate
        hx-post="/forgot-password"
        hx-target="#forgot-panel"
        hx-swap="outerHTML"
        hx-disable="find button"
      >
        <Field name="email" label="Email" type="email" autocomplete="email" value={email} error={errors?.fields.email} required autofocus placeholder="you@example.com" />
        <Button block>Send reset link</Button>
      </form>
      <p class="auth-switch">
        Remembered it? <a href="/login">Back to sign in</a>
      </p>
    </section>
  );

export const ForgotPasswordPage: FC<ForgotPasswordProps> = (props) => (
  <AuthLayout title="Forgot password">
    <ForgotPasswordPanel {...props} />
  </AuthLayout>
);
