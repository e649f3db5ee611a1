import type { FC } from "hono/jsx";
import { Field } from "./field.tsx";

/** A new password and its confirmation, with the policy the auth service enforces. */
export const NewPasswordFields: FC<{ label: string; confirmLabel: string; errors?: Record<string, string | undefined>; autofocus?: boolean }> = ({ label, confirmLabel, errors, autofocus }) => (
  <>
    <Field
      name="password"
      label={label}
      type="password"
      autocomplete="new-password"
      error={errors?.password}
      required
      minlength={8}
      maxlength={128}
      autofocus={autofocus}
      hint="At least 8 characters, with a letter and a digit."
    />
    <Field name="confirm_password" label={confirmLabel} type="password" autocomplete="new-password" error={errors?.confirm_password} required mustMatch="password" />
  </>
);
