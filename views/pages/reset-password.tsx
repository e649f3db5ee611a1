import type { FC } from "hono/jsx";
import { Alert } from "../components/alert.tsx";
import { Button, LinkButton } from "../components/button.tsx";
import { NewPasswordFields } from "../components/new-password-fields.tsx";
import { Icon } from "../components/icons.tsx";
import { AuthHeading, AuthLayout } from "../layouts/auth.tsx";
import type { FormErrors } from "../types.ts";

export type ResetPasswordProps =
  | { state: "form"; token: string; errors?: FormErrors; linkExpired?: boolean }
  | { state: "invalid-link" }
  | { state: "done" };

export const ResetPasswordPanel: FC<ResetPasswordProps> = (props) => {
  if (props.state === "invalid-link") {
    return (
      <section id="reset-panel" class="auth-panel auth-panel-center">
        <span class="panel-icon panel-icon-error">
          <Icon name="alert" />
        </span>
        <AuthHeading title="Invalid link" />
        <p class="panel-text">This password reset link is missing its token or is incomplete. Request a new one and use the link from the e-mail.</p>
        <LinkButton href="/forgot-password" block>
          Request a new link
        </LinkButton>
        <p class="auth-switch">
          <a href="/login">Back to sign in</a>
        </p>
      </section>
    );
  }
  if (props.state === "done") {
    return (
      <section id="reset-panel" class="auth-panel auth-panel-center">
        <span class="panel-icon panel-icon-success">
          <Icon name="checkCircle" />
        </span>
        <AuthHeading title="Password updated" />
        <p class="panel-text" role="status">
          Your password has been reset. Sign in with your new password.
        </p>
        <LinkButton href="/login" block>
          Sign in
        </LinkButton>
      </section>
    );
  }
  const { token, errors, linkExpired } = props;
  return (
    <section id="reset-panel" class="auth-panel">
      <AuthHeading title="Choose a new password" subtitle="Pick something you haven't used here before." />
      {linkExpired ? (
        <Alert tone="error" title="This reset link is invalid or has expired.">
          <a href="/forgot-password">Request a new link</a> and try again.
        </Alert>
      ) : errors?.form ? (
        <Alert tone="error">{errors.form}</Alert>
      ) : null}
      <form
        method="post"
        action="/reset-password"
        class="form"
        novalidate
        hx-post="/reset-password"
        hx-target="#reset-panel"
        hx-swap="outerHTML"
        hx-disable="find button"
      >
        <input type="hidden" name="token" value={token} />
        <NewPasswordFields label="New password" confirmLabel="Confirm new password" errors={errors?.fields} autofocus />
        <Button block>Reset password</Button>
      </form>
      <p class="auth-switch">
        <a href="/login">Back to sign in</a>
      </p>
    </section>
  );
};

export const ResetPasswordPage: FC<ResetPasswordProps> = (props) => (
  <AuthLayout title="Reset password">
    <ResetPasswordPanel {...props} />
  </AuthLayout>
);
