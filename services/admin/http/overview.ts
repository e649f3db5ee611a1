import { createRoute } from "@hono/zod-openapi";
import type { AdminDeps } from "../setup.ts";
import { overview, overviewView } from "../views/overview.ts";
import { json, PREFIX, problem, type Guard, type Router } from "./common.ts";

export function overviewRoutes(app: Router, guard: Guard, deps: AdminDeps) {
  app.openapi(
    createRoute({
      method: "get",
      path: `${PREFIX}/overview`,
      middleware: guard,
      description:
        "The dashboard: users, KYC reviews waiting, open fraud cases, actions waiting for a second admin, today's transfers and volume, funds held, and the ledger check (wallet.verify, at most 30 s old). A service that is down leaves its figures null and is listed in `unavailable` rather than failing the page.",
      responses: { 200: json(overviewView, "The figures"), 401: problem, 403: problem },
    }),
    async (c) => c.json(await overview(deps), 200),
  );
}
