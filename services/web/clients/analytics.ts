import { z } from "zod";
import { createServiceClient, type RequestMeta } from "./http.ts";

const summarySchema = z.object({ yearMonth: z.string(), totalSpend: z.number().int(), transactionCount: z.number().int(), totalReceived: z.number().int(), receivedCount: z.number().int() });
/** A month's totals: spent (and how many payments), received (and how many). */
export type MonthSummary = z.infer<typeof summarySchema>;

const insightsSchema = z.object({
  yearMonth: z.string(),
  total: z.number().int(),
  count: z.number().int(),
  categories: z.array(z.object({ category: z.string(), total: z.number().int(), count: z.number().int(), percentage: z.number() })),
});
/** A month's spending by category, largest first, each with its share of the month in percent. */
export type MonthInsights = z.infer<typeof insightsSchema>;

const topMerchantsSchema = z.object({ yearMonth: z.string(), merchants: z.array(z.object({ merchant: z.string(), total: z.number().int(), count: z.number().int() })) });

const budgetSchema = z.object({
  id: z.string(),
  category: z.string(),
  limitCents: z.number().int(),
  active: z.boolean(),
  yearMonth: z.string(),
  /** From the same monthly aggregate the budget alerts are raised from. */
  spentCents: z.number().int(),
  remainingCents: z.number().int(),
  percentUsed: z.number(),
});
/** A budget with its usage in a month. */
export type Budget = z.infer<typeof budgetSchema>;
const budgetsSchema = z.object({ items: z.array(budgetSchema) });

/** The analytics service's public API (/api/v1/analytics), as the pages use it. */
export function createAnalyticsClient(baseUrl: string) {
  const client = createServiceClient({ service: "analytics", baseUrl: baseUrl.replace(/\/+$/, "") + "/api/v1/analytics" });
  return {
    client,
    /** The totals of a UTC month (YYYY-MM), this month by default. */
    summary: (meta: RequestMeta, token: string, month?: string) => client.call("GET", "/summary", summarySchema, meta, { token, query: { month } }),
    /** Spending by category in a UTC month. */
    insights: (meta: RequestMeta, token: string, month?: string) => client.call("GET", "/insights", insightsSchema, meta, { token, query: { month } }),
    /** The merchants paid most in a UTC month, at most `limit`. */
    topMerchants: (meta: RequestMeta, token: string, month: string | undefined, limit: number) =>
      client.call("GET", "/top-merchants", topMerchantsSchema, meta, { token, query: { month, limit } }),
    /** The caller's budgets with their usage in a UTC month. */
    budgets: (meta: RequestMeta, token: string, month?: string) => client.call("GET", "/budgets", budgetsSchema, meta, { token, query: { month } }),
    /** Sets a category's monthly budget (one per category: 201 created, 200 replaced). */
    saveBudget: (meta: RequestMeta, token: string, body: { category: string; limitCents: number }) => client.call("POST", "/budgets", budgetSchema, meta, { token, body }),
    /** Deletes one of the caller's budgets (404 when it is not there). */
    removeBudget: (meta: RequestMeta, token: string, id: string) => client.call("DELETE", `/budgets/${encodeURIComponent(id)}`, budgetSchema, meta, { token }),
  };
}

export type AnalyticsClient = ReturnType<typeof createAnalyticsClient>;
