import type { BaseConfig } from "../../shared/config.ts";
import type { ServiceContext } from "../../shared/service.ts";
import { createBudgetAlerts } from "./alerts.ts";
import { createBudgets, type Budgets } from "./budgets.ts";
import type { Clock } from "./clock.ts";
import type { AnalyticsConfig } from "./config.ts";
import { createIngest, type Ingest } from "./ingest.ts";
import { createInsights, type InsightsReader } from "./insights.ts";
import { createReconciler, type Reconciler } from "./reconcile.ts";

export interface AnalyticsDeps {
  clock: Clock;
  ingest: Ingest;
  insights: InsightsReader;
  budgets: Budgets;
  reconciler: Reconciler;
}

/** Wires the analytics service's parts: ingestion of transfers, alerts, budgets, the read side, reconciliation. */
export function setupAnalytics(ctx: ServiceContext<BaseConfig & AnalyticsConfig>, clock: Clock): AnalyticsDeps {
  const alerts = createBudgetAlerts(ctx.emit);
  return {
    clock,
    ingest: createIngest(alerts),
    insights: createInsights(ctx.db),
    budgets: createBudgets({ db: ctx.db, alerts, clock }),
    reconciler: createReconciler({ db: ctx.db, clock, log: ctx.log }),
  };
}
