import { ipThrottleKeys } from "../../services/auth/throttle-store.ts";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Redis from "ioredis";
import { freshEmail } from "../harness/auth.ts";
import { getInfra } from "../harness/infra.ts";
import { tokenFromMail, waitForMail } from "../harness/mail.ts";
import { startMesh, type Mesh } from "../harness/mesh.ts";

let mesh: Mesh;
beforeAll(async () => {
  mesh = await startMesh();
});
afterAll(() => mesh?.stop());

const api = (path: string, init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {}) =>
  fetch(`${mesh.gatewayUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

describe("through the gateway", () => {
  test("register → verify from the e-mail link → login → /me", async () => {
    const email = freshEmail("e2e");
    const registered = await api("/api/v1/auth/register", { body: { email, password: "gateway pass 1", name: "Gate Way" } });
    expect(registered.status).toBe(201);

    const mail = await waitForMail(email, "Verify your e-mail");
    const { url, token } = tokenFromMail(mail, "/verify-email");
    expect(url.startsWith(`${mesh.gatewayUrl}/verify-email?token=`)).toBe(true);
    expect((await api("/api/v1/auth/verify-email", { body: { token } })).status).toBe(200);

    const login = await api("/api/v1/auth/login", { body: { email, password: "gateway pass 1" } });
    expect(login.status).toBe(200);
    const { access_token } = (await login.json()) as { access_token: string };
    const me = await api("/api/v1/auth/me", { token: access_token });
    expect(await me.json()).toMatchObject({ email, name: "Gate Way", email_verified: true, role: "USER" });
  });

  test("every response carries a request id and the security headers", async () => {
    const res = await api("/healthz");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("server")).toBeNull();
    const kept = await api("/api/v1/auth/me", { headers: { "x-request-id": "client-chosen-id-123" } });
    expect(kept.headers.get("x-request-id")).toBe("client-chosen-id-123");
    expect(((await kept.json()) as { requestId: string }).requestId).toBe("client-chosen-id-123");
  });

  test("the JWKS is served at the root", async () => {
    const res = await api("/.well-known/jwks.json");
    expect(((await res.json()) as { keys: unknown[] }).keys.length).toBe(1);
  });

  test("errors at the edge are problem documents: unknown API route, oversized body, service not running", async () => {
    const unknown = await api("/api/v1/auth/no-such-thing");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/problem+json");
    // A path under /api that no service owns, posted as an API client would: 404, not the pages' 415.
    const stray = await fetch(`${mesh.gatewayUrl}/api/v1/admin/users`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(stray.status).toBe(404);
    expect(stray.headers.get("content-type")).toBe("application/problem+json");
    expect(((await stray.json()) as { code: string }).code).toBe("NOT_FOUND");

    const big = await fetch(`${mesh.gatewayUrl}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "x".repeat(2 * 1024 * 1024) }) });
    expect(big.status).toBe(413);
    expect(big.headers.get("content-type")).toBe("application/problem+json");

    const down = await api("/api/v1/wallet/");
    expect(down.status).toBe(503);
    expect(((await down.json()) as { code: string }).code).toBe("UNAVAILABLE");
  });

  test("a URL or headers longer than the services accept are refused with a problem document, never bare", async () => {
    const longUrl = await api(`/api/v1/auth/users/search?email=${"x".repeat(100_000)}`);
    expect(longUrl.status).toBe(414);
    expect(longUrl.headers.get("content-type")).toBe("application/problem+json");
    // A service's HTTP server refuses headers over 16 KiB with a bare 431, or may close the
    // connection while the gateway is still sending them (503): either way the client gets a problem document.
    const longHeader = await api("/api/v1/auth/me", { headers: { "x-long": "x".repeat(20_000) } });
    expect([431, 503]).toContain(longHeader.status);
    expect(longHeader.headers.get("content-type")).toBe("application/problem+json");
  });

  test("a client cannot choose the address the services see", async () => {
    // Many accounts, each attempt claiming a new address: if the gateway passed the claims on,
    // no single address would reach the per-IP limit.
    let status = 0;
    try {
      for (let i = 0; i < 25 && status !== 429; i++) {
        status = (await api("/api/v1/auth/login", { body: { email: `spoof${i}@example.com`, password: "wrong pass 1" }, headers: { "x-forwarded-for": `192.0.2.${i + 1}`, "x-real-ip": `192.0.2.${i + 1}` } })).status;
      }
      expect(status).toBe(429);
    } finally {
      const redis = new Redis((await getInfra()).redisUrl);
      await redis.del(...ipThrottleKeys("127.0.0.1"));
      redis.disconnect();
    }
  });

  test("pages are served by the web service with htmx from node_modules", async () => {
    const page = await api("/login");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Welcome back");
    const htmx = await api("/static/htmx.js");
    expect(htmx.status).toBe(200);
    expect(htmx.headers.get("content-type")).toContain("javascript");
  });
});
