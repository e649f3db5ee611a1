import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { MAX_CENTS } from "../money/money.ts";
import { splitEvenly } from "./split-evenly.ts";

describe("splitEvenly", () => {
  test("the cents that don't divide go to the first shares", () => {
    expect(splitEvenly(1_000, 3)).toEqual([334, 333, 333]);
    expect(splitEvenly(1_001, 3)).toEqual([334, 334, 333]);
    expect(splitEvenly(900, 3)).toEqual([300, 300, 300]);
    expect(splitEvenly(2, 3)).toEqual([1, 1, 0]);
    expect(splitEvenly(5, 1)).toEqual([5]);
  });

  test("refuses what is not a split", () => {
    expect(() => splitEvenly(10, 0)).toThrow(RangeError);
    expect(() => splitEvenly(-1, 2)).toThrow(RangeError);
    expect(() => splitEvenly(10.5, 2)).toThrow(RangeError);
    expect(() => splitEvenly(10, 1.5)).toThrow(RangeError);
  });

  test("property: the shares always add up to the total, differ by at most a cent, largest first", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_CENTS }), fc.integer({ min: 1, max: 50 }), (total, count) => {
        const shares = splitEvenly(total, count);
        expect(shares).toHaveLength(count);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
        expect(shares.every((s) => Number.isSafeInteger(s) && s >= 0)).toBe(true);
        expect([...shares].sort((a, b) => b - a)).toEqual(shares);
      }),
      { numRuns: 2_000 },
    );
  });

  test("property: the same total and number of people give the same shares", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_CENTS }), fc.integer({ min: 1, max: 50 }), (total, count) => {
        expect(splitEvenly(total, count)).toEqual(splitEvenly(total, count));
      }),
    );
  });
});
