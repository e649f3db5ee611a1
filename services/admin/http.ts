import type { TokenVerifier } from "../../shared/http/auth.ts";
import { createRouter } from "../../shared/http/app.ts";
import type { Logger } from "../../shared/log.ts";
import { approvalRoutes } from "./http/approvals.ts";
import { auditRoutes } from "./http/audit.ts";
import { adminOnly } from "./http/common.ts";
import { fraudRoutes } from "./http/fraud.ts";
import { kycRoutes } from "./http/kyc.ts";
import { overviewRoutes } from "./http/overview.ts";
import { systemRoutes } from "./http/system.ts";
import { transactionRoutes } from "./http/transactions.ts";
import { userRoutes } from "./http/users.ts";
import type { AdminDeps } from "./setup.ts";

export interface AdminHttpSettings {
  verifier: TokenVerifier;
  log: Logger;
  publicBaseUrl: string;
  dualControlCents: number;
  traceUi: string | undefined;
  linkTtlS: number;
}

/** The admin API under /admin: the console's back office. Every route needs the ADMIN role. */
export function buildAdminHttp(deps: AdminDeps, settings: AdminHttpSettings) {
  const app = createRouter();
  const guard = adminOnly(settings.verifier, [settings.publicBaseUrl]);
  overviewRoutes(app, guard, deps);
  userRoutes(app, guard, deps);
  kycRoutes(app, guard, { ...deps, linkTtlS: settings.linkTtlS, log: settings.log });
  fraudRoutes(app, guard, deps);
  transactionRoutes(app, guard, { ...deps, dualControlCents: settings.dualControlCents, traceUi: settings.traceUi });
  systemRoutes(app, guard, deps);
  auditRoutes(app, guard, { ...deps, traceUi: settings.traceUi });
  approvalRoutes(app, guard, deps);
  return app;
}
