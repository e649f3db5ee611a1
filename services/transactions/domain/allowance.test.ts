import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { allowanceOf, checkDepositLimits, checkTransferLimits, depositCaps, transferCaps } from "./limits.ts";

const now = new Date("2026-03-15T10:00:00Z");
const cents = (max: number) => fc.integer({ min: 1, max });
const tierLimits = fc.record({ perTxnCents: cents(10_000_000), dailyCents: cents(10_000_000), monthlyCents: cents(50_000_000), depositPerTxnCents: cents(10_000_000), depositDailyCents: cents(10_000_000) });
const usage = fc.integer({ min: 0, max: 20_000_000 }).chain((day) => fc.integer({ min: day, max: 60_000_000 }).map((month) => ({ day, month })));

describe("the allowance a user reads is the limit check's own answer", () => {
  test("a transfer passes the check exactly when it is at most `available`", () => {
    fc.assert(
      fc.property(tierLimits, usage, cents(60_000_000), (limits, used, amount) => {
        const { available } = allowanceOf(transferCaps(limits, used, now));
        expect(checkTransferLimits(limits, used, amount, now) === null).toBe(amount <= available);
      }),
    );
  });

  test("a top-up passes the check exactly when it is at most `available`", () => {
    fc.assert(
      fc.property(tierLimits, usage, cents(60_000_000), (limits, used, amount) => {
        const { available } = allowanceOf(depositCaps(limits, used, now));
        expect(checkDepositLimits(limits, used, amount, now) === null).toBe(amount <= available);
      }),
    );
  });

  test("a refusal reports the same remaining as the window it breaks", () => {
    fc.assert(
      fc.property(tierLimits, usage, cents(60_000_000), (limits, used, amount) => {
        const breach = checkTransferLimits(limits, used, amount, now);
        if (!breach) return;
        const window = allowanceOf(transferCaps(limits, used, now)).windows.find((w) => w.window === breach.window)!;
        expect({ limit: window.limit, used: window.used, remaining: window.remaining }).toEqual({ limit: breach.limit, used: breach.used, remaining: breach.remaining });
      }),
    );
  });

  test("windows are reported in the check's order, never with a negative remaining", () => {
    const report = allowanceOf(transferCaps({ perTxnCents: 500, dailyCents: 100, monthlyCents: 1_000, depositPerTxnCents: 1, depositDailyCents: 1 }, { day: 300, month: 300 }, now));
    expect(report.windows.map((w) => [w.window, w.remaining])).toEqual([
      ["PER_TRANSACTION", 500],
      ["DAILY", 0],
      ["MONTHLY", 700],
    ]);
    expect(report.available).toBe(0);
    expect(report.windows[1]!.resetsAt!.toISOString()).toBe("2026-03-16T00:00:00.000Z");
  });
});
