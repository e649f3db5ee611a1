/** The settings forms checked before a round trip; the auth service has the final word. Pure. */
import { type FormInput, passwordProblem } from "../page/forms.ts";
import type { FormErrors } from "../page/problem.ts";

export const NAME_MIN = 2;
export const NAME_MAX = 100;

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

/** Spaces tidied, 2–100 characters (the same rule as at sign-up). */
export function readName(input: FormInput): Checked<string> & { typed: string } {
  const typed = input.name ?? "";
  const name = typed.trim().replace(/\s+/g, " ");
  const problem = name === "" ? "Enter your name." : name.length < NAME_MIN ? `Enter at least ${NAME_MIN} characters.` : name.length > NAME_MAX ? `Use at most ${NAME_MAX} characters.` : undefined;
  return problem ? { ok: false, errors: { fields: { name: problem } }, typed } : { ok: true, value: name, typed };
}

export function readPasswordChange(input: FormInput): Checked<{ current: string; next: string }> {
  const current = input.current_password ?? "";
  const next = input.password ?? "";
  const confirm = input.confirm_password ?? "";
  const fields: Record<string, string> = {};
  if (current === "") fields.current_password = "Enter your current password.";
  const policy = passwordProblem(next);
  if (next === "") fields.password = "Enter a new password.";
  else if (policy) fields.password = policy;
  else if (next === current) fields.password = "Choose a password different from your current one.";
  if (confirm === "") fields.confirm_password = "Repeat your new password.";
  else if (confirm !== next) fields.confirm_password = "Passwords don't match.";
  return Object.keys(fields).length > 0 ? { ok: false, errors: { fields } } : { ok: true, value: { current, next } };
}

/** A checkbox sends its value only when ticked. */
export const readEmailPreference = (input: FormInput): boolean => input.email_enabled === "on" || input.email_enabled === "true";
