import { describe, expect, test } from "bun:test";
import { paymentInFlight, pendingText, personName, requestStatus, requestTitle, shareStatus, shortDate, sinceMonth, splitStatus, type RequestLike } from "./social-view.ts";

const ann = { name: "Ann Lee", email: "ann@example.com" };
const req = (over: Partial<RequestLike> = {}): RequestLike & { amount: number } => ({ direction: "outgoing", status: "PENDING", counterparty: ann, failureCode: null, failureReason: null, amount: 1_250, ...over });

describe("people by name, never by id", () => {
  test("name, else e-mail, else a plain statement", () => {
    expect(personName(ann)).toBe("Ann Lee");
    expect(personName({ name: "  ", email: "x@example.com" })).toBe("x@example.com");
    expect(personName({ name: null, email: null })).toBe("Unknown user");
    expect(personName(undefined)).toBe("Unknown user");
  });
});

describe("dates in the reader's zone", () => {
  test("since the month, and a short date; UTC for an unknown zone", () => {
    expect(sinceMonth("2026-03-01T02:00:00Z", "America/Los_Angeles")).toBe("Since Feb 2026");
    expect(sinceMonth("2026-03-01T02:00:00Z", "Nowhere/Special")).toBe("Since Mar 2026");
    expect(shortDate("2026-03-03T12:00:00Z", undefined)).toBe("Mar 3, 2026");
  });
});

describe("request statuses follow what really happened", () => {
  test("an accepted request is being paid, not paid", () => {
    const s = requestStatus(req({ status: "ACCEPTED", direction: "incoming" }));
    expect(s).toMatchObject({ label: "Paying…", tone: "info" });
    expect(s.detail).not.toContain("sent");
    expect(requestStatus(req({ status: "ACCEPTED" })).detail).toBe("Ann Lee accepted; the payment is being made. This updates when it completes.");
  });

  test("paid and failed with the reason, from each side", () => {
    expect(requestStatus(req({ status: "PAID" }))).toMatchObject({ label: "Paid", tone: "success", detail: "Ann Lee paid you." });
    expect(requestStatus(req({ status: "PAID", direction: "incoming" })).detail).toBe("You paid Ann Lee.");
    expect(requestStatus(req({ status: "FAILED", failureCode: "INSUFFICIENT_FUNDS", failureReason: "Insufficient funds" }))).toMatchObject({
      label: "Payment failed",
      tone: "danger",
      detail: "There wasn't enough money in Ann Lee's wallet. No money moved.",
    });
    expect(requestStatus(req({ status: "FAILED", direction: "incoming", failureCode: "INSUFFICIENT_FUNDS" })).detail).toBe("There wasn't enough money in your wallet. No money moved.");
    expect(requestStatus(req({ status: "FAILED", failureCode: "SOMETHING_NEW", failureReason: "The wallet said no" })).detail).toBe("The wallet said no. No money moved.");
    expect(requestStatus(req({ status: "FAILED", failureCode: null, failureReason: null })).detail).toBe("The payment did not go through. No money moved.");
  });

  test("reversed, declined, cancelled, expired, and a state added later", () => {
    expect(requestStatus(req({ status: "REVERSED" }))).toMatchObject({ label: "Payment reversed", detail: "The payment from Ann Lee was reversed by Mint; the money went back to them." });
    expect(requestStatus(req({ status: "DECLINED" })).detail).toBe("Ann Lee declined this request.");
    expect(requestStatus(req({ status: "CANCELLED", direction: "incoming" })).detail).toBe("Ann Lee cancelled this request.");
    expect(requestStatus(req({ status: "EXPIRED" })).label).toBe("Expired");
    expect(requestStatus(req({ status: "ON_HOLD" }))).toEqual({ label: "On_hold", tone: "muted" });
  });

  test("titles name the other person and the amount", () => {
    expect(requestTitle(req())).toBe("You asked Ann Lee for $12.50");
    expect(requestTitle(req({ direction: "incoming" }))).toBe("Ann Lee asks you for $12.50");
  });
});

describe("badges and shares", () => {
  test("pending count, capped", () => {
    expect(pendingText(0)).toBe("");
    expect(pendingText(3)).toBe("3 pending");
    expect(pendingText(100)).toBe("99+ pending");
    expect(pendingText(99, true)).toBe("99+ pending");
  });

  test("a share is paid, held for review, or pending (again, after a reversal)", () => {
    expect(shareStatus({ status: "PAID", awaitingReview: false }).label).toBe("Paid");
    expect(shareStatus({ status: "PENDING", awaitingReview: true }).label).toBe("Held for review");
    expect(shareStatus({ status: "PENDING", awaitingReview: false }).label).toBe("Pending");
    expect(splitStatus("SETTLED").label).toBe("Settled");
    expect(splitStatus("OPEN").label).toBe("Open");
  });
});

describe("a payment in flight", () => {
  const now = new Date("2026-03-03T12:00:00Z");
  test("an accepted request is watched for two minutes; nothing else is", () => {
    expect(paymentInFlight([{ status: "ACCEPTED", acceptedAt: "2026-03-03T11:59:00Z" }], now)).toBe(true);
    expect(paymentInFlight([{ status: "ACCEPTED", acceptedAt: "2026-03-03T11:57:59Z" }], now)).toBe(false);
    expect(paymentInFlight([{ status: "PAID", acceptedAt: "2026-03-03T11:59:59Z" }, { status: "PENDING", acceptedAt: null }], now)).toBe(false);
  });
});
