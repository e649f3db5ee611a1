import { describe, expect, test } from "bun:test";
import { csrfDecision, originOf } from "./csrf.ts";

const allowedOrigins = ["http://localhost:8080", "http://127.0.0.1:3000/"];
const check = (method: string, origin?: string, secFetchSite?: string) =>
  csrfDecision({ method, origin, secFetchSite, allowedOrigins }).allow;

describe("csrfDecision", () => {
  test("safe methods always pass", () => {
    expect(check("GET")).toBe(true);
    expect(check("HEAD", "https://evil.example")).toBe(true);
    expect(check("OPTIONS")).toBe(true);
  });

  test("unsafe methods with a matching Origin pass", () => {
    expect(check("POST", "http://localhost:8080")).toBe(true);
    expect(check("DELETE", "http://127.0.0.1:3000")).toBe(true);
    expect(check("patch", "http://localhost:8080")).toBe(true);
  });

  test("unsafe methods with a foreign Origin fail", () => {
    expect(check("POST", "https://evil.example")).toBe(false);
    expect(check("POST", "http://localhost:8081")).toBe(false);
    expect(check("PUT", "https://localhost:8080")).toBe(false);
  });

  test("opaque or missing Origin fails unless the browser says same-origin", () => {
    expect(check("POST", "null")).toBe(false);
    expect(check("POST")).toBe(false);
    expect(check("POST", undefined, "same-origin")).toBe(true);
    expect(check("POST", undefined, "same-site")).toBe(false);
    expect(check("POST", undefined, "cross-site")).toBe(false);
  });

  test("gives a reason when refusing", () => {
    const d = csrfDecision({ method: "POST", origin: "https://evil.example", secFetchSite: undefined, allowedOrigins });
    expect(d).toEqual({ allow: false, reason: "Origin https://evil.example is not allowed" });
  });
});

test("originOf", () => {
  expect(originOf("http://localhost:8080/some/path?q=1")).toBe("http://localhost:8080");
  expect(originOf("HTTP://LOCALHOST:80")).toBe("http://localhost");
  expect(originOf("null")).toBeUndefined();
  expect(originOf("not a url")).toBeUndefined();
  expect(originOf(undefined)).toBeUndefined();
});
