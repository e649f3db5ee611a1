import { describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { ALL_EVENTS, normaliseSubscription, subscribesTo, isSubscribable } from "./event-types.ts";
import { decideAfterAttempt, DISABLE_AFTER_FAILING_MS, MAX_ATTEMPTS, RETRY_DELAYS_MS, retryDelayMs } from "./schedule.ts";
import { createSecretBox } from "./secret-box.ts";
import { generateSecret, sign, signedHeaders } from "./signature.ts";
import { visibleData } from "./visible-data.ts";

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
