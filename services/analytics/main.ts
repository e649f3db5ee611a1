import { defineService } from "../../shared/service.ts";
import { systemClock, type Clock } from "./clock.ts";
import { analyticsConfig } from "./config.ts";
import { analyticsConsumers } from "./events.ts";
import { buildAnalyticsHttp } from "./http.ts";
import { setupAnalytics } from "./setup.ts";

/** Spend insights and budgets from completed transfers. Tests pass their own clock ("this month"). */
export const createAnalyticsService = (options: { clock?: Clock } = {}) =>
  defineService({
    name: "analytics",
    port: 4005,
    config: analyticsConfig,
    database: { migrationsFolder: new URL("./db/migrations", import.meta.url).pathname },
    setup: (ctx) => setupAnalytics(ctx, options.clock ?? systemClock),
    http: (ctx, deps) => buildAnalyticsHttp({ verifier: ctx.verifier, ...deps }),
    consumers: (_ctx, deps) => analyticsConsumers(deps.ingest),
    jobs: (ctx, deps) => [{ name: "reconcile-aggregates", everyMs: ctx.config.ANALYTICS_RECONCILE_EVERY_MS, singleton: true, run: async () => void (await deps.reconciler.run()) }],
  });

export const service = createAnalyticsService();

if (import.meta.main) await service.main();
