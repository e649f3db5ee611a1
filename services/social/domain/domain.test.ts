import { describe, expect, test } from "bun:test";
import { decodeCursor, encodeCursor } from "../../../shared/query/keyset-cursor.ts";
import { derivedUuid, isUuid } from "../../../shared/ids.ts";
import { sharePaymentKey } from "./ids.ts";
import { expiryFrom, FRAUD_BLOCK_REASON, isExpired, judge, outcomeOfFailure, type RequestStatus } from "./request-lifecycle.ts";
import { attemptFromErrorCode, attemptFromTransaction } from "./share-payment.ts";
import { allPaid, shareIssues } from "./split-shares.ts";

const NOW = new Date("2030-06-14T12:00:00.000Z");
const later = new Date(NOW.getTime() + 3_600_000);
const earlier = new Date(NOW.getTime() - 1);

describe("share payment keys", () => {
  const split = "0190a0b0-0000-7000-8000-000000000001";
  const user = "0190a0b0-0000-7000-8000-000000000002";

  test("are version-5-shaped UUIDs, the same for the same split, participant and attempt", () => {
    const key = sharePaymentKey(split, user, 0);
    expect(isUuid(key)).toBe(true);
    expect(key[14]).toBe("5");
    expect("89ab").toContain(key[19]!);
    expect(sharePaymentKey(split.toUpperCase(), user.toUpperCase(), 0)).toBe(key);
  });

  test("differ by split, by participant and by attempt", () => {
    const other = "0190a0b0-0000-7000-8000-000000000003";
    const keys = new Set([sharePaymentKey(split, user, 0), sharePaymentKey(other, user, 0), sharePaymentKey(split, other, 0), sharePaymentKey(split, user, 1)]);
    expect(keys.size).toBe(4);
  });

  test("the pair cannot be shifted into another pair", () => {
    expect(derivedUuid("ns", "a:b")).not.toBe(derivedUuid("ns:a", "b"));
  });

  test("a negative or fractional attempt is a bug, not a key", () => {
    expect(() => sharePaymentKey(split, user, -1)).toThrow();
    expect(() => sharePaymentKey(split, user, 0.5)).toThrow();
  });
});

describe("money request lifecycle", () => {
  const pending = { status: "PENDING" as RequestStatus, expiresAt: later };

  test("the person asked accepts or declines; the requester cancels", () => {
    expect(judge("accept", "recipient", pending, NOW)).toEqual({ ok: true });
    expect(judge("decline", "recipient", pending, NOW)).toEqual({ ok: true });
    expect(judge("cancel", "requester", pending, NOW)).toEqual({ ok: true });
  });

  test("the wrong party is refused whatever the state", () => {
    for (const [action, role] of [["accept", "requester"], ["decline", "requester"], ["cancel", "recipient"]] as const) {
      const v = judge(action, role, { status: "DECLINED", expiresAt: later }, NOW);
      expect(v).toMatchObject({ ok: false, why: "not_allowed" });
    }
  });

  test("only a PENDING request can change, and the message names its state", () => {
    for (const status of ["ACCEPTED", "PAID", "FAILED", "REVERSED", "DECLINED", "CANCELLED", "EXPIRED"] as const) {
      expect(judge("accept", "recipient", { status, expiresAt: later }, NOW)).toEqual({ ok: false, why: "not_pending", message: `Request is ${status}, cannot accept` });
    }
  });

  test("the deadline holds to the millisecond, even before the sweep marks the request", () => {
    expect(isExpired({ status: "PENDING", expiresAt: NOW }, NOW)).toBe(true);
    expect(isExpired({ status: "PENDING", expiresAt: earlier }, NOW)).toBe(true);
    expect(isExpired({ status: "PENDING", expiresAt: later }, NOW)).toBe(false);
    expect(isExpired({ status: "DECLINED", expiresAt: earlier }, NOW)).toBe(false);
    expect(judge("accept", "recipient", { status: "PENDING", expiresAt: NOW }, NOW)).toMatchObject({ ok: false, why: "expired" });
  });

  test("expiry is the configured number of hours after creation", () => {
    expect(expiryFrom(NOW, 168).toISOString()).toBe("2030-06-21T12:00:00.000Z");
    expect(expiryFrom(NOW, 1).toISOString()).toBe("2030-06-14T13:00:00.000Z");
  });

  test("a failed payment keeps the transfer's code; a fraud block never says which rules fired", () => {
    expect(outcomeOfFailure({ type: "transaction.failed", code: "INSUFFICIENT_FUNDS", reason: "Insufficient funds" }, "t1")).toEqual({ kind: "failed", transactionId: "t1", code: "INSUFFICIENT_FUNDS", reason: "Insufficient funds" });
    expect(outcomeOfFailure({ type: "transaction.fraud_blocked" }, "t2")).toEqual({ kind: "failed", transactionId: "t2", code: "FRAUD_BLOCK", reason: FRAUD_BLOCK_REASON });
    expect(outcomeOfFailure({ type: "transaction.cancelled", reason: "Blocked by a reviewer" }, "t3")).toEqual({ kind: "failed", transactionId: "t3", code: "CANCELLED", reason: "Blocked by a reviewer" });
  });
});

describe("split shares", () => {
  const me = "creator";

  test("shares adding up to the total are accepted, the creator may hold one", () => {
    expect(shareIssues(me, 1_000, [{ userId: "a", amountCents: 600 }, { userId: "b", amountCents: 400 }])).toEqual([]);
    expect(shareIssues(me, 1_000, [{ userId: me, amountCents: 500 }, { userId: "b", amountCents: 500 }])).toEqual([]);
  });

  test("a sum off by one cent either way is refused, naming both numbers", () => {
    expect(shareIssues(me, 1_000, [{ userId: "a", amountCents: 999 }])).toEqual([{ field: "participants", message: "shares add up to 999 cents but the total is 1000 cents" }]);
    expect(shareIssues(me, 1_000, [{ userId: "a", amountCents: 1_001 }])[0]!.field).toBe("participants");
  });

  test("a participant listed twice (in any letter case) is refused at the duplicate", () => {
    const issues = shareIssues(me, 300, [{ userId: "a", amountCents: 100 }, { userId: "b", amountCents: 100 }, { userId: "A", amountCents: 100 }]);
    expect(issues).toEqual([{ field: "participants.2.userId", message: "duplicates participants.0.userId" }]);
  });

  test("a split owed only by its creator is refused", () => {
    expect(shareIssues(me, 100, [{ userId: me, amountCents: 100 }])).toEqual([{ field: "participants", message: "must include someone other than you" }]);
  });

  test("settled only when every share is paid", () => {
    expect(allPaid([{ status: "PAID" }, { status: "PAID" }])).toBe(true);
    expect(allPaid([{ status: "PAID" }, { status: "PENDING" }])).toBe(false);
    expect(allPaid([])).toBe(false);
  });
});

describe("share payment attempts", () => {
  test("a completed transaction pays the share, a held one waits, anything else is still open", () => {
    expect(attemptFromTransaction({ id: "t", status: "COMPLETED", statusReason: null })).toEqual({ kind: "paid", transactionId: "t" });
    expect(attemptFromTransaction({ id: "t", status: "PENDING", statusReason: "FRAUD_REVIEW" })).toEqual({ kind: "held", transactionId: "t" });
    expect(attemptFromTransaction({ id: "t", status: "PROCESSING", statusReason: null })).toEqual({ kind: "unknown" });
  });

  test("a transaction that ended without moving money was refused; a reversed one needs a new attempt", () => {
    expect(attemptFromTransaction({ id: "t", status: "FAILED", statusReason: "INSUFFICIENT_FUNDS" })).toEqual({ kind: "refused" });
    expect(attemptFromTransaction({ id: "t", status: "CANCELLED", statusReason: "REVIEW_BLOCKED" })).toEqual({ kind: "refused" });
    expect(attemptFromTransaction({ id: "t", status: "REVERSED", statusReason: "ADMIN_REVERSAL" })).toEqual({ kind: "reversed", transactionId: "t" });
  });

  test("refusals free the next attempt; an in-flight or unavailable call keeps the key", () => {
    for (const code of ["INSUFFICIENT_FUNDS", "LIMIT_EXCEEDED", "FROZEN", "PERMISSION_DENIED", "FAILED_PRECONDITION", "NOT_FOUND", "INVALID_ARGUMENT"]) {
      expect(attemptFromErrorCode(code)).toEqual({ kind: "refused" });
    }
    for (const code of ["CONFLICT", "UNAVAILABLE", "DEADLINE_EXCEEDED", "INTERNAL", "RATE_LIMITED"]) {
      expect(attemptFromErrorCode(code)).toEqual({ kind: "unknown" });
    }
  });
});

describe("list cursors", () => {
  test("round-trip, and anything else is not a cursor", () => {
    const c = { createdAt: new Date("2030-01-02T03:04:05.678Z"), id: "0190a0b0-0000-7000-8000-0000000000ab" };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor("not a cursor")).toBeNull();
    expect(decodeCursor(Buffer.from(JSON.stringify(["2030-01-02", c.id])).toString("base64url"))).toBeNull();
    expect(decodeCursor(Buffer.from(JSON.stringify([c.createdAt.toISOString(), "x"])).toString("base64url"))).toBeNull();
  });
});
