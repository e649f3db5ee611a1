import { describe, expect, test } from "bun:test";
import { budgetFormValues, budgetProgress, categoriesWithoutBudget, categoryFromSlug, readBudgetForm, savedMessage } from "./budgets.ts";

describe("budgetProgress", () => {
  test("under 80 %: on track, with what is left", () => {
    expect(budgetProgress(5_000, 10_000)).toEqual({
      state: "ok",
      percentUsed: 50,
      barPercent: 50,
      summary: "$50.00 spent of $100.00",
      status: "On track",
      detail: "50% used, $50.00 left",
    });
  });

  test("the warning starts exactly where the 80 % alert does (spent × 100 ≥ limit × 80), never a cent earlier", () => {
    expect(budgetProgress(7_999, 10_000)).toMatchObject({ state: "ok", percentUsed: 79 });
    expect(budgetProgress(8_000, 10_000)).toMatchObject({ state: "warning", percentUsed: 80, status: "Nearly at limit", detail: "80% used, $20.00 left" });
    // 79.99 % of $33.33 is not yet 80 %, whatever float rounding would say
    expect(budgetProgress(2_666, 3_333).state).toBe("ok");
    expect(budgetProgress(2_667, 3_333).state).toBe("warning");
  });

  test("at the limit: reached, full bar", () => {
    expect(budgetProgress(10_000, 10_000)).toMatchObject({ state: "reached", percentUsed: 100, barPercent: 100, status: "Limit reached" });
  });

  test("past the limit: over budget by the difference, bar capped at full", () => {
    expect(budgetProgress(12_345, 10_000)).toEqual({
      state: "over",
      percentUsed: 123,
      barPercent: 100,
      summary: "$123.45 spent of $100.00",
      status: "Over budget",
      detail: "Over budget by $23.45",
    });
  });

  test("nothing spent", () => {
    expect(budgetProgress(0, 1)).toMatchObject({ state: "ok", percentUsed: 0, barPercent: 0 });
  });
});

test("categoriesWithoutBudget offers only categories with no budget, in the usual order", () => {
  expect(categoriesWithoutBudget([])).toEqual(["FOOD", "TRANSPORT", "ENTERTAINMENT", "UTILITIES", "OTHER"]);
  expect(categoriesWithoutBudget([{ category: "TRANSPORT" }, { category: "FOOD" }])).toEqual(["ENTERTAINMENT", "UTILITIES", "OTHER"]);
});

describe("readBudgetForm", () => {
  test("a category and a limit in dollars become cents", () => {
    expect(readBudgetForm(budgetFormValues({ category: "food", amount: " 250.50 " }))).toEqual({ ok: true, category: "FOOD", limitCents: 25_050 });
  });

  test("a missing or unknown category and a bad amount are named with messages", () => {
    const r = readBudgetForm(budgetFormValues({ category: "RENT", amount: "1.234" }));
    expect(r).toEqual({ ok: false, errors: { fields: { category: "Choose a category.", amount: "Use at most two decimal places (cents)." } } });
    const empty = readBudgetForm(budgetFormValues({}));
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(Object.keys(empty.errors.fields).sort()).toEqual(["amount", "category"]);
  });

  test.each(["0", "-5", "1e3", ""])("limit %p is refused", (amount) => {
    const r = readBudgetForm({ category: "FOOD", amount });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.fields.amount).toBeString();
  });
});

test("savedMessage says whether a budget was set or changed", () => {
  expect(savedMessage("FOOD", 30_000, true)).toBe("Food budget set to $300.00 a month.");
  expect(savedMessage("UTILITIES", 5_050, false)).toBe("Utilities budget changed to $50.50 a month.");
});

test("categoryFromSlug reads the URL's lower-case name and refuses others", () => {
  expect(categoryFromSlug("food")).toBe("FOOD");
  expect(categoryFromSlug("Entertainment")).toBe("ENTERTAINMENT");
  expect(categoryFromSlug("rent")).toBeUndefined();
});
