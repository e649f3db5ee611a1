import { describe, expect, test } from "bun:test";
import { answerToast, payShareToast, requestFormErrors, splitFormErrors } from "./social-outcomes.ts";

const ok = (status: number, replayed = false) => ({ ok: true as const, status, data: {}, headers: new Headers(replayed ? { "Idempotent-Replayed": "true" } : {}) });
const fail = (status: number, problem: Record<string, unknown> = {}) => ({ ok: false as const, status, problem: { status, ...problem } });
const ctx = { name: "Ann", amountCents: 1_250 };

describe("answering a request", () => {
  test("Pay says the payment is being made, never that it was sent", () => {
    const t = answerToast("accept", ok(201), ctx);
    expect(t).toEqual({ kind: "info", message: "Paying Ann $12.50… The request shows Paid once the payment completes, or why it failed." });
    expect(t.message).not.toMatch(/sent/i);
  });

  test("decline, cancel; a request already answered, gone, or Mint unreachable", () => {
    expect(answerToast("decline", ok(201), ctx).message).toBe("Declined Ann's request for $12.50.");
    expect(answerToast("cancel", ok(200), ctx).message).toBe("Cancelled your request to Ann for $12.50.");
    expect(answerToast("accept", fail(409, { code: "FAILED_PRECONDITION", extensions: { requestStatus: "ACCEPTED" } }), ctx)).toEqual({ kind: "info", message: "This request is already accepted and being paid, so nothing changed." });
    expect(answerToast("decline", fail(404), ctx).message).toBe("This request no longer exists.");
    expect(answerToast("accept", fail(503), ctx).kind).toBe("error");
  });
});

describe("paying a share", () => {
  const share = { title: "Dinner", amountCents: 3_000, creator: "Cleo" };
  test("each answer of the pay endpoint as it is", () => {
    expect(payShareToast(ok(201), share)).toEqual({ kind: "success", message: "Paid your share ($30.00) of “Dinner” to Cleo." });
    expect(payShareToast(ok(200, true), share)).toEqual({ kind: "info", message: "Your share of “Dinner” was already paid. Nothing was paid again." });
    expect(payShareToast(ok(202), share).message).toStartWith("The payment of your share ($30.00) for “Dinner” is held for review.");
    expect(payShareToast(ok(202, true), share).message).toStartWith("Already submitted: ");
    expect(payShareToast(fail(409, { code: "CONFLICT" }), share).message).toBe("A payment of your share ($30.00) is already in progress. Check again in a moment: it can't pay twice.");
    expect(payShareToast(fail(422, { code: "INSUFFICIENT_FUNDS" }), share).message).toBe("You don't have enough available money to pay your share ($30.00). No money moved.");
    expect(payShareToast(fail(403, { code: "PERMISSION_DENIED" }), share).message).toStartWith("Declined by fraud screening");
  });
});

describe("refused forms", () => {
  test("request: the limit, the person and the note by their fields", () => {
    expect(requestFormErrors({ status: 422, code: "LIMIT_EXCEEDED", errors: [{ field: "amount", message: "exceeds the payer's per-transfer limit" }] }, "Ann")).toEqual({
      fields: { amount: "That's more than Ann can send in one transfer. Ask for less." },
    });
    expect(requestFormErrors({ status: 409, errors: [{ field: "recipientId", message: "account is not active" }] }, "Ann")).toEqual({ fields: { recipient: "Ann's account is not active." } });
    expect(requestFormErrors({ status: 400, detail: "Bad", errors: [{ field: "note", message: "must be at most 255 characters" }] }, "Ann")).toEqual({ fields: { note: "Note must be at most 255 characters." } });
    expect(requestFormErrors({ status: 503 }, "Ann").form).toContain("no request was sent");
  });

  test("split: the sum, a share, a participant by name", () => {
    expect(splitFormErrors({ status: 400, errors: [{ field: "participants", message: "shares add up to 899 cents but the total is 900 cents" }] }, () => "")).toEqual({
      fields: { shares: "Shares add up to 899 cents but the total is 900 cents." },
    });
    expect(splitFormErrors({ status: 400, errors: [{ field: "participants.1.amountCents", message: "must be at least 1" }] }, () => "")).toEqual({ fields: { p1_amount: "Share must be at least 1." } });
    expect(splitFormErrors({ status: 409, errors: [{ field: "participants.2.userId", message: "account is not active" }] }, (i) => ["a", "b", "Ben"][i]!)).toEqual({ fields: {}, form: "Ben: account is not active." });
  });
});
