import { describe, expect, test } from "bun:test";
import { addSample, EMPTY_STATS, exceedsDeviation, fromDecimal, meanCents, statsFromAmounts, toDecimal, variance } from "./welford.ts";

const statsOf = (amounts: number[]) => amounts.reduce(addSample, EMPTY_STATS);

describe("Welford statistics", () => {
  test("derived from a whole set at once: exact, the same in any order, equal to the running fold where nothing rounds", () => {
    const amounts = [9_000, 11_000, 9_000, 11_000, 9_000, 11_000];
    const s = statsFromAmounts(amounts);
    expect([toDecimal(s.mean), toDecimal(s.m2)]).toEqual(["10000.00000000000000000000", "6000000.00000000000000000000"]);
    expect(statsFromAmounts([9_000, 9_000, 9_000, 11_000, 11_000, 11_000])).toEqual(s);
    expect(statsOf([2, 4, 4, 4, 5, 5, 7, 9])).toEqual(statsFromAmounts([9, 7, 5, 5, 4, 4, 4, 2]));
    // A non-terminating mean is rounded once, at the 20th decimal.
    expect(toDecimal(statsFromAmounts([1, 1, 2]).mean)).toBe("1.33333333333333333333");
    expect(statsFromAmounts([])).toEqual(EMPTY_STATS);
  });
  test("mean and population variance match the textbook values", () => {
    const s = statsOf([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.count).toBe(8n);
    expect(meanCents(s)).toBe(5);
    expect(variance(s)).toBe(4);
  });
  test("no drift where floating point would: a million identical large amounts keep variance exactly 0", () => {
    let s = EMPTY_STATS;
    for (let i = 0; i < 1_000_000; i++) s = addSample(s, 99_999_999_999);
    expect(s.m2).toBe(0n);
    expect(toDecimal(s.mean)).toBe("99999999999.00000000000000000000");
  });
  test("large amounts whose squares exceed 2^53 are handled exactly", () => {
    const s = statsOf([100_000_000_000, 100_000_000_000 - 2]);
    // mean 99 999 999 999, M2 = 1 + 1 = 2
    expect(toDecimal(s.mean)).toBe("99999999999.00000000000000000000");
    expect(toDecimal(s.m2)).toBe("2.00000000000000000000");
  });
  test("a non-terminating mean is rounded at the 20th decimal, not truncated to float", () => {
    const s = statsOf([1, 1, 2]);
    expect(toDecimal(s.mean)).toBe("1.33333333333333333333");
    expect(toDecimal(statsOf([1, 2, 2]).mean)).toBe("1.66666666666666666667");
  });
  test("decimal text round-trips (what Postgres numeric stores and returns)", () => {
    for (const v of [0n, 1n, 123456789012345678901234567890n, -5n]) expect(fromDecimal(toDecimal(v))).toBe(v);
    expect(fromDecimal("12.5")).toBe(fromDecimal("12.50000000000000000000"));
    expect(fromDecimal("7")).toBe(700000000000000000000n);
    expect(() => fromDecimal("1e5")).toThrow();
  });
  test("deviation test is exact at the boundary", () => {
    const s = statsOf([90, 110, 90, 110, 90, 110]);
    expect(exceedsDeviation(s, 130, 3)).toBe(false);
    expect(exceedsDeviation(s, 131, 3)).toBe(true);
    expect(exceedsDeviation(EMPTY_STATS, 1_000, 3)).toBe(false);
  });
});
