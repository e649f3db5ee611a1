import type { BudgetRowView, BudgetsProps, CategoryOption } from "@mint/views/pages/analytics/budgets.tsx";
import type { OverviewProps } from "@mint/views/pages/analytics/overview.tsx";
import { CATEGORIES } from "../../../../proto-like-schemas/transactions.ts";
import type { SignedIn } from "../../app/session.ts";
import type { Budget } from "../../clients/analytics.ts";
import type { RequestMeta } from "../../clients/http.ts";
import type { Clients } from "../../clients/index.ts";
import { barChart } from "../../domain/analytics/bar-chart.ts";
import { budgetProgress, categoriesWithoutBudget, categorySlug } from "../../domain/analytics/budgets.ts";
import { centsToInput, formatCents } from "../../domain/money/money.ts";
import { monthLabel } from "../../domain/analytics/month.ts";
import { breakdownRows, categoryColour, categoryLabel, chartBars, merchantRows, spendingDescription, spendingTiles, TOP_MERCHANTS } from "../../domain/analytics/spending.ts";

/** The month a part of the page is for, and whether it is this month. */
export interface MonthView {
  month: string;
  current: string;
}

/**
 * The overview of a month: summary, categories and merchants, asked for together (the page costs
 * the slowest of the three, not their sum). A call that fails leaves its part unavailable.
 */
export async function loadOverview(clients: Clients, meta: RequestMeta, s: SignedIn, { month, current }: MonthView): Promise<OverviewProps> {
  const token = s.accessToken;
  const [summary, insights, merchants] = await Promise.all([
    clients.analytics.summary(meta, token, month),
    clients.analytics.insights(meta, token, month),
    clients.analytics.topMerchants(meta, token, month, TOP_MERCHANTS),
  ]);
  const label = monthLabel(month);
  return {
    month,
    monthLabel: label,
    isCurrentMonth: month === current,
    tiles: summary.ok ? spendingTiles(summary.data, insights.ok ? insights.data.categories : undefined) : undefined,
    categories: insights.ok
      ? { rows: breakdownRows(insights.data.categories), chart: barChart(chartBars(insights.data.categories)), description: spendingDescription(label, insights.data.categories) }
      : undefined,
    merchants: merchants.ok ? merchantRows(merchants.data.merchants) : undefined,
  };
}

const byCategoryOrder = (a: Budget, b: Budget) => CATEGORIES.indexOf(a.category as never) - CATEGORIES.indexOf(b.category as never);

export function budgetRow(b: Budget): BudgetRowView {
  return {
    id: b.id,
    category: b.category,
    slug: categorySlug(b.category),
    label: categoryLabel(b.category),
    colour: categoryColour(b.category),
    limit: formatCents(b.limitCents),
    limitInput: centsToInput(b.limitCents),
    active: b.active,
    progress: budgetProgress(b.spentCents, b.limitCents),
  };
}

export const categoryOptions = (categories: readonly string[]): CategoryOption[] => categories.map((c) => ({ value: c, label: categoryLabel(c) }));

/** The budgets card from the API's list (undefined: the service did not answer). */
export function budgetsProps(items: Budget[] | undefined, { month, current }: MonthView, focusHeading = false): BudgetsProps {
  const sorted = items ? [...items].sort(byCategoryOrder) : undefined;
  return {
    month,
    monthLabel: monthLabel(month),
    isCurrentMonth: month === current,
    budgets: sorted?.map(budgetRow),
    free: sorted ? categoryOptions(categoriesWithoutBudget(sorted)) : [],
    focusHeading,
  };
}
