import { Hono } from "hono";
import { STATIC_ASSETS } from "@mint/views/assets.ts";
import type { WebEnv } from "../app/env.ts";

/** /static/<name>: fingerprinted assets, cached for a year when asked for by their versioned URL. */
export function staticFiles() {
  const app = new Hono<WebEnv>();
  app.get("/:name", (c) => {
    const asset = STATIC_ASSETS.get(c.req.param("name"));
    if (!asset) return c.body("Not found", 404, { "content-type": "text/plain; charset=utf-8" });
    const etag = `"${asset.hash}"`;
    const cacheControl = c.req.query("v") === asset.hash ? "public, max-age=31536000, immutable" : "public, max-age=86400";
    const headers = { "content-type": asset.contentType, "cache-control": cacheControl, etag };
    if (c.req.header("if-none-match") === etag) return c.body(null, 304, headers);
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, headers);
  });
  return app;
}
