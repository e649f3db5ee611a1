import { Hono } from "hono";
import { DashboardFigures, DashboardPage } from "@mint/views/pages/admin/dashboard.tsx";
import type { WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { view as h } from "../../app/render.tsx";
import { adminZone } from "./common.ts";

const ACTIVE = "/app-admin/dashboard";

/**
 * /app-admin/dashboard: the platform's figures (GET /admin/overview). The figures are their own
 * fragment, which the page asks for again every few seconds: the console has no event stream of
 * its own (the notifications stream is per user), and one overview call is cheap (the ledger
 * check behind it is reused for 30 s).
 */
export function dashboardPage(kit: Kit) {
  const app = new Hono<WebEnv>();
  const overview = async (c: Parameters<Parameters<Kit["adminAction"]>[0]>[0], token: string) => {
    const r = await kit.clients.admin.overview(c.get("meta"), token);
    if (!r.ok) kit.log.warn("admin overview unavailable", { status: r.status, requestId: c.get("requestId") });
    return r.ok ? r.data : null;
  };
  app.get(
    "/",
    kit.adminPage(ACTIVE, async (c, s) => h(DashboardPage, { o: await overview(c, s.accessToken), tz: adminZone(c) })),
  );
  app.get(
    "/parts/figures",
    kit.adminAction(async (c, s) => c.html(h(DashboardFigures, { o: await overview(c, s.accessToken), tz: adminZone(c) }))),
  );
  return app;
}
