import { walletContract } from "../../proto-like-schemas/wallet.ts";
import { defineService, serve } from "../../shared/service.ts";
import { walletConfig } from "./config.ts";
import { walletConsumers } from "./events.ts";
import { buildWalletHttp } from "./http.ts";
import { walletRpcHandlers } from "./rpc.ts";
import { setupWallet } from "./setup.ts";

export const service = defineService({
  name: "wallet",
  port: 4002,
  config: walletConfig,
  database: { migrationsFolder: new URL("./db/migrations", import.meta.url).pathname },
  setup: setupWallet,
  http: (ctx, deps) => buildWalletHttp(deps, ctx.verifier),
  rpc: (_ctx, deps) => [serve(walletContract, walletRpcHandlers(deps.ledger))],
  consumers: (_ctx, deps) => walletConsumers(deps.ledger),
});

if (import.meta.main) await service.main();
