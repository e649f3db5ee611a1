import { describe, expect, test } from "bun:test";
import { TRANSACTION_STATUSES } from "../../../proto-like-schemas/transactions.ts";
import { decodeCursor, encodeCursor } from "../../../shared/query/keyset-cursor.ts";
import { canonicalJson, requestFingerprint } from "./fingerprint.ts";
import { checkDepositLimits, checkTransferLimits, describeBreach, nextUtcDayStart, nextUtcMonthStart, utcDayStart, utcMonthStart } from "./limits.ts";
import { formatCents } from "./money-format.ts";
import { actionFor, answerFor, planForceComplete, planResolution, REASONS, settlementState, walletRefusal, type AnswerFacts, type SettlementState, type TxnFacts } from "./outcome.ts";
import { timeRange } from "../../../shared/query/time-range.ts";
import { escapeLike } from "./like.ts";
import { assertTransition, canTransition, COUNTED_STATUSES, InvalidTransitionError, isTerminal, type Status } from "./state-machine.ts";

describe("state machine", () => {
  const allowed: [Status, Status][] = [
    ["PENDING", "PROCESSING"],
    ["PENDING", "COMPLETED"],
    ["PENDING", "FAILED"],
    ["PENDING", "CANCELLED"],
    ["PROCESSING", "COMPLETED"],
    ["PROCESSING", "FAILED"],
    ["COMPLETED", "REVERSED"],
  ];
  const all = TRANSACTION_STATUSES as readonly Status[];
  const pairs = all.flatMap((from) => all.map((to) => [from, to] as [Status, Status]));

  test.each(pairs)("%s → %s", (from, to) => {
    const expected = allowed.some(([f, t]) => f === from && t === to);
    expect(canTransition(from, to)).toBe(expected);
    if (expected) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow(InvalidTransitionError);
  });

  test.each([
    ["FAILED", true],
    ["CANCELLED", true],
    ["REVERSED", true],
    ["PENDING", false],
    ["PROCESSING", false],
    ["COMPLETED", false],
  ] as [Status, boolean][])("%s terminal: %p", (status, terminal) => {
    expect(isTerminal(status)).toBe(terminal);
  });

  test("the error names both ends and what is allowed", () => {
    expect(() => assertTransition("PROCESSING", "CANCELLED")).toThrow("cannot move from PROCESSING to CANCELLED. Allowed from PROCESSING: COMPLETED, FAILED");
    expect(() => assertTransition("REVERSED", "COMPLETED")).toThrow("none (terminal)");
  });

  test("failed, cancelled and reversed transactions give their allowance back", () => {
    expect([...COUNTED_STATUSES].sort()).toEqual(["COMPLETED", "PENDING", "PROCESSING"]);
  });
});

describe("UTC windows", () => {
  test.each([
    ["2026-03-15T23:59:59.999Z", "2026-03-15T00:00:00.000Z", "2026-03-01T00:00:00.000Z", "2026-03-16T00:00:00.000Z", "2026-04-01T00:00:00.000Z"],
    ["2026-03-16T00:00:00.000Z", "2026-03-16T00:00:00.000Z", "2026-03-01T00:00:00.000Z", "2026-03-17T00:00:00.000Z", "2026-04-01T00:00:00.000Z"],
    ["2026-12-31T12:00:00.000Z", "2026-12-31T00:00:00.000Z", "2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
    ["2028-02-29T05:00:00.000Z", "2028-02-29T00:00:00.000Z", "2028-02-01T00:00:00.000Z", "2028-03-01T00:00:00.000Z", "2028-03-01T00:00:00.000Z"],
  ])("%s → day %s, month %s, next day %s, next month %s", (now, day, month, nextDay, nextMonth) => {
    const d = new Date(now);
    expect(utcDayStart(d).toISOString()).toBe(day);
    expect(utcMonthStart(d).toISOString()).toBe(month);
    expect(nextUtcDayStart(d).toISOString()).toBe(nextDay);
    expect(nextUtcMonthStart(d).toISOString()).toBe(nextMonth);
  });

  test("an offset time is placed in its UTC day, not the local one", () => {
    expect(utcDayStart(new Date("2026-03-15T23:30:00-05:00")).toISOString()).toBe("2026-03-16T00:00:00.000Z");
  });
});

describe("transfer limits", () => {
  const basic = { perTxnCents: 50_000, dailyCents: 200_000, monthlyCents: 1_000_000, depositPerTxnCents: 50_000, depositDailyCents: 200_000 };
  const now = new Date("2026-03-15T10:00:00Z");

  test.each([
    ["fits exactly the daily limit", { day: 150_000, month: 150_000 }, 50_000, null],
    ["one cent over the daily limit", { day: 150_001, month: 150_001 }, 50_000, "DAILY"],
    ["per-transaction cap to the cent", { day: 0, month: 0 }, 50_000, null],
    ["one cent over the per-transaction cap", { day: 0, month: 0 }, 50_001, "PER_TRANSACTION"],
    ["monthly limit reached with room today", { day: 0, month: 999_999 }, 2, "MONTHLY"],
    ["monthly limit filled to the cent", { day: 0, month: 950_000 }, 50_000, null],
    ["per-transaction cap is checked before the windows", { day: 200_000, month: 1_000_000 }, 60_000, "PER_TRANSACTION"],
  ] as const)("%s", (_name, usage, amount, window) => {
    const breach = checkTransferLimits(basic, usage, amount, now);
    expect(breach?.window ?? null).toBe(window);
  });

  test("a breach reports limit, used and remaining", () => {
    const breach = checkTransferLimits(basic, { day: 199_999, month: 199_999 }, 2, now)!;
    expect(breach).toMatchObject({ kind: "transfer", window: "DAILY", limit: 200_000, used: 199_999, remaining: 1 });
    expect(breach.resetsAt!.toISOString()).toBe("2026-03-16T00:00:00.000Z");
    expect(describeBreach(breach, 2)).toBe("Amount $0.02 exceeds the daily transfer limit of $2,000.00: $1,999.99 used today, $0.01 remaining");
  });

  test("remaining is never negative (limits lowered after use)", () => {
    const breach = checkTransferLimits({ ...basic, dailyCents: 100 }, { day: 500, month: 500 }, 1, now)!;
    expect(breach.remaining).toBe(0);
  });

  test("deposits have their own caps and ignore transfer usage", () => {
    expect(checkDepositLimits(basic, { day: 150_000 }, 50_000, now)).toBeNull();
    expect(checkDepositLimits(basic, { day: 150_001 }, 50_000, now)?.window).toBe("DAILY");
    const perTxn = checkDepositLimits(basic, { day: 0 }, 50_001, now)!;
    expect(perTxn).toMatchObject({ kind: "deposit", window: "PER_TRANSACTION", limit: 50_000, used: 0, remaining: 50_000, resetsAt: null });
    expect(describeBreach(perTxn, 50_001)).toBe("Amount $500.01 exceeds the top-up limit of $500.00 per transaction");
  });
});

describe("money format", () => {
  test.each([
    [0, "$0.00"],
    [1, "$0.01"],
    [200_000, "$2,000.00"],
    [100_000_000_000, "$1,000,000,000.00"],
    [-1_050, "-$10.50"],
  ])("%p → %s", (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });
});

describe("request fingerprint", () => {
  test("key order and absent members do not matter", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null }, x: undefined })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(requestFingerprint("post", "/p", { amount: 1, recipientId: "r" })).toBe(requestFingerprint("POST", "/p", { recipientId: "r", amount: 1 }));
  });
  test("method, path and every value matter", () => {
    const base = requestFingerprint("POST", "/transfer", { amount: 100 });
    expect(requestFingerprint("POST", "/topup", { amount: 100 })).not.toBe(base);
    expect(requestFingerprint("PUT", "/transfer", { amount: 100 })).not.toBe(base);
    expect(requestFingerprint("POST", "/transfer", { amount: 101 })).not.toBe(base);
    expect(requestFingerprint("POST", "/transfer", { amount: "100" })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
  test("a path/body boundary cannot be forged by moving text between them", () => {
    expect(requestFingerprint("POST", "/a", "b")).not.toBe(requestFingerprint("POST", "/a\nb", ""));
  });
});

describe("cursor", () => {
  const c = { createdAt: new Date("2026-03-15T10:00:00.123Z"), id: "0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" };
  test("round trip", () => {
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });
  test.each([
    ["not base64url", "abc$%"],
    ["not JSON", Buffer.from("nope").toString("base64url")],
    ["wrong arity", Buffer.from(JSON.stringify(["2026-03-15T10:00:00.123Z"])).toString("base64url")],
    ["bad time", Buffer.from(JSON.stringify(["yesterday", c.id])).toString("base64url")],
    ["bad id", Buffer.from(JSON.stringify([c.createdAt.toISOString(), "1 or 1=1"])).toString("base64url")],
    ["empty", ""],
  ])("%s is refused", (_name, raw) => {
    expect(decodeCursor(raw)).toBeNull();
  });
});

describe("query range and text", () => {
  test("a bare `to` date covers that whole UTC day", () => {
    const r = timeRange("2026-01-01", "2026-01-31")!;
    expect(r.from!.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(r.before!.toISOString()).toBe("2026-02-01T00:00:00.000Z");
  });
  test("a `to` time is inclusive", () => {
    expect(timeRange(undefined, "2026-01-31T10:00:00Z")!.before!.toISOString()).toBe("2026-01-31T10:00:00.001Z");
  });
  test("from after to is empty", () => {
    expect(timeRange("2026-02-01", "2026-01-31")).toBeNull();
    expect(timeRange("2026-01-31", "2026-01-31")).not.toBeNull();
  });
  test("LIKE wildcards are escaped", () => {
    expect(escapeLike("50%_off\\")).toBe("50\\%\\_off\\\\");
  });
});

describe("decisions and wallet answers", () => {
  test.each([
    ["ALLOW", "settle"],
    ["REVIEW", "hold"],
    ["BLOCK", "block"],
  ] as const)("%s → %s", (decision, action) => {
    expect(actionFor(decision)).toBe(action);
  });

  test.each([
    ["INSUFFICIENT_FUNDS", REASONS.INSUFFICIENT_FUNDS],
    ["FROZEN", REASONS.WALLET_FROZEN],
    ["NOT_FOUND", REASONS.WALLET_NOT_FOUND],
    ["INVALID_ARGUMENT", REASONS.WALLET_REJECTED],
    ["FAILED_PRECONDITION", REASONS.WALLET_REJECTED],
    ["UNAVAILABLE", null],
    ["DEADLINE_EXCEEDED", null],
    ["INTERNAL", null],
  ] as const)("wallet %s → %p", (code, reason) => {
    expect(walletRefusal(code)).toBe(reason);
  });

  test.each([
    [{ movements: [{ kind: "TRANSFER" }], hold: null }, "moved"],
    [{ movements: [{ kind: "CREDIT" }], hold: null }, "moved"],
    [{ movements: [{ kind: "CAPTURE" }], hold: { status: "CAPTURED" } }, "moved"],
    [{ movements: [], hold: { status: "CAPTURED" } }, "moved"],
    [{ movements: [], hold: { status: "HELD" } }, "held"],
    [{ movements: [], hold: { status: "RELEASED" } }, "released"],
    [{ movements: [], hold: null }, "nothing"],
    [{ movements: [{ kind: "REVERSAL" }], hold: null }, "nothing"],
  ] as const)("settlement %j → %s", (s, state) => {
    expect(settlementState(s)).toBe(state);
  });
});

describe("resolving unsettled transactions", () => {
  const txn = (over: Partial<TxnFacts>): TxnFacts => ({ status: "PROCESSING", type: "TRANSFER", fraudDecision: "ALLOW", heldAt: null, ...over });
  const held = new Date();
  test.each([
    ["processing, money moved", txn({}), "moved", { do: "complete" }],
    ["processing, nothing moved: drive the transfer again", txn({}), "nothing", { do: "redrive", call: "transfer" }],
    ["processing top-up, nothing moved: credit again", txn({ type: "TOPUP", fraudDecision: null }), "nothing", { do: "redrive", call: "credit" }],
    ["processing with a released hold fails", txn({}), "released", { do: "fail", reason: "HOLD_RELEASED" }],
    ["processing with a hold is left for a person", txn({}), "held", { do: "leave" }],
    ["pending without decision, nothing moved: fail", txn({ status: "PENDING", fraudDecision: null }), "nothing", { do: "fail", reason: "ABANDONED" }],
    ["pending review, hold not confirmed: hold again", txn({ status: "PENDING", fraudDecision: "REVIEW" }), "nothing", { do: "redrive", call: "hold" }],
    ["pending review, hold found: mark held", txn({ status: "PENDING", fraudDecision: "REVIEW" }), "held", { do: "markHeld" }],
    ["pending, money moved: complete", txn({ status: "PENDING", fraudDecision: null }), "moved", { do: "complete" }],
    ["held, still held: leave for review", txn({ status: "PENDING", fraudDecision: "REVIEW", heldAt: held }), "held", { do: "leave" }],
    ["held, captured elsewhere: complete", txn({ status: "PENDING", fraudDecision: "REVIEW", heldAt: held }), "moved", { do: "complete" }],
    ["held, released elsewhere: cancel", txn({ status: "PENDING", fraudDecision: "REVIEW", heldAt: held }), "released", { do: "cancel" }],
    ["terminal: leave", txn({ status: "COMPLETED" }), "moved", { do: "leave" }],
  ] as [string, TxnFacts, SettlementState, object][])("%s", (_name, t, state, plan) => {
    expect(planResolution(t, state)).toEqual(plan as never);
  });

  test.each([
    ["moved", { do: "complete" }],
    ["released", { do: "cancel" }],
    ["nothing", { do: "fail", reason: "NOT_SETTLED" }],
  ] as [SettlementState, object][])("force-complete with %s → %j", (state, plan) => {
    expect(planForceComplete(state)).toEqual(plan as never);
  });
  test("force-complete never decides a held transfer", () => {
    expect(planForceComplete("held")).toMatchObject({ do: "refuse" });
  });
});

describe("HTTP answer of a transaction", () => {
  const facts = (over: Partial<AnswerFacts>): AnswerFacts => ({ id: "t1", status: "COMPLETED", type: "TRANSFER", fraudDecision: "ALLOW", heldAt: null, statusReason: null, statusDetail: null, ...over });
  test.each([
    ["completed", facts({}), 201, "final", undefined],
    ["reversed later", facts({ status: "REVERSED" }), 201, "final", undefined],
    ["held for review", facts({ status: "PENDING", heldAt: new Date(), statusReason: "FRAUD_REVIEW" }), 202, "final", undefined],
    ["blocked", facts({ status: "FAILED", statusReason: "FRAUD_BLOCK", statusDetail: "recipient is sanctioned" }), 403, "final", "PERMISSION_DENIED"],
    ["insufficient funds", facts({ status: "FAILED", statusReason: "INSUFFICIENT_FUNDS" }), 422, "final", "INSUFFICIENT_FUNDS"],
    ["frozen", facts({ status: "FAILED", statusReason: "WALLET_FROZEN" }), 409, "final", "FROZEN"],
    ["fraud down: nothing moved, key freed", facts({ status: "FAILED", statusReason: "FRAUD_UNAVAILABLE" }), 503, "retry", "UNAVAILABLE"],
    ["abandoned: nothing moved, key freed", facts({ status: "FAILED", statusReason: "ABANDONED" }), 503, "retry", "UNAVAILABLE"],
    ["processing: outcome unknown", facts({ status: "PROCESSING" }), 503, "unknown", "UNAVAILABLE"],
    ["pending, not held: outcome unknown", facts({ status: "PENDING", fraudDecision: "REVIEW" }), 503, "unknown", "UNAVAILABLE"],
    ["cancelled after review", facts({ status: "CANCELLED", statusReason: "REVIEW_BLOCKED" }), 409, "final", "FAILED_PRECONDITION"],
  ] as [string, AnswerFacts, number, string, string | undefined][])("%s", (_name, t, status, disposition, code) => {
    const answer = answerFor(t);
    expect(answer.httpStatus).toBe(status);
    expect(answer.disposition).toBe(disposition as never);
    if (code) expect(answer).toMatchObject({ kind: "failure", code });
  });
  test("a deadline passes through as 504", () => {
    expect(answerFor(facts({ status: "PROCESSING" }), "DEADLINE_EXCEEDED")).toMatchObject({ httpStatus: 504, code: "DEADLINE_EXCEEDED" });
  });
  test("the block reason is in the message", () => {
    expect(answerFor(facts({ status: "FAILED", statusReason: "FRAUD_BLOCK", statusDetail: "recipient is sanctioned" }))).toMatchObject({ message: "Transaction blocked: recipient is sanctioned" });
  });
});
