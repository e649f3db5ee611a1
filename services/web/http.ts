import { Hono } from "hono";
import type { C, WebEnv, WebServiceContext } from "./app/env.ts";
import { createKit } from "./app/kit.ts";
import { formBodyLimit, requestMeta, sameOriginOnly } from "./app/middleware.ts";
import { notFound, problemResponse } from "./app/respond.ts";
import { createClients } from "./clients/index.ts";
import { adminConsole } from "./routes/admin/index.ts";
import { analyticsPage } from "./routes/analytics/index.ts";
import { dashboardPage } from "./routes/dashboard.ts";
import { KYC_UPLOAD_PATH, kycPage } from "./routes/kyc.ts";
import { liveStream } from "./routes/live.ts";
import { notificationsPage } from "./routes/notifications.ts";
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
  app.route("/transactions", transactionsPage(kit));
  app.route("/wallet", walletPages(kit));
  app.route("/social", socialPage(kit));
  app.route("/kyc", kycPage(kit));
  app.route("/settings", settingsPage(kit));
  app.route("/app-admin", adminConsole(kit));

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
