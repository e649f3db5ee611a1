import { describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { blockedAddressReason } from "./addresses.ts";
import { ALL_EVENTS, normaliseSubscription, subscribesTo, isSubscribable } from "./event-types.ts";
import { decideAfterAttempt, DISABLE_AFTER_FAILING_MS, MAX_ATTEMPTS, RETRY_DELAYS_MS, retryDelayMs } from "./schedule.ts";
import { createSecretBox } from "./secret-box.ts";
import { generateSecret, sign, signedHeaders } from "./signature.ts";
import { checkResolvedAddresses, parseTargetUrl, pinnedRequestUrl } from "./target-url.ts";
import { visibleData } from "./visible-data.ts";

describe("address guard", () => {
  const refused: [string, string][] = [
    ["0.0.0.0", "this"],
    ["0.1.2.3", "this"],
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["100.64.0.1", "carrier-grade"],
    ["100.127.255.254", "carrier-grade"],
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["169.254.169.254", "link-local"],
    ["169.254.0.1", "link-local"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.0.0.8", "IETF"],
    ["192.0.2.1", "documentation"],
    ["192.168.1.1", "private"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.1", "benchmarking"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:169.254.169.254", "link-local"],
    ["::ffff:10.1.2.3", "private"],
    ["::127.0.0.1", "IPv4-compatible"],
    ["64:ff9b::a9fe:a9fe", "NAT64"],
    ["64:ff9b:1::1", "NAT64"],
    ["fc00::1", "unique local"],
    ["fd12:3456:789a::1", "unique local"],
    ["fe80::1", "link-local"],
    ["febf::1", "link-local"],
    ["fec0::1", "site-local"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["2001::1", "IETF"],
    ["2002:7f00:1::1", "6to4"],
    ["100::1", "not global"],
    ["[::1]", "loopback"],
    ["fe80::1%eth0", "not an IP"],
    ["localhost", "not an IP"],
    ["1.2.3", "not an IP"],
    ["1.2.3.256", "not an IP"],
    ["1::2::3", "not an IP"],
  ];
  test.each(refused)("%s is refused (%s)", (address, why) => {
    expect(blockedAddressReason(address)).toContain(why);
  });

  const allowed = ["1.1.1.1", "8.8.8.8", "93.184.216.34", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0", "192.169.0.1", "198.20.0.1", "223.255.255.255", "2606:4700:4700::1111", "2a00:1450:4001:81c::200e", "::ffff:8.8.8.8"];
  test.each(allowed)("%s is public", (address) => {
    expect(blockedAddressReason(address)).toBeNull();
  });
});

describe("target URL policy", () => {
  const strict = { allowPrivateTargets: false };
  const local = { allowPrivateTargets: true };

  test.each([
    ["http://example.com/hook", "HTTPS"],
    ["ftp://example.com/hook", "HTTPS"],
    ["example.com/hook", "Invalid URL"],
    ["https://", "Invalid URL"],
    ["https://user:pw@example.com/hook", "credentials"],
    ["https://example.com/hook#frag", "fragment"],
    ["https://example.com:22/hook", "port"],
    ["https://127.0.0.1/hook", "loopback"],
    ["https://2130706433/hook", "loopback"],
    ["https://0x7f.1/hook", "loopback"],
    ["https://[::1]/hook", "loopback"],
    ["https://[::ffff:169.254.169.254]/latest/meta-data", "link-local"],
    ["https://169.254.169.254/latest/meta-data", "link-local"],
    ["https://10.0.0.5/hook", "private"],
    ["https://100.64.1.1/hook", "carrier-grade"],
    ["https://[fd00::1]/hook", "unique local"],
    [`https://example.com/${"a".repeat(2048)}`, "at most"],
  ])("%s is refused when private targets are not allowed", (raw, why) => {
    const r = parseTargetUrl(raw, strict);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(why);
  });

  test("public HTTPS URLs with a path, query and unprivileged port pass", () => {
    for (const raw of ["https://example.com/hooks?x=1", "https://hooks.example.com:8443/a/b", "https://93.184.216.34/x", "https://[2606:4700:4700::1111]/x"]) {
      expect(parseTargetUrl(raw, strict).ok).toBe(true);
    }
  });

  test("with private targets allowed, http and local addresses pass (development and tests)", () => {
    expect(parseTargetUrl("http://127.0.0.1:8080/hook", local).ok).toBe(true);
    expect(parseTargetUrl("http://localhost:8080/hook", local).ok).toBe(true);
    expect(parseTargetUrl("ftp://127.0.0.1/hook", local).ok).toBe(false);
  });

  test("a host is refused when any of its addresses is not public", () => {
    expect(checkResolvedAddresses("evil.example", ["93.184.216.34", "127.0.0.1"], strict)).toMatchObject({ ok: false });
    expect(checkResolvedAddresses("evil.example", ["169.254.169.254"], strict)).toMatchObject({ ok: false, reason: expect.stringContaining("169.254.169.254") });
    expect(checkResolvedAddresses("none.example", [], strict)).toMatchObject({ ok: false, reason: expect.stringContaining("does not resolve") });
    expect(checkResolvedAddresses("good.example", ["93.184.216.34", "2606:4700::1"], strict)).toEqual({ ok: true, value: "93.184.216.34" });
    expect(checkResolvedAddresses("localhost", ["127.0.0.1"], local)).toEqual({ ok: true, value: "127.0.0.1" });
  });

  test("the request goes to the checked address and keeps the host name for Host", () => {
    const target = parseTargetUrl("https://hooks.example.com:8443/a?b=1", strict);
    if (!target.ok) throw new Error(target.reason);
    expect(pinnedRequestUrl(target.value, "93.184.216.34")).toEqual({ url: "https://93.184.216.34:8443/a?b=1", hostHeader: "hooks.example.com:8443" });
    expect(pinnedRequestUrl(target.value, "2606:4700::1").url).toBe("https://[2606:4700::1]:8443/a?b=1");
    expect(target.value.hostname).toBe("hooks.example.com");
  });
});

describe("retry schedule", () => {
  test("5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then give up (8 attempts in all)", () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, middle))).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(retryDelayMs(8, middle)).toBeNull();
    expect(MAX_ATTEMPTS).toBe(8);
  });

  test("jitter stays within ±10 % of each step", () => {
    RETRY_DELAYS_MS.forEach((base, i) => {
      expect(retryDelayMs(i + 1, () => 0)).toBe(Math.round(base * 0.9));
      expect(retryDelayMs(i + 1, () => 0.999999)).toBeLessThanOrEqual(Math.round(base * 1.1));
      expect(retryDelayMs(i + 1, () => 0.999999)).toBeGreaterThan(base);
    });
  });

  test("refuses nonsense attempt counts", () => {
    expect(() => retryDelayMs(0, Math.random)).toThrow();
    expect(() => retryDelayMs(1.5, Math.random)).toThrow();
  });

  const now = new Date("2026-03-01T12:00:00Z");
  const base = { runAttempts: 1, failingSince: now, now, random: () => 0.5 };
  test.each([200, 201, 204, 299])("%i is a success", (status) => {
    expect(decideAfterAttempt({ ...base, result: { kind: "response", status } })).toEqual({ outcome: "succeeded" });
  });
  test.each([301, 302, 307, 400, 404, 429, 500, 503])("%i is retried (redirects are not followed)", (status) => {
    expect(decideAfterAttempt({ ...base, result: { kind: "response", status } })).toEqual({ outcome: "retry", nextAttemptAt: new Date(now.getTime() + 5_000) });
  });
  test("410 disables the endpoint at once", () => {
    expect(decideAfterAttempt({ ...base, result: { kind: "response", status: 410 } })).toEqual({ outcome: "failed", disableEndpoint: "GONE" });
  });
  test("a network error is retried; the last attempt gives up", () => {
    expect(decideAfterAttempt({ ...base, runAttempts: 3, result: { kind: "error" } })).toEqual({ outcome: "retry", nextAttemptAt: new Date(now.getTime() + 1_800_000) });
    expect(decideAfterAttempt({ ...base, runAttempts: 8, result: { kind: "error" } })).toEqual({ outcome: "failed", disableEndpoint: null });
  });
  test("five days of failures without a success disable the endpoint", () => {
    const since = new Date(now.getTime() - DISABLE_AFTER_FAILING_MS);
    expect(decideAfterAttempt({ ...base, failingSince: since, result: { kind: "response", status: 500 } })).toEqual({ outcome: "failed", disableEndpoint: "FAILING" });
    const almost = new Date(now.getTime() - DISABLE_AFTER_FAILING_MS + 1);
    expect(decideAfterAttempt({ ...base, failingSince: almost, result: { kind: "response", status: 500 } }).outcome).toBe("retry");
  });
});

describe("Standard Webhooks signatures", () => {
  test("reproduce the specification's test vector", () => {
    expect(sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}')).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  test("during a rotation every secret signs, space-separated", () => {
    const a = generateSecret();
    const b = generateSecret();
    const headers = signedHeaders([a, b], "msg_1", 1700000000, "{}");
    expect(headers["webhook-id"]).toBe("msg_1");
    expect(headers["webhook-timestamp"]).toBe("1700000000");
    const expected = (secret: string) => "v1," + createHmac("sha256", Buffer.from(secret.slice(6), "base64")).update("msg_1.1700000000.{}").digest("base64");
    expect(headers["webhook-signature"]).toBe(`${expected(a)} ${expected(b)}`);
  });

  test("secrets are whsec_ + base64 of 32 random bytes", () => {
    const s = generateSecret();
    expect(s).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(s.slice(6), "base64")).toHaveLength(32);
    expect(generateSecret()).not.toBe(s);
  });
});

describe("secrets at rest", () => {
  const box = createSecretBox("a-master-key-for-tests-only-0123456789");
  test("round-trips, and every seal differs", () => {
    const sealed = box.seal("whsec_abc", "endpoint-1");
    expect(sealed).not.toContain("whsec_abc");
    expect(box.open(sealed, "endpoint-1")).toBe("whsec_abc");
    expect(box.seal("whsec_abc", "endpoint-1")).not.toBe(sealed);
  });
  test("a ciphertext moved to another endpoint, altered, or opened with another key does not decrypt", () => {
    const sealed = box.seal("whsec_abc", "endpoint-1");
    expect(() => box.open(sealed, "endpoint-2")).toThrow();
    const parts = sealed.split(".");
    parts[2] = Buffer.from("whsec_xyz").toString("base64url");
    expect(() => box.open(parts.join("."), "endpoint-1")).toThrow();
    expect(() => createSecretBox("another-master-key-0123456789abcdef").open(sealed, "endpoint-1")).toThrow();
  });
});

describe("subscriptions", () => {
  test("only the types this service delivers, or *", () => {
    expect(isSubscribable("transaction.completed")).toBe(true);
    expect(isSubscribable(ALL_EVENTS)).toBe(true);
    expect(isSubscribable("auth.user_registered")).toBe(false);
    expect(isSubscribable("transaction.Completed")).toBe(false);
  });
  test("normalised: sorted, unique, * absorbs the rest", () => {
    expect(normaliseSubscription(["transaction.failed", "transaction.completed", "transaction.failed"])).toEqual(["transaction.completed", "transaction.failed"]);
    expect(normaliseSubscription(["transaction.failed", "*"])).toEqual(["*"]);
    expect(subscribesTo(["*"], "wallet.frozen")).toBe(true);
    expect(subscribesTo(["transaction.completed"], "transaction.failed")).toBe(false);
  });
});

describe("what each party's endpoints receive of an event", () => {
  const sender = "0190a0b0-0000-7000-8000-000000000001";
  const recipient = "0190a0b0-0000-7000-8000-000000000002";
  const completed = { transactionId: "t", senderId: sender, recipientId: recipient, amount: 500, fraudDecision: "ALLOW", fraudScore: 30, description: "Lunch" };

  test("the sender gets all of it; the recipient not the sender's fraud screening", () => {
    expect(visibleData("transaction.completed", completed, sender)).toEqual(completed);
    const { fraudDecision: _d, fraudScore: _s, ...rest } = completed;
    expect(visibleData("transaction.completed", completed, recipient)).toEqual(rest);
  });

  test("a cancellation's reason and a reversal's operator stay with the sender", () => {
    expect(visibleData("transaction.cancelled", { senderId: sender, recipientId: recipient, reason: "Blocked by reviewer: stolen card" }, recipient)).toEqual({ senderId: sender, recipientId: recipient });
    expect(visibleData("transaction.reversed", { senderId: sender, recipientId: recipient, reason: "Duplicate", reversedBy: "admin", forced: false }, recipient)).toEqual({ senderId: sender, recipientId: recipient, reason: "Duplicate", forced: false });
    expect(visibleData("transaction.cancelled", { senderId: sender, reason: "x" }, sender)).toEqual({ senderId: sender, reason: "x" });
  });

  test("other events pass unchanged", () => {
    const balance = { userId: recipient, balance: 100 };
    expect(visibleData("wallet.balance_changed", balance, recipient)).toBe(balance);
  });
});
