import { describe, expect, test } from "bun:test";
import { escapeLike, normaliseEmail } from "./email.ts";
import { passwordProblem } from "./password-policy.ts";
import { decideRotation } from "./refresh-rotation.ts";
import { roleChangeRefusal } from "./roles.ts";
import { ACCOUNT_POLICY, delayAfterFailures } from "./throttle.ts";

describe("password policy", () => {
  test.each([
    ["short1", "at least 8"],
    ["allletters", "digit"],
    ["12345678", "letter"],
    ["a1".repeat(65), "at most 128"],
  ])("%p is refused (%s)", (pw, why) => {
    expect(passwordProblem(pw)).toContain(why);
  });
  test("accepts letters and digits, including non-ASCII letters", () => {
    expect(passwordProblem("passw0rd")).toBeNull();
    expect(passwordProblem("пароль12")).toBeNull();
    expect(passwordProblem("a1".repeat(64))).toBeNull();
  });
  test("counts characters, not UTF-16 units", () => {
    expect(passwordProblem("😀😀😀😀😀😀a1")).toBeNull();
  });
});

describe("e-mail helpers", () => {
  test("normalises case and surrounding space", () => {
    expect(normaliseEmail("  Ann@Example.COM ")).toBe("ann@example.com");
  });
  test("escapes LIKE wildcards and the escape character", () => {
    expect(escapeLike("a%b_c\\d")).toBe("a\\%b\\_c\\\\d");
  });
});

describe("login throttle", () => {
  test("free failures, then doubling delays up to the ceiling", () => {
    expect(delayAfterFailures(3, ACCOUNT_POLICY)).toBe(0);
    expect(delayAfterFailures(4, ACCOUNT_POLICY)).toBe(1_000);
    expect(delayAfterFailures(5, ACCOUNT_POLICY)).toBe(2_000);
    expect(delayAfterFailures(8, ACCOUNT_POLICY)).toBe(16_000);
    expect(delayAfterFailures(500, ACCOUNT_POLICY)).toBe(15 * 60_000);
  });
});

describe("refresh rotation", () => {
  const now = new Date("2026-01-01T00:00:10Z");
  const future = new Date("2026-02-01T00:00:00Z");
  test("fresh token rotates", () => {
    expect(decideRotation({ expiresAt: future, rotatedAt: null, revokedAt: null }, now, 5_000)).toBe("rotate");
  });
  test("re-use within grace gets a sibling, after grace revokes", () => {
    expect(decideRotation({ expiresAt: future, rotatedAt: new Date("2026-01-01T00:00:07Z"), revokedAt: null }, now, 5_000)).toBe("grace");
    expect(decideRotation({ expiresAt: future, rotatedAt: new Date("2026-01-01T00:00:01Z"), revokedAt: null }, now, 5_000)).toBe("reuse");
  });
  test("unknown, revoked or expired tokens are invalid", () => {
    expect(decideRotation(undefined, now, 5_000)).toBe("invalid");
    expect(decideRotation({ expiresAt: future, rotatedAt: null, revokedAt: now }, now, 5_000)).toBe("invalid");
    expect(decideRotation({ expiresAt: now, rotatedAt: null, revokedAt: null }, now, 5_000)).toBe("invalid");
  });
});

describe("role changes", () => {
  const base = { actorId: "a", actorRole: "ADMIN" as const, actorActive: true, targetId: "t", from: "USER" as const, to: "ADMIN" as const, otherActiveAdmins: 1 };
  test("an active admin may promote and demote others", () => {
    expect(roleChangeRefusal(base)).toBeNull();
    expect(roleChangeRefusal({ ...base, from: "ADMIN", to: "USER" })).toBeNull();
  });
  test("nobody changes their own role; only an active admin changes roles", () => {
    expect(roleChangeRefusal({ ...base, targetId: "a", from: "ADMIN", to: "USER" })?.code).toBe("FAILED_PRECONDITION");
    expect(roleChangeRefusal({ ...base, actorRole: "USER" })?.code).toBe("PERMISSION_DENIED");
    expect(roleChangeRefusal({ ...base, actorRole: null })?.code).toBe("PERMISSION_DENIED");
    expect(roleChangeRefusal({ ...base, actorActive: false })?.code).toBe("PERMISSION_DENIED");
  });
  test("the last active admin cannot be demoted", () => {
    expect(roleChangeRefusal({ ...base, from: "ADMIN", to: "USER", otherActiveAdmins: 0 })).toEqual({ code: "FAILED_PRECONDITION", message: "The last admin cannot be demoted" });
    expect(roleChangeRefusal({ ...base, from: "USER", to: "USER", otherActiveAdmins: 0 })).toBeNull();
  });
});
