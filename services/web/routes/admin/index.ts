import { Hono } from "hono";
import type { WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { approvalsPage } from "./approvals.ts";
import { auditPage } from "./audit.ts";
import { dashboardPage } from "./dashboard.ts";
import { fraudPage } from "./fraud.ts";
import { kycPage } from "./kyc.ts";
import { systemPage } from "./system.ts";
import { transactionsPage } from "./transactions.ts";
import { usersPage } from "./users.ts";

/** The admin console at /app-admin: one small app per page of its menu. */
export function adminConsole(kit: Kit) {
  const app = new Hono<WebEnv>();
  app.get("/", (c) => c.redirect("/app-admin/dashboard", 302));
  app.route("/dashboard", dashboardPage(kit));
  app.route("/users", usersPage(kit));
  app.route("/kyc", kycPage(kit));
  app.route("/fraud", fraudPage(kit));
  app.route("/transactions", transactionsPage(kit));
  app.route("/approvals", approvalsPage(kit));
  app.route("/system", systemPage(kit));
  app.route("/audit", auditPage(kit));
  return app;
}
