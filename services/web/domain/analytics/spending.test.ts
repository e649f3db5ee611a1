import { describe, expect, test } from "bun:test";
import { breakdownRows, chartBars, merchantRows, sharePercent, spendingDescription, spendingTiles } from "./spending.ts";

const MONTH = [
  { category: "FOOD", total: 12_000, count: 3, percentage: 60 },
  { category: "TRANSPORT", total: 7_950, count: 1, percentage: 39.75 },
  { category: "OTHER", total: 50, count: 1, percentage: 0.25 },
];

describe("spendingTiles", () => {
  test("totals, count, average and the largest category with its share", () => {
    expect(spendingTiles({ totalSpend: 20_000, transactionCount: 5 }, MONTH)).toEqual({
      totalSpend: "$200.00",
      transactions: "5",
      average: "$40.00",
      topCategory: { label: "Food", share: "60% of spend" },
    });
  });

  test("a month with nothing spent: zeros and no top category", () => {
    expect(spendingTiles({ totalSpend: 0, transactionCount: 0 }, [])).toEqual({ totalSpend: "$0.00", transactions: "0", average: "$0.00", topCategory: undefined });
  });

  test("no category data (the insights call failed) leaves the top category unknown", () => {
    expect(spendingTiles({ totalSpend: 1_00, transactionCount: 1 }, undefined).topCategory).toBeUndefined();
  });
});

test.each([
  [0, "0"],
  [0.25, "<1"],
  [39.75, "40"],
  [60, "60"],
  [100, "100"],
])("sharePercent(%p) reads %p", (p, text) => {
  expect(sharePercent(p)).toBe(text);
});

test("breakdownRows: label, count, amount, share and bar per category with spending", () => {
  const rows = breakdownRows([...MONTH, { category: "UTILITIES", total: 0, count: 0, percentage: 0 }]);
  expect(rows).toEqual([
    { category: "FOOD", label: "Food", colour: "#3B82F6", amount: "$120.00", transactions: "3 txns", share: "60%", barPercent: 60 },
    { category: "TRANSPORT", label: "Transport", colour: "#8B5CF6", amount: "$79.50", transactions: "1 txn", share: "40%", barPercent: 39.75 },
    { category: "OTHER", label: "Other", colour: "#6B7280", amount: "$0.50", transactions: "1 txn", share: "<1%", barPercent: 0.25 },
  ]);
});

test("chartBars: one bar per category with spending, in cents, with the category's colour", () => {
  expect(chartBars(MONTH)).toEqual([
    { key: "FOOD", label: "Food", cents: 12_000, colour: "#3B82F6" },
    { key: "TRANSPORT", label: "Transport", cents: 7_950, colour: "#8B5CF6" },
    { key: "OTHER", label: "Other", cents: 50, colour: "#6B7280" },
  ]);
});

test("spendingDescription says every value in words", () => {
  expect(spendingDescription("June 2030", MONTH)).toBe(
    "Spending by category in June 2030. Food: $120.00, 60% of spending, 3 transactions. Transport: $79.50, 40% of spending, 1 transaction. Other: $0.50, <1% of spending, 1 transaction.",
  );
  expect(spendingDescription("May 2030", [])).toBe("No spending in May 2030.");
});

describe("merchantRows", () => {
  test("the first six, ranked, with bars relative to the top merchant", () => {
    const merchants = ["Cafe Uno", "bakery", "Zoo", "4 Seasons", "Ölmühle", "Six", "Seven"].map((merchant, i) => ({ merchant, total: 10_000 - i * 1_000, count: i + 1 }));
    const rows = merchantRows(merchants);
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows.map((r) => r.initial)).toEqual(["C", "B", "Z", "4", "Ö", "S"]);
    expect(rows.map((r) => r.barPercent)).toEqual([100, 90, 80, 70, 60, 50]);
    expect(rows[0]).toMatchObject({ name: "Cafe Uno", amount: "$100.00", transactions: "1 txn" });
  });

  test("none: an empty list", () => {
    expect(merchantRows([])).toEqual([]);
  });

  test("a name with no letter or digit gets a neutral badge", () => {
    expect(merchantRows([{ merchant: "—", total: 1, count: 1 }])[0]!.initial).toBe("?");
  });
});
