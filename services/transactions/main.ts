import { transactionsContract } from "../../proto-like-schemas/transactions.ts";
import { defineService, serve } from "../../shared/service.ts";
import { transactionsConfig } from "./config.ts";
import { buildTransactionsHttp } from "./http.ts";
import { transactionsConsumers } from "./events.ts";
import { transactionsJobs } from "./jobs.ts";
import { transactionsRpcHandlers } from "./rpc.ts";
import { setupTransactions } from "./setup.ts";

export const service = defineService({
  name: "transactions",
  port: 4003,
  config: transactionsConfig,
  database: { migrationsFolder: new URL("./db/migrations", import.meta.url).pathname },
  redis: true,
  setup: setupTransactions,
  http: (ctx, deps) => buildTransactionsHttp({ db: ctx.db, verifier: ctx.verifier, payments: deps.payments, idempotency: deps.idempotency, limits: deps.limits, auth: deps.auth, log: ctx.log }),
  rpc: (ctx, deps) => [serve(transactionsContract, transactionsRpcHandlers(ctx.db, deps.admin, deps.onBehalf))],
  consumers: (_ctx, deps) => transactionsConsumers(deps.onBehalf),
  jobs: (ctx, deps) =>
    transactionsJobs({
      db: ctx.db,
      settlement: deps.settlement,
      idempotency: deps.idempotency,
      log: ctx.log,
      staleAfterS: ctx.config.SWEEPER_STALE_AFTER_S,
      everyMs: ctx.config.SWEEPER_INTERVAL_MS,
      batch: ctx.config.SWEEPER_BATCH,
    }),
});

if (import.meta.main) await service.main();
