import { fraudContract } from "../../proto-like-schemas/fraud.ts";
import { defineService, serve } from "../../shared/service.ts";
import { systemClock, type Clock } from "./clock.ts";
import { fraudConfig } from "./config.ts";
import { fraudConsumers } from "./events.ts";
import { fraudRpcHandlers } from "./rpc.ts";
import { setupFraud } from "./setup.ts";

/** The fraud service; RPC only (its port serves /healthz and /readyz). Tests pass their own clock. */
export const createFraudService = (options: { clock?: Clock } = {}) =>
  defineService({
    name: "fraud",
    port: 4011,
    config: fraudConfig,
    database: { migrationsFolder: new URL("./db/migrations", import.meta.url).pathname },
    redis: true,
    setup: (ctx) => setupFraud(ctx, options.clock ?? systemClock),
    rpc: (_ctx, deps) => [serve(fraudContract, fraudRpcHandlers(deps))],
    consumers: () => fraudConsumers(),
    jobs: (ctx, deps) => [
      { name: "settle-reviewed", everyMs: ctx.config.FRAUD_SETTLE_EVERY_MS, singleton: true, run: async () => void (await deps.settlement.redriveDue()) },
      { name: "sanctions-cache", everyMs: ctx.config.FRAUD_SANCTIONS_REFRESH_MS, singleton: true, run: () => deps.sanctions.rebuildCache() },
    ],
  });

export const service = createFraudService();

if (import.meta.main) await service.main();
