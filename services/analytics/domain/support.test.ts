import { describe, expect, test } from "bun:test";
import { merchantKey, tidyMerchant } from "./merchant.ts";
import { isYearMonth, previousYearMonth, yearMonthOf } from "./month.ts";
import { percentOf } from "./shares.ts";
import { reachedThresholds } from "./thresholds.ts";

describe("months", () => {
  test("the UTC month of an instant, even where it is already next month locally", () => {
    expect(yearMonthOf(new Date("2030-01-31T23:59:59.999Z"))).toBe("2030-01");
    expect(yearMonthOf(new Date("2030-01-31T23:30:00-05:00"))).toBe("2030-02");
  });

  test("only YYYY-MM with a real month is a month", () => {
    for (const ok of ["2030-01", "1999-12"]) expect(isYearMonth(ok)).toBe(true);
    for (const bad of ["2030-1", "2030-13", "2030-00", "30-01", "2030-01-01", "2030/01", " 2030-01", ""]) expect(isYearMonth(bad)).toBe(false);
  });

  test("the month before, across a year's end", () => {
    expect(previousYearMonth("2030-06")).toBe("2030-05");
    expect(previousYearMonth("2030-10")).toBe("2030-09");
    expect(previousYearMonth("2030-01")).toBe("2029-12");
  });
});

describe("reachedThresholds", () => {
  test("80 % and 100 % exactly at the line, not a cent before", () => {
    expect(reachedThresholds(7_999, 10_000)).toEqual([]);
    expect(reachedThresholds(8_000, 10_000)).toEqual([80]);
    expect(reachedThresholds(9_999, 10_000)).toEqual([80]);
    expect(reachedThresholds(10_000, 10_000)).toEqual([80, 100]);
    expect(reachedThresholds(50_000, 10_000)).toEqual([80, 100]);
  });

  test("odd limits use exact integer comparison", () => {
    // 80 % of 333 is 266.4: 266 is below, 267 reaches it.
    expect(reachedThresholds(266, 333)).toEqual([]);
    expect(reachedThresholds(267, 333)).toEqual([80]);
  });

  test("nothing for an empty or zero limit", () => {
    expect(reachedThresholds(0, 10_000)).toEqual([]);
    expect(reachedThresholds(100, 0)).toEqual([]);
  });
});

describe("merchants", () => {
  test("tidied and grouped case-insensitively", () => {
    expect(tidyMerchant("  Blue   Bottle ")).toBe("Blue Bottle");
    expect(tidyMerchant("   ")).toBeNull();
    expect(tidyMerchant(null)).toBeNull();
    expect(merchantKey("Blue Bottle")).toBe(merchantKey("BLUE BOTTLE"));
  });
});

describe("percentOf", () => {
  test("two decimals, 0 of nothing", () => {
    expect(percentOf(1, 3)).toBe(33.33);
    expect(percentOf(2, 3)).toBe(66.67);
    expect(percentOf(5, 5)).toBe(100);
    expect(percentOf(0, 0)).toBe(0);
  });
});
