import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { AppError } from "../errors.ts";
import { createLogger } from "../log.ts";
import { buildRootApp, DEFAULT_RETRY_AFTER_S } from "./app.ts";

// A service that another depends on is down: whatever the route, the 503 says when to try again.

function appThrowing(err: unknown) {
  const routes = new Hono();
  routes.get("/x", () => {
    throw err;
  });
  return buildRootApp({
    service: "test",
    log: createLogger("test", "error"),
    trustedProxies: [],
    bodyLimitBytes: 1024,
    acceptedContentTypes: [],
    readiness: async () => ({ ok: true, checks: {} }),
    serviceApp: routes,
  });
}

describe("Retry-After on 503", () => {
  test("a downstream outage without a wait of its own gets the default", async () => {
    const res = await appThrowing(new AppError("UNAVAILABLE", "wallet is not reachable")).fetch(new Request("http://test/x"));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe(String(DEFAULT_RETRY_AFTER_S));
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  test("a wait the error names is kept", async () => {
    const res = await appThrowing(new AppError("UNAVAILABLE", "busy", { headers: { "Retry-After": "30" } })).fetch(new Request("http://test/x"));
    expect(res.headers.get("retry-after")).toBe("30");
  });

  test("other statuses are left alone", async () => {
    const res = await appThrowing(new AppError("DEADLINE_EXCEEDED", "too slow")).fetch(new Request("http://test/x"));
    expect(res.status).toBe(504);
    expect(res.headers.get("retry-after")).toBeNull();
  });
});
