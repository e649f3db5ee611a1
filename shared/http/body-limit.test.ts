import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { createLogger } from "../log.ts";
import { buildRootApp } from "./app.ts";

// The root app's body limit: one for every route, and a larger one only for the exact paths that
// declare it (an upload), so an upload route does not raise the limit of the others.

function testApp() {
  const routes = new Hono();
  const read = async (c: { req: { arrayBuffer(): Promise<ArrayBuffer> }; json(v: unknown): Response }) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength });
  routes.post("/upload", read);
  routes.post("/upload/other", read);
  routes.post("/form", read);
  const app = buildRootApp({
    service: "test",
    log: createLogger("test", "error"),
    trustedProxies: [],
    bodyLimitBytes: 1024,
    routeBodyLimits: { "/upload": 8 * 1024 },
    acceptedContentTypes: ["application/octet-stream"],
    readiness: async () => ({ ok: true, checks: {} }),
    serviceApp: routes,
  });
  return (path: string, bytes: number) =>
    app.fetch(new Request(`http://test${path}`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: new Uint8Array(bytes) }));
}

describe("per-route body limits", () => {
  test("the declared path takes bodies up to its own limit and refuses larger ones with 413", async () => {
    const send = testApp();
    const ok = await send("/upload", 8 * 1024);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ bytes: 8 * 1024 });
    const tooLarge = await send("/upload", 8 * 1024 + 1);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get("content-type")).toBe("application/problem+json");
  });

  test("every other path keeps the default limit, a path under the declared one included", async () => {
    const send = testApp();
    expect((await send("/form", 1024)).status).toBe(200);
    for (const path of ["/form", "/upload/other", "/upload/", "/UPLOAD"]) {
      expect({ path, status: (await send(path, 1025)).status }).toEqual({ path, status: 413 });
    }
  });
});
