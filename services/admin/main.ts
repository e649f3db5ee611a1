import { defineService } from "../../shared/service.ts";
import { systemClock, type Clock } from "./clock.ts";
import { adminConfig } from "./config.ts";
import { buildAdminHttp } from "./http.ts";
import { adminJobs } from "./jobs.ts";
import { setupAdmin } from "./setup.ts";

/**
 * The console's back office: it asks the owning services over RPC and never reads their
 * databases; its own database holds only the dual-control actions and its outbox, through which
 * every admin action and view becomes one audit entry. Tests pass their own clock (expiry).
 */
export const createAdminService = (options: { clock?: Clock } = {}) =>
  defineService({
    name: "admin",
    port: 4009,
    config: adminConfig,
    database: { migrationsFolder: new URL("./db/migrations", import.meta.url).pathname },
    setup: (ctx) => setupAdmin(ctx, options.clock ?? systemClock),
    http: (ctx, deps) =>
      buildAdminHttp(deps, {
        verifier: ctx.verifier,
        log: ctx.log,
        publicBaseUrl: ctx.config.PUBLIC_BASE_URL,
        dualControlCents: ctx.config.ADMIN_DUAL_CONTROL_CENTS,
        traceUi: ctx.config.TRACE_UI_URL,
        linkTtlS: ctx.config.ADMIN_DOCUMENT_LINK_TTL_S,
      }),
    jobs: (ctx, deps) => adminJobs({ approvals: deps.approvals, everyMs: ctx.config.ADMIN_APPROVALS_SWEEP_MS }),
  });

export const service = createAdminService();

if (import.meta.main) await service.main();
