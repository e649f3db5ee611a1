import type { FC } from "hono/jsx";
import { Alert } from "../components/alert.tsx";
import { Button } from "../components/button.tsx";
import { Field } from "../components/field.tsx";
import { NewPasswordFields } from "../components/new-password-fields.tsx";
import { AuthHeading, AuthLayout } from "../layouts/auth.tsx";
import type { FormErrors } from "../types.ts";

export interface RegisterProps {
  name?: string;
  email?: string;
  errors?: FormErrors;
}

export const RegisterPanel: FC<RegisterProps> = ({ name, email, errors }) => (
  <section id="register-panel" class="auth-panel">
    <AuthHeading title="Create your account" subtitle="Send, receive and track your money in minutes" />
    {errors?.form ? <Alert tone="error">{errors.form}</Alert> : null}
    <form
      method="post"
      action="/register"
      class="form"
      novalidate
      hx-post="/register"
      hx-target="#register-panel"
      hx-swap="outerHTML"
      hx-disable="find button"
    >
      <Field name="name" label="Full name" autocomplete="name" value={name} error={errors?.fields.name} required minlength={2} maxlength={100} autofocus placeholder="Ada Lovelace" />
      <Field name="email" label="Email" type="email" autocomplete="email" value={email} error={errors?.fields.email} required placeholder="you@example.com" />
      <NewPasswordFields label="Password" confirmLabel="Confirm password" errors={errors?.fields} />
      <Button block>Create account</Button>
    </form>
    <p class="auth-switch">
      Already have an account? <a href="/login">Sign in</a>
    </p>
  </section>
);

export const RegisterPage: FC<RegisterProps> = (props) => (
  <AuthLayout title="Create account">
    <RegisterPanel {...props} />
  </AuthLayout>
);
