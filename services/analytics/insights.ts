import { and, asc, desc, eq } from "drizzle-orm";
import type { Database } from "../../shared/db/connect.ts";
import { merchantAggregates, monthlyAggregates } from "./db/schema.ts";
import type { Category } from "./domain/categories.ts";
import { percentOf } from "./domain/shares.ts";

export interface CategoryInsight {
  category: Category;
  total: number;
  count: number;
  percentage: number;
}

export interface Insights {
  yearMonth: string;
  /** Spent in the month, integer cents. */
  total: number;
  count: number;
  categories: CategoryInsight[];
}

export interface Summary {
  yearMonth: string;
  totalSpend: number;
  /** Payments the user made in the month. */
  transactionCount: number;
  totalReceived: number;
  receivedCount: number;
}

export interface TopMerchants {
  yearMonth: string;
  merchants: { merchant: string; total: number; count: number }[];
}

/** Read side of the aggregates: what the user's month looks like. */
export function createInsights(db: Database) {
  const monthRows = (userId: string, yearMonth: string) =>
    db
      .select()
      .from(monthlyAggregates)
      .where(and(eq(monthlyAggregates.userId, userId), eq(monthlyAggregates.yearMonth, yearMonth)));

  return {
    async insights(userId: string, yearMonth: string): Promise<Insights> {
      const spend = (await monthRows(userId, yearMonth)).filter((r) => r.direction === "SPEND");
      const total = spend.reduce((sum, r) => sum + r.totalCents, 0);
      const categories = spend
        .map((r) => ({ category: r.category as Category, total: r.totalCents, count: r.count, percentage: percentOf(r.totalCents, total) }))
        .sort((a, b) => b.total - a.total || a.category.localeCompare(b.category));
      return { yearMonth, total, count: spend.reduce((n, r) => n + r.count, 0), categories };
    },

    async summary(userId: string, yearMonth: string): Promise<Summary> {
      const rows = await monthRows(userId, yearMonth);
      const sum = (direction: string, pick: (r: (typeof rows)[number]) => number) => rows.filter((r) => r.direction === direction).reduce((n, r) => n + pick(r), 0);
      return {
        yearMonth,
        totalSpend: sum("SPEND", (r) => r.totalCents),
        transactionCount: sum("SPEND", (r) => r.count),
        totalReceived: sum("RECEIVE", (r) => r.totalCents),
        receivedCount: sum("RECEIVE", (r) => r.count),
      };
    },

    async topMerchants(userId: string, yearMonth: string, limit: number): Promise<TopMerchants> {
      const rows = await db
        .select({ merchant: merchantAggregates.merchant, total: merchantAggregates.totalCents, count: merchantAggregates.count })
        .from(merchantAggregates)
        .where(and(eq(merchantAggregates.userId, userId), eq(merchantAggregates.yearMonth, yearMonth)))
        .orderBy(desc(merchantAggregates.totalCents), asc(merchantAggregates.merchantKey))
        .limit(limit);
      return { yearMonth, merchants: rows };
    },
  };
}
export type InsightsReader = ReturnType<typeof createInsights>;
