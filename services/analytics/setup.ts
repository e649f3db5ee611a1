import type { BaseConfig } from "../../shared/config.ts";
import type { ServiceContext } from "../../shared/service.ts";
import { createBudgetAlerts } from "./alerts.ts";
import { createBudgets, type Budgets } from "./budgets.ts";
import type { Clock } from "./clock.ts";
import { createIngest, type Ingest } from "./ingest.ts";
import { createInsights, type InsightsReader } from "./insights.ts";

export interface AnalyticsDeps {
  clock: Clock;
  ingest: Ingest;
  insights: InsightsReader;
  budgets: Budgets;
}

/** Wires the analytics service's parts: ingestion of transfers, alerts, budgets, the read side. */
export function setupAnalytics(ctx: ServiceContext<BaseConfig>, clock: Clock): AnalyticsDeps {
  const alerts = createBudgetAlerts(ctx.emit);
  return {
    clock,
    ingest: createIngest(alerts),
    insights: createInsights(ctx.db),
    budgets: createBudgets({ db: ctx.db, alerts, clock }),
  };
}
