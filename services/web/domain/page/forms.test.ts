import { describe, expect, test } from "bun:test";
import { passwordProblem, validateForgotPassword, validateLogin, validateRegister, validateResetPassword } from "./forms.ts";

test("passwordProblem mirrors the auth policy", () => {
  expect(passwordProblem("short1")).toBe("Use at least 8 characters.");
  expect(passwordProblem("a1".repeat(65))).toBe("Use at most 128 characters.");
  expect(passwordProblem("12345678")).toBe("Include at least one letter.");
  expect(passwordProblem("abcdefgh")).toBe("Include at least one digit.");
  expect(passwordProblem("abcdefg1")).toBeUndefined();
  expect(passwordProblem("pässwört1")).toBeUndefined();
});

describe("validateLogin", () => {
  test("ok", () => {
    const r = validateLogin({ email: "  ada@example.com ", password: "x" });
    expect(r.value).toEqual({ email: "ada@example.com", password: "x" });
    expect(r.errors).toEqual({ fields: {} });
  });
  test("missing fields", () => {
    expect(validateLogin({}).errors.fields).toEqual({ email: "Enter your e-mail address.", password: "Enter your password." });
    expect(validateLogin({ email: "ada", password: "x" }).errors.fields).toEqual({ email: "Enter a valid e-mail address." });
  });
});

describe("validateRegister", () => {
  const good = { name: " Ada   Lovelace ", email: "ada@example.com", password: "analytical1", confirm_password: "analytical1" };
  test("ok and normalised", () => {
    const r = validateRegister(good);
    expect(r.value).toEqual({ name: "Ada Lovelace", email: "ada@example.com", password: "analytical1" });
    expect(r.errors.fields).toEqual({});
  });
  test("every rule", () => {
    const r = validateRegister({ name: "A", email: "nope", password: "short", confirm_password: "other" });
    expect(r.errors.fields).toEqual({
      name: "Enter at least 2 characters.",
      email: "Enter a valid e-mail address.",
      password: "Use at least 8 characters.",
      confirm_password: "Passwords don't match.",
    });
    expect(validateRegister({ ...good, confirm_password: "" }).errors.fields).toEqual({ confirm_password: "Repeat your password." });
  });
});

test("validateForgotPassword", () => {
  expect(validateForgotPassword({ email: "a@b.co" }).errors.fields).toEqual({});
  expect(validateForgotPassword({ email: "" }).errors.fields).toEqual({ email: "Enter your e-mail address." });
});

test("validateResetPassword", () => {
  expect(validateResetPassword({ token: "t", password: "abcdefg1", confirm_password: "abcdefg1" }).errors.fields).toEqual({});
  expect(validateResetPassword({ token: "t", password: "abcdefg1", confirm_password: "abcdefg2" }).errors.fields).toEqual({
    confirm_password: "Passwords don't match.",
  });
});
