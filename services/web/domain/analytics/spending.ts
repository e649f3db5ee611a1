import { CATEGORIES } from "../../../../proto-like-schemas/transactions.ts";
import { type BarInput } from "./bar-chart.ts";
import { formatCents } from "../money/money.ts";
import { CATEGORY_LABELS, type Category } from "../money/money-forms.ts";
import { averageCents } from "./month-stats.ts";

/**
 * A month of spending as the analytics page shows it: the tiles, the category breakdown, the top
 * merchants. Amounts stay integer cents until they are formatted; percentages are for display only.
 */

/** Each category's colour in charts and share bars (always next to its name and amount, never alone). */
export const CATEGORY_COLOURS: Record<Category, string> = {
  FOOD: "#3B82F6",
  TRANSPORT: "#8B5CF6",
  ENTERTAINMENT: "#EC4899",
  UTILITIES: "#F59E0B",
  OTHER: "#6B7280",
};

export const categoryLabel = (category: string): string => CATEGORY_LABELS[category as Category] ?? category;
export const categoryColour = (category: string): string => CATEGORY_COLOURS[category as Category] ?? CATEGORY_COLOURS.OTHER;
export const isCategory = (value: string): value is Category => (CATEGORIES as readonly string[]).includes(value);

export interface CategorySpend {
  category: string;
  total: number;
  count: number;
  /** Share of the month's spending in percent (two decimals, from the API). */
  percentage: number;
}

export interface SpendingTiles {
  totalSpend: string;
  transactions: string;
  average: string;
  /** The largest category, or undefined before anything was spent. */
  topCategory?: { label: string; share: string };
}

/** The four tiles: total spent, how many payments, the average payment, the largest category. */
export function spendingTiles(summary: { totalSpend: number; transactionCount: number }, categories: readonly CategorySpend[] | undefined): SpendingTiles {
  const top = categories?.find((c) => c.total > 0);
  return {
    totalSpend: formatCents(summary.totalSpend),
    transactions: summary.transactionCount.toLocaleString("en-US"),
    average: formatCents(averageCents(summary.totalSpend, summary.transactionCount)),
    topCategory: top ? { label: categoryLabel(top.category), share: `${sharePercent(top.percentage)}% of spend` } : undefined,
  };
}

/** A share as a whole percentage for reading; a sliver above zero reads "<1" rather than "0". */
export function sharePercent(percentage: number): string {
  if (!(percentage > 0)) return "0";
  if (percentage < 1) return "<1";
  return String(Math.min(100, Math.round(percentage)));
}

export interface BreakdownRow {
  category: string;
  label: string;
  colour: string;
  amount: string;
  transactions: string;
  /** "60%". */
  share: string;
  /** The share bar's length, percent of the bar's width. */
  barPercent: number;
}

/** Categories with spending, largest first (as the API orders them). */
export function breakdownRows(categories: readonly CategorySpend[]): BreakdownRow[] {
  return categories
    .filter((c) => c.total > 0)
    .map((c) => ({
      category: c.category,
      label: categoryLabel(c.category),
      colour: categoryColour(c.category),
      amount: formatCents(c.total),
      transactions: `${c.count.toLocaleString("en-US")} ${c.count === 1 ? "txn" : "txns"}`,
      share: `${sharePercent(c.percentage)}%`,
      barPercent: clampPercent(c.percentage),
    }));
}

/** The chart's bars: one per category with spending. */
export const chartBars = (categories: readonly CategorySpend[]): BarInput[] =>
  categories.filter((c) => c.total > 0).map((c) => ({ key: c.category, label: categoryLabel(c.category), cents: c.total, colour: categoryColour(c.category) }));

/** The chart's text alternative: every value in one sentence per category. */
export function spendingDescription(monthLabel: string, categories: readonly CategorySpend[]): string {
  const rows = breakdownRows(categories);
  if (rows.length === 0) return `No spending in ${monthLabel}.`;
  const parts = rows.map((r) => `${r.label}: ${r.amount}, ${r.share} of spending, ${r.transactions.replace("txns", "transactions").replace("txn", "transaction")}.`);
  return `Spending by category in ${monthLabel}. ${parts.join(" ")}`;
}

export interface MerchantRow {
  rank: number;
  name: string;
  /** The badge's letter. */
  initial: string;
  amount: string;
  transactions: string;
  /** Length relative to the top merchant, percent. */
  barPercent: number;
}

export const TOP_MERCHANTS = 6;

/** The first six merchants with their bars relative to the top one. */
export function merchantRows(merchants: readonly { merchant: string; total: number; count: number }[]): MerchantRow[] {
  const shown = merchants.filter((m) => m.total > 0).slice(0, TOP_MERCHANTS);
  const top = shown[0]?.total ?? 0;
  return shown.map((m, i) => ({
    rank: i + 1,
    name: m.merchant,
    initial: (m.merchant.trim().match(/\p{L}|\p{N}/u)?.[0] ?? "?").toLocaleUpperCase("en-US"),
    amount: formatCents(m.total),
    transactions: `${m.count.toLocaleString("en-US")} ${m.count === 1 ? "txn" : "txns"}`,
    barPercent: top > 0 ? clampPercent((m.total * 100) / top) : 0,
  }));
}

const clampPercent = (p: number) => (Number.isFinite(p) ? Math.min(100, Math.max(0, Math.round(p * 100) / 100)) : 0);
