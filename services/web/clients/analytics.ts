import { z } from "zod";
import { createServiceClient, type RequestMeta } from "./http.ts";

const summarySchema = z.object({ yearMonth: z.string(), totalSpend: z.number().int(), transactionCount: z.number().int(), totalReceived: z.number().int(), receivedCount: z.number().int() });
/** A month's totals: spent (and how many payments), received (and how many). */
export type MonthSummary = z.infer<typeof summarySchema>;

/** The analytics service's public API (/api/v1/analytics), as the pages use it. */
export function createAnalyticsClient(baseUrl: string) {
  const client = createServiceClient({ service: "analytics", baseUrl: baseUrl.replace(/\/+$/, "") + "/api/v1/analytics" });
  return {
    client,
    /** The totals of a UTC month (YYYY-MM), this month by default. */
    summary: (meta: RequestMeta, token: string, month?: string) => client.call("GET", "/summary", summarySchema, meta, { token, query: { month } }),
  };
}

export type AnalyticsClient = ReturnType<typeof createAnalyticsClient>;
