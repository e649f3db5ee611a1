import { describe, expect, test } from "bun:test";
import { foldDailyBalances, seriesDates } from "./series.ts";

describe("series dates", () => {
  test("end with today's UTC date, oldest first", () => {
    expect(seriesDates(new Date("2026-03-02T23:59:59Z"), 3)).toEqual(["2026-02-28", "2026-03-01", "2026-03-02"]);
    expect(seriesDates(new Date("2026-03-02T00:00:00Z"), 1)).toEqual(["2026-03-02"]);
  });
  test("cross a leap day and a year", () => {
    expect(seriesDates(new Date("2024-03-01T12:00:00Z"), 3)).toEqual(["2024-02-28", "2024-02-29", "2024-03-01"]);
    expect(seriesDates(new Date("2025-01-01T00:30:00Z"), 2)).toEqual(["2024-12-31", "2025-01-01"]);
    expect(seriesDates(new Date("2026-06-01T00:00:00Z"), 366)).toHaveLength(366);
  });
  test("refuse a non-positive count", () => {
    expect(() => seriesDates(new Date(), 0)).toThrow(RangeError);
  });
});

describe("folding closing balances", () => {
  const dates = ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"];
  test("carries the previous day forward when nothing moved", () => {
    const closings = new Map([["2026-03-02", 500], ["2026-03-04", 200]]);
    expect(foldDailyBalances(dates, 100, closings)).toEqual([
      { date: "2026-03-01", balance: 100 },
      { date: "2026-03-02", balance: 500 },
      { date: "2026-03-03", balance: 500 },
      { date: "2026-03-04", balance: 200 },
    ]);
  });
  test("starts from the opening balance (0 before the wallet existed) and keeps negative balances", () => {
    expect(foldDailyBalances(dates, 0, new Map([["2026-03-03", -50]])).map((p) => p.balance)).toEqual([0, 0, -50, -50]);
  });
  test("ignores closings outside the series", () => {
    expect(foldDailyBalances(dates.slice(0, 1), 7, new Map([["2026-02-01", 9]]))).toEqual([{ date: "2026-03-01", balance: 7 }]);
  });
});
