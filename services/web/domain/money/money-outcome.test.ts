import { describe, expect, test } from "bun:test";
import { moneyOutcome, type MoneyContext } from "./money-outcome.ts";
import type { Problem } from "../page/problem.ts";

const send: MoneyContext = { kind: "transfer", amountCents: 1234, recipient: "Ada Lovelace" };
const deposit: MoneyContext = { kind: "deposit", amountCents: 5000 };
const fail = (status: number, problem: Partial<Problem>) => ({ ok: false as const, status, problem: { status, ...problem } });

describe("outcomes as they are", () => {
  test("completed, and a replay says it was already done, not done again", () => {
    expect(moneyOutcome({ ok: true, status: 201, replayed: false }, send)).toEqual({ kind: "completed", replayed: false, message: "Sent $12.34 to Ada Lovelace." });
    expect(moneyOutcome({ ok: true, status: 201, replayed: false }, deposit)).toMatchObject({ kind: "completed", message: "Deposited $50.00 into your wallet." });
    const again = moneyOutcome({ ok: true, status: 201, replayed: true }, send);
    expect(again).toMatchObject({ kind: "completed", replayed: true });
    if (again.kind === "completed") expect(again.message).toStartWith("Already sent: $12.34 to Ada Lovelace went through when this form was first sent.");
    const depositAgain = moneyOutcome({ ok: true, status: 201, replayed: true }, deposit);
    if (depositAgain.kind === "completed") expect(depositAgain.message).toContain("Nothing was added twice");
  });

  test("held for review says what it means", () => {
    const held = moneyOutcome({ ok: true, status: 202, replayed: false }, send);
    expect(held.kind).toBe("held");
    if (held.kind === "held") {
      expect(held.message).toContain("held for review");
      expect(held.message).toContain("reserved in your wallet");
      expect(held.message).toContain("a reviewer");
      expect(held.message).toContain("notification");
    }
  });

  test("a limit breach names the limit, what is used and what is left", () => {
    const daily = moneyOutcome(fail(422, { code: "LIMIT_EXCEEDED", detail: "x", extensions: { window: "DAILY", limit: 200_000, used: 190_000, remaining: 10_000, resetsAt: "2030-01-02T00:00:00.000Z" } }), send);
    expect(daily).toEqual({
      kind: "refused",
      keepKey: false,
      status: 422,
      errors: { fields: { amount: "That's over your daily transfer limit of $2,000.00: you've used $1,900.00 today and $100.00 is left (it starts again at midnight UTC)." } },
    });
    const perTxn = moneyOutcome(fail(422, { code: "LIMIT_EXCEEDED", extensions: { window: "PER_TRANSACTION", limit: 5_000, used: 0, remaining: 5_000, resetsAt: null } }), deposit);
    expect(perTxn.kind === "refused" && perTxn.errors.fields.amount).toBe("That's over your deposit limit of $50.00 per transaction. Deposit at most $50.00 at a time.");
    const monthly = moneyOutcome(fail(422, { code: "LIMIT_EXCEEDED", extensions: { window: "MONTHLY", limit: 1_000, used: 1_000, remaining: 0, resetsAt: "x" } }), send);
    expect(monthly.kind === "refused" && monthly.errors.fields.amount).toContain("monthly transfer limit of $10.00: you've used $10.00 this month and nothing is left");
  });

  test("declined, frozen, short of funds, unknown recipient", () => {
    const declined = moneyOutcome(fail(403, { code: "PERMISSION_DENIED", detail: "Transaction blocked" }), send);
    expect(declined).toMatchObject({ kind: "refused", status: 403, keepKey: false, errors: { fields: {}, form: expect.stringContaining("Declined by fraud screening") } });
    expect(moneyOutcome(fail(409, { code: "FROZEN", detail: "Your wallet is frozen" }), send)).toMatchObject({ errors: { form: expect.stringContaining("Your wallet is frozen") } });
    expect(moneyOutcome(fail(409, { code: "FROZEN", detail: "The recipient's wallet is frozen", errors: [{ field: "recipientId", message: "wallet is frozen" }] }), send)).toMatchObject({
      errors: { fields: { recipient: expect.stringContaining("This person's wallet is frozen") } },
    });
    expect(moneyOutcome(fail(422, { code: "INSUFFICIENT_FUNDS" }), send)).toMatchObject({ errors: { fields: { amount: expect.stringContaining("enough available money") } } });
    expect(moneyOutcome(fail(404, { code: "NOT_FOUND", errors: [{ field: "recipientId", message: "no such user" }] }), send)).toMatchObject({ status: 404, errors: { fields: { recipient: expect.any(String) } } });
  });

  test("the key is kept only when nothing was recorded under it", () => {
    const keep = (status: number, p: Partial<Problem>) => {
      const o = moneyOutcome(fail(status, p), send);
      return o.kind === "refused" && o.keepKey;
    };
    expect(keep(503, { code: "UNAVAILABLE" })).toBe(true);
    expect(keep(504, { code: "DEADLINE_EXCEEDED", extensions: { transactionId: "t" } })).toBe(true);
    expect(keep(0, {})).toBe(true);
    expect(keep(409, { code: "CONFLICT", errors: [{ field: "Idempotency-Key", message: "in use" }] })).toBe(true);
    expect(keep(400, { code: "INVALID_ARGUMENT", errors: [{ field: "description", message: "must not contain control characters" }] })).toBe(true);
    expect(keep(422, { code: "LIMIT_EXCEEDED" })).toBe(false);
    expect(keep(403, { code: "PERMISSION_DENIED" })).toBe(false);
    expect(keep(422, { code: "INVALID_ARGUMENT", errors: [{ field: "Idempotency-Key", message: "already used" }] })).toBe(false);
  });

  test("an API field error lands next to the form's field", () => {
    const o = moneyOutcome(fail(400, { code: "INVALID_ARGUMENT", errors: [{ field: "description", message: "must not contain control characters" }] }), send);
    expect(o).toMatchObject({ status: 422, errors: { fields: { note: "Note must not contain control characters." } } });
    const pending = moneyOutcome(fail(503, { code: "UNAVAILABLE", extensions: { transactionId: "t1" } }), send);
    expect(pending.kind === "refused" && pending.errors.form).toContain("still confirming");
  });
});
