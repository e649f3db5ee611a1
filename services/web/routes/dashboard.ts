import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { DashboardContent } from "@mint/views/pages/dashboard.tsx";
import type { WebEnv } from "../app/env.ts";
import type { Kit } from "../app/kit.ts";
import { view as h } from "../app/render.tsx";
import { greeting } from "../domain/greeting.ts";

/** Set by app.js: the browser's IANA time zone, for the greeting. */
const TZ_COOKIE = "mint_tz";

/** /dashboard: greeting, wallet card, this month's tiles, recent activity. */
export function dashboardPage(kit: Kit) {
  const app = new Hono<WebEnv>();
  app.get(
    "/",
    kit.userPage("/dashboard", (c, s) => h(DashboardContent, { greeting: greeting(new Date(), getCookie(c, TZ_COOKIE), s.user.name) })),
  );
  return app;
}
