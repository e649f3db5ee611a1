import { z } from "zod";

export const analyticsConfig = z.object({
  /** How often this month's and last month's aggregates are checked against their spend events (G-49). */
  ANALYTICS_RECONCILE_EVERY_MS: z.coerce.number().int().min(1_000).max(7 * 24 * 3_600_000).default(3_600_000),
});

export type AnalyticsConfig = z.output<typeof analyticsConfig>;
