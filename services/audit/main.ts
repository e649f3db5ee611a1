import { auditContract } from "../../proto-like-schemas/audit.ts";
import { defineService, serve } from "../../shared/service.ts";
import { auditConfig } from "./config.ts";
import { auditConsumers } from "./events.ts";
import { buildAuditHttp } from "./http.ts";
import { auditRpcHandlers } from "./rpc.ts";
import { setupAudit } from "./setup.ts";

export const service = defineService({
  name: "audit",
  port: 4010,
  config: auditConfig,
  database: { migrationsFolder: new URL("./db/migrations", import.meta.url).pathname },
  redis: false,
  setup: setupAudit,
  http: (ctx, deps) => buildAuditHttp({ verifier: ctx.verifier, reader: deps.reader }),
  rpc: (_ctx, deps) => [serve(auditContract, auditRpcHandlers(deps.reader))],
  consumers: (_ctx, deps) => auditConsumers(deps.appender),
});

if (import.meta.main) await service.main();
