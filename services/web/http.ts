import { Hono } from "hono";
import type { C, WebEnv, WebServiceContext } from "./app/env.ts";
import { createKit } from "./app/kit.ts";
import { formBodyLimit, requestMeta, sameOriginOnly } from "./app/middleware.ts";
import { notFound, problemResponse } from "./app/respond.ts";
import { createClients } from "./clients/index.ts";
import { approvalsPage as adminApprovalsPage } from "./routes/admin/approvals.ts";
import { auditPage as adminAuditPage } from "./routes/admin/audit.ts";
import { dashboardPage as adminDashboardPage } from "./routes/admin/dashboard.ts";
import { fraudPage as adminFraudPage } from "./routes/admin/fraud.ts";
import { kycPage as adminKycPage } from "./routes/admin/kyc.ts";
import { systemPage as adminSystemPage } from "./routes/admin/system.ts";
import { transactionsPage as adminTransactionsPage } from "./routes/admin/transactions.ts";
import { usersPage as adminUsersPage } from "./routes/admin/users.ts";
import { analyticsPage } from "./routes/analytics/index.ts";
import { dashboardPage } from "./routes/dashboard.ts";
import { KYC_UPLOAD_PATH, kycPage } from "./routes/kyc.ts";
import { liveStream } from "./routes/live.ts";
import { notificationsPage } from "./routes/notifications.ts";
import { placeholderPages } from "./routes/placeholders.ts";
import { sessionActions } from "./routes/session.ts";
import { settingsPage } from "./routes/settings/index.ts";
import { signInPages } from "./routes/sign-in.ts";
import { socialPage } from "./routes/social/index.ts";
import { staticFiles } from "./routes/static.ts";
import { transactionsPage } from "./routes/transactions/index.ts";
import { walletPages } from "./routes/wallet/index.ts";

export type { WebConfig, WebServiceContext } from "./app/env.ts";

/**
 * The web tier: the user app at / and the admin console at /app-admin. Each area is a small Hono
 * app in routes/ (its route), calling the APIs through clients/ (its data) and rendering
 * views/pages/ (its view); this file only composes them.
 */
export function buildWebApp(ctx: WebServiceContext): Hono<WebEnv> {
  const { config, log } = ctx;
  const kit = createKit(config, log, createClients(config), { shutdown: ctx.shutdown });
  const app = new Hono<WebEnv>();

  app.use(requestMeta(config));
  app.use(sameOriginOnly(config, log));
  app.use(formBodyLimit(undefined, [KYC_UPLOAD_PATH]));

  app.route("/static", staticFiles());
  app.route("/", signInPages(kit));
  app.route("/", sessionActions(kit));
  app.route("/dashboard", dashboardPage(kit));
  app.route("/analytics", analyticsPage(kit));
  app.route("/notifications", notificationsPage(kit));
  app.route("/live", liveStream(kit));
  app.get("/app-admin", (c) => c.redirect("/app-admin/dashboard", 302));
  app.route("/app-admin/dashboard", adminDashboardPage(kit));
  app.route("/app-admin/users", adminUsersPage(kit));
  app.route("/app-admin/kyc", adminKycPage(kit));
  app.route("/app-admin/fraud", adminFraudPage(kit));
  app.route("/app-admin/transactions", adminTransactionsPage(kit));
  app.route("/app-admin/approvals", adminApprovalsPage(kit));
  app.route("/app-admin/system", adminSystemPage(kit));
  app.route("/app-admin/audit", adminAuditPage(kit));
  app.route("/transactions", transactionsPage(kit));
  app.route("/wallet", walletPages(kit));
  app.route("/social", socialPage(kit));
  app.route("/kyc", kycPage(kit));
  app.route("/settings", settingsPage(kit));
  app.route("/", placeholderPages(kit));

  // A catch-all route as well as notFound: when this app is mounted in the runtime's root app,
  // only the root's notFound (problem+json) would run, and browsers deserve a page.
  app.all("*", (c) => notFound(c));
  app.notFound((c) => notFound(c as C));
  app.onError((err, c) => {
    log.error("unhandled error", { err, path: c.req.path, requestId: (c as C).get("requestId") });
    return problemResponse(c as C, 500, "Something went wrong", "An unexpected error occurred on our side. Please try again.");
  });
  return app;
}
