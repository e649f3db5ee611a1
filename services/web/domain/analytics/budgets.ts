import { CATEGORIES } from "../../../../proto-like-schemas/transactions.ts";
import type { FormInput } from "../page/forms.ts";
import { formatCents, parseDollars } from "../money/money.ts";
import type { Category } from "../money/money-forms.ts";
import type { FormErrors } from "../page/problem.ts";
import { categoryLabel, isCategory } from "./spending.ts";

/**
 * Monthly budgets as the analytics page shows and edits them. The spent amount is the analytics
 * API's own (the same monthly aggregate its alerts are raised from), and the levels here use the
 * same integer rule as those alerts (a threshold is reached when spent × 100 ≥ limit × percent), so
 * the bar turns amber exactly when the 80 % warning is sent and red when the 100 % alert is.
 */

export type BudgetState = "ok" | "warning" | "reached" | "over";

export const WARNING_PERCENT = 80;

export interface BudgetProgress {
  state: BudgetState;
  /** Whole percent used, rounded down (so "80%" never shows before the warning is due); may pass 100. */
  percentUsed: number;
  /** The bar's length: percentUsed, at most 100. */
  barPercent: number;
  /** "$85.00 spent of $100.00". */
  summary: string;
  /** A word or two for the state, shown with its colour: "On track", "Nearly at limit"… */
  status: string;
  /** The line under the bar: "$15.00 left", "Over budget by $20.00"… */
  detail: string;
}

export function budgetProgress(spentCents: number, limitCents: number): BudgetProgress {
  const spent = Math.max(0, spentCents);
  const percentUsed = limitCents > 0 ? Math.floor((spent * 100) / limitCents) : 0;
  const left = limitCents - spent;
  const state: BudgetState =
    spent > limitCents ? "over" : spent >= limitCents ? "reached" : spent * 100 >= limitCents * WARNING_PERCENT ? "warning" : "ok";
  const summary = `${formatCents(spent)} spent of ${formatCents(limitCents)}`;
  const barPercent = Math.min(100, percentUsed);
  switch (state) {
    case "over":
      return { state, percentUsed, barPercent, summary, status: "Over budget", detail: `Over budget by ${formatCents(spent - limitCents)}` };
    case "reached":
      return { state, percentUsed, barPercent, summary, status: "Limit reached", detail: "Nothing left this month" };
    case "warning":
      return { state, percentUsed, barPercent, summary, status: "Nearly at limit", detail: `${percentUsed}% used, ${formatCents(left)} left` };
    default:
      return { state, percentUsed, barPercent, summary, status: "On track", detail: `${percentUsed}% used, ${formatCents(left)} left` };
  }
}

/** The categories that have no budget yet: the only ones "Add budget" offers (the others show "Change"). */
export function categoriesWithoutBudget(budgets: readonly { category: string }[]): Category[] {
  const taken = new Set(budgets.map((b) => b.category));
  return CATEGORIES.filter((c) => !taken.has(c));
}

/** What the person typed, echoed back when the form is shown again. */
export interface BudgetFormValues {
  category: string;
  amount: string;
}

export type BudgetFormResult = { ok: true; category: Category; limitCents: number } | { ok: false; errors: FormErrors };

export const budgetFormValues = (input: FormInput): BudgetFormValues => ({
  category: (input.category ?? "").trim().toUpperCase(),
  amount: (input.amount ?? "").trim(),
});

/** A budget form: a known category and a monthly limit in dollars, parsed as text into cents. */
export function readBudgetForm(values: BudgetFormValues): BudgetFormResult {
  const fields: Record<string, string> = {};
  if (!isCategory(values.category)) fields.category = "Choose a category.";
  const amount = parseDollars(values.amount);
  if (!amount.ok) fields.amount = amount.message;
  if (Object.keys(fields).length > 0 || !amount.ok) return { ok: false, errors: { fields } };
  return { ok: true, category: values.category as Category, limitCents: amount.cents };
}

/** The toast after saving: says what happened, in the person's words. */
export function savedMessage(category: string, limitCents: number, created: boolean): string {
  return created
    ? `${categoryLabel(category)} budget set to ${formatCents(limitCents)} a month.`
    : `${categoryLabel(category)} budget changed to ${formatCents(limitCents)} a month.`;
}

/** Category in a URL ("food") ↔ the API's name ("FOOD"). */
export const categorySlug = (category: string) => category.toLowerCase();
export const categoryFromSlug = (slug: string): Category | undefined => {
  const upper = slug.toUpperCase();
  return isCategory(upper) ? upper : undefined;
};
