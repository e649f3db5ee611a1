import { describe, expect, test } from "bun:test";
import { readEmailPreference, readName, readPasswordChange } from "./settings-forms.ts";

describe("name", () => {
  test("spaces are tidied; too short, too long and empty are named", () => {
    expect(readName({ name: "  Ada   King " })).toMatchObject({ ok: true, value: "Ada King" });
    expect(readName({ name: "" })).toMatchObject({ ok: false, errors: { fields: { name: "Enter your name." } } });
    expect(readName({ name: " A " })).toMatchObject({ ok: false, errors: { fields: { name: "Enter at least 2 characters." } } });
    expect(readName({ name: "n".repeat(101) })).toMatchObject({ ok: false, errors: { fields: { name: "Use at most 100 characters." } } });
    expect(readName({}).ok).toBe(false);
  });
});

describe("password change", () => {
  const ok = { current_password: "old-passw0rd", password: "new-passw0rd", confirm_password: "new-passw0rd" };
  test("a valid change", () => {
    expect(readPasswordChange(ok)).toEqual({ ok: true, value: { current: "old-passw0rd", next: "new-passw0rd" } });
  });
  test("each mistake on its field", () => {
    const fields = (v: Record<string, string>) => {
      const r = readPasswordChange({ ...ok, ...v });
      return r.ok ? {} : r.errors.fields;
    };
    expect(fields({ current_password: "" })).toEqual({ current_password: "Enter your current password." });
    expect(fields({ password: "short1", confirm_password: "short1" }).password).toContain("at least 8");
    expect(fields({ password: "nodigitshere", confirm_password: "nodigitshere" }).password).toContain("digit");
    expect(fields({ password: "old-passw0rd", confirm_password: "old-passw0rd" }).password).toContain("different");
    expect(fields({ confirm_password: "other-passw0rd" })).toEqual({ confirm_password: "Passwords don't match." });
    expect(fields({ confirm_password: "" })).toEqual({ confirm_password: "Repeat your new password." });
  });
});

test("the e-mail checkbox is on only when ticked", () => {
  const forms: Record<string, string>[] = [{ email_enabled: "on" }, { email_enabled: "true" }, {}, { email_enabled: "" }];
  expect(forms.map((f) => readEmailPreference(f))).toEqual([true, true, false, false]);
});
