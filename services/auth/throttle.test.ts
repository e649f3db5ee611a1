import { ipThrottleKeys } from "./throttle-store.ts";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { registerUser, startAuth, type RunningAuth } from "../../tests/harness/auth.ts";

let auth: RunningAuth;
beforeAll(async () => {
  auth = await startAuth();
});
afterAll(() => auth.stop());

const login = (email: string, password: string, ip: string) =>
  fetch(`${auth.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip },
    body: JSON.stringify({ email, password }),
  });

describe("login throttling", () => {
  test("after a few failures an account gets growing delays (429 + Retry-After), not a lock-out", async () => {
    const user = await registerUser(auth.url);
    for (let i = 0; i < 4; i++) expect((await login(user.email, "wrong pass 1", `203.0.113.${i + 1}`)).status).toBe(401);
    const blocked = await login(user.email, user.password, "203.0.113.50");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await blocked.json()) as any).code).toBe("RATE_LIMITED");
    await Bun.sleep(1_100);
    expect((await login(user.email, user.password, "203.0.113.51")).status).toBe(200);
  });

  test("one address trying many accounts is slowed down", async () => {
    const ip = "198.51.100.77";
    let status = 0;
    for (let i = 0; i < 25 && status !== 429; i++) status = (await login(`nobody${i}@example.com`, "wrong pass 1", ip)).status;
    expect(status).toBe(429);
    // Other addresses are unaffected.
    const user = await registerUser(auth.url);
    expect((await login(user.email, user.password, "198.51.100.78")).status).toBe(200);
  });

  test("forwarded addresses are believed only from a trusted proxy", async () => {
    // Many accounts, each attempt claiming a new address: a trusted peer's claims spread the
    // failures over many addresses; an untrusted peer's are ignored and all count against it.
    const spray = async (url: string, tag: string) => {
      let status = 0;
      for (let i = 0; i < 25 && status !== 429; i++) {
        const res = await fetch(`${url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": `192.0.2.${i + 1}` }, body: JSON.stringify({ email: `${tag}${i}@example.com`, password: "wrong pass 1" }) });
        status = res.status;
      }
      return status;
    };
    expect(await spray(auth.url, "trusted")).toBe(401);
    const untrusted = await startAuth({ TRUSTED_PROXIES: "10.255.255.1" });
    try {
      expect(await spray(untrusted.url, "untrusted")).toBe(429);
    } finally {
      // The real peer (loopback) is shared by every test in this run: leave it unthrottled.
      await untrusted.ctx.redis.del(...ipThrottleKeys("127.0.0.1"));
      await untrusted.stop();
    }
  });
});
