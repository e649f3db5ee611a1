import { expect, test } from "bun:test";
import { afterSignIn, homeFor, isAdminPath, safeNextPath } from "./navigation.ts";

test("homeFor", () => {
  expect(homeFor("USER")).toBe("/dashboard");
  expect(homeFor("ADMIN")).toBe("/app-admin/dashboard");
});

test("safeNextPath accepts local paths", () => {
  expect(safeNextPath("/wallet")).toBe("/wallet");
  expect(safeNextPath("/social?tab=requests")).toBe("/social?tab=requests");
});

test("safeNextPath rejects other hosts and junk", () => {
  for (const bad of ["//evil.example", "/\\evil.example", "https://evil.example", "evil", "/a\nb", "/a\\b", "", null, undefined]) {
    expect(safeNextPath(bad)).toBeUndefined();
  }
  expect(safeNextPath("/" + "a".repeat(600))).toBeUndefined();
});

test("isAdminPath", () => {
  expect(isAdminPath("/app-admin")).toBe(true);
  expect(isAdminPath("/app-admin/kyc")).toBe(true);
  expect(isAdminPath("/app-administrator")).toBe(false);
  expect(isAdminPath("/dashboard")).toBe(false);
});

test("afterSignIn keeps a next path that suits the role", () => {
  expect(afterSignIn("USER", "/wallet")).toBe("/wallet");
  expect(afterSignIn("USER", "/app-admin/kyc")).toBe("/dashboard");
  expect(afterSignIn("ADMIN", "/app-admin/kyc")).toBe("/app-admin/kyc");
  expect(afterSignIn("ADMIN", "/wallet")).toBe("/app-admin/dashboard");
  expect(afterSignIn("USER", "/login")).toBe("/dashboard");
  expect(afterSignIn("USER", "//evil.example")).toBe("/dashboard");
  expect(afterSignIn("USER", undefined)).toBe("/dashboard");
});
