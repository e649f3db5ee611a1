import type { FormErrors } from "./problem.ts";

/** Raw form input: every value as the browser sent it (missing fields are empty strings). */
export type FormInput = Record<string, string>;

export interface Validated<T> {
  value: T;
  errors: FormErrors;
}

// Deliberately simple: one "@", something on each side, a dot in the domain, no spaces. The auth
// service has the final word; this only catches typos before a round trip.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** The auth service's password policy: 8–128 characters with at least one letter and one digit. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  if (!/\p{L}/u.test(password)) return "Include at least one letter.";
  if (!/\p{Nd}/u.test(password)) return "Include at least one digit.";
  return undefined;
}

function emailProblem(email: string): string | undefined {
  if (email === "") return "Enter your e-mail address.";
  if (email.length > 254 || !EMAIL.test(email)) return "Enter a valid e-mail address.";
  return undefined;
}

const result = <T>(value: T, fields: Record<string, string | undefined>): Validated<T> => ({
  value,
  errors: {
    fields: Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined)),
  },
});

export function validateLogin(input: FormInput): Validated<{ email: string; password: string }> {
  const email = (input.email ?? "").trim();
  const password = input.password ?? "";
  return result({ email, password }, {
    email: emailProblem(email),
    password: password === "" ? "Enter your password." : undefined,
  });
}

export function validateRegister(input: FormInput): Validated<{ name: string; email: string; password: string }> {
  const name = (input.name ?? "").trim().replace(/\s+/g, " ");
  const email = (input.email ?? "").trim();
  const password = input.password ?? "";
  const confirm = input.confirm_password ?? "";
  return result({ name, email, password }, {
    name: name.length < 2 ? "Enter at least 2 characters." : name.length > 100 ? "Use at most 100 characters." : undefined,
    email: emailProblem(email),
    password: passwordProblem(password),
    confirm_password: confirm === "" ? "Repeat your password." : confirm !== password ? "Passwords don't match." : undefined,
  });
}

export function validateForgotPassword(input: FormInput): Validated<{ email: string }> {
  const email = (input.email ?? "").trim();
  return result({ email }, { email: emailProblem(email) });
}

export function validateResetPassword(input: FormInput): Validated<{ token: string; password: string }> {
  const token = (input.token ?? "").trim();
  const password = input.password ?? "";
  const confirm = input.confirm_password ?? "";
  return result({ token, password }, {
    password: passwordProblem(password),
    confirm_password: confirm === "" ? "Repeat your new password." : confirm !== password ? "Passwords don't match." : undefined,
  });
}
