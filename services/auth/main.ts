import { authContract } from "../../proto-like-schemas/auth.ts";
import { defineService, serve } from "../../shared/service.ts";
import { authConfig } from "./config.ts";
import { buildAuthHttp } from "./http.ts";
import { authRpcHandlers } from "./rpc.ts";
import { authVerifier, setupAuth } from "./setup.ts";

export const service = defineService({
  name: "auth",
  port: 4001,
  config: authConfig,
  database: { migrationsFolder: new URL("./db/migrations", import.meta.url).pathname },
  redis: true,
  setup: setupAuth,
  verifier: authVerifier,
  http: (ctx, deps) =>
    buildAuthHttp({ accounts: deps.accounts, keys: deps.keys, verifier: ctx.verifier, env: ctx.config.MINT_ENV, refreshTtlS: ctx.config.REFRESH_TOKEN_TTL_S }),
  rpc: (ctx, deps) => [serve(authContract, authRpcHandlers(ctx.db, deps.roles))],
});

if (import.meta.main) await service.main();
