import { describe, expect, test } from "bun:test";
import { dollars } from "./money.ts";
import { afterFailure, isTransientFailure, retryDelayMs } from "./settle-policy.ts";
import { usualCountry } from "./usual-country.ts";

describe("dollars", () => {
  test("formats integer cents with grouping", () => {
    expect(dollars(0)).toBe("$0.00");
    expect(dollars(20_001)).toBe("$200.01");
    expect(dollars(123_456_789)).toBe("$1,234,567.89");
    expect(dollars(-5)).toBe("-$0.05");
  });
});

describe("usual country", () => {
  const d = (n: number) => new Date(Date.UTC(2030, 0, n));
  test("none seen → null", () => {
    expect(usualCountry([])).toBeNull();
  });
  test("the most seen wins", () => {
    expect(usualCountry([{ country: "US", count: 3, firstSeenAt: d(2) }, { country: "FR", count: 5, firstSeenAt: d(3) }])).toBe("FR");
  });
  test("a tie goes to the country seen first", () => {
    expect(usualCountry([{ country: "FR", count: 2, firstSeenAt: d(3) }, { country: "US", count: 2, firstSeenAt: d(1) }])).toBe("US");
  });
});

describe("settlement retry policy", () => {
  test("only failures that may pass are retried", () => {
    expect(isTransientFailure("UNAVAILABLE")).toBe(true);
    expect(isTransientFailure("DEADLINE_EXCEEDED")).toBe(true);
    expect(isTransientFailure("INTERNAL")).toBe(true);
    expect(isTransientFailure("FAILED_PRECONDITION")).toBe(false);
    expect(isTransientFailure("NOT_FOUND")).toBe(false);
  });
  test("delay doubles from the base and stops at the ceiling", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1_000, 5_000))).toEqual([1_000, 2_000, 4_000, 5_000]);
    expect(retryDelayMs(500, 1_000, 300_000)).toBe(300_000);
  });
  test("outages are retried for ever; a refusal only until the attempts run out", () => {
    const p = { baseMs: 1_000, maxMs: 300_000, maxRefusedAttempts: 3 };
    expect(afterFailure("UNAVAILABLE", 1_000, p)).toEqual({ retryInMs: 300_000 });
    expect(afterFailure("FAILED_PRECONDITION", 2, p)).toEqual({ retryInMs: 2_000 });
    expect(afterFailure("FAILED_PRECONDITION", 3, p)).toEqual({ giveUp: true });
    expect(afterFailure("NOT_FOUND", 3, p)).toEqual({ giveUp: true });
  });
});
