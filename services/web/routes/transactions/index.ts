import { Hono } from "hono";
import type { WebEnv } from "../../app/env.ts";
import type { Kit } from "../../app/kit.ts";
import { detailPage } from "./detail.ts";
import { exportCsv } from "./export.ts";
import { listPage, morePart, resultsPart } from "./list.ts";

/**
 * /transactions: the filtered, paged list (list.ts), its CSV export (export.ts) and one
 * transaction in full (detail.ts).
 */
export function transactionsPage(kit: Kit) {
  const app = new Hono<WebEnv>();
  app.get("/", listPage(kit));
  app.get("/parts/more", morePart(kit));
  app.get("/parts/results", resultsPart(kit));
  // Before /:id, which would otherwise take it for an id.
  app.get("/export.csv", exportCsv(kit));
  app.get("/:id", detailPage(kit));
  return app;
}
