/**
 * Developers run the platform (`bun dev`, on fixed ports) and the tests side by side: nothing a
 * test starts may route to or dial those ports, where the developer's services would answer.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { loadConfig } from "../shared/config.ts";
import { DEV_PORTS } from "../shared/devstack/dev-ports.ts";
import { findFreePort } from "../shared/devstack/ports.ts";
import { SERVICE_PORTS } from "../shared/devstack/services.ts";
import { getCaddy } from "./harness/infra.ts";
import { testEnv } from "./harness/services.ts";

setDefaultTimeout(60_000);

const root = join(import.meta.dir, "..");
const FIXED_PORTS = new Set<number>([...Object.values(SERVICE_PORTS), ...Object.values(DEV_PORTS)]);

/** host:port (or URL) → its port, when it names one on this machine. */
function localPort(address: string): number | null {
  const url = URL.parse(address.includes("://") ? address : `tcp://${address}`);
  if (!url || !["127.0.0.1", "localhost", "[::1]", "0.0.0.0", ""].includes(url.hostname)) return null;
  return url.port ? Number(url.port) : null;
}

/** Every value under a key named `key`, anywhere in a JSON document. */
function valuesOf(node: unknown, key: string): unknown[] {
  if (Array.isArray(node)) return node.flatMap((item) => valuesOf(item, key));
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([k, v]) => (k === key ? [v, ...valuesOf(v, key)] : valuesOf(v, key)));
}

describe("tests stay clear of a running bun dev", () => {
  test("a test gateway answers 503 for a service the test did not start and dials none of bun dev's ports", async () => {
    // When a developer's bun dev runs, its wallet answers on this port; the test gateway must not ask it.
    const authPort = await findFreePort();
    const auth = Bun.serve({ hostname: "127.0.0.1", port: authPort, fetch: () => Response.json({ ok: true }) });
    try {
      const gateway = await getCaddy({ auth: `127.0.0.1:${authPort}` });
      expect((await fetch(`${gateway.url}/api/v1/auth/me`)).status).toBe(200);

      const wallet = await fetch(`${gateway.url}/api/v1/wallet/`);
      expect(wallet.status).toBe(503);
      expect(((await wallet.json()) as { code: string }).code).toBe("UNAVAILABLE");

      // Every upstream of every route, as Caddy loaded them (whether or not anything listens
      // there now): none at a fixed port of bun dev.
      const config = await (await fetch(`${gateway.adminUrl}/config/`)).json();
      const dials = valuesOf(config, "dial").map(String);
      expect(dials).toContain(`127.0.0.1:${authPort}`);
      expect(dials.filter((dial) => FIXED_PORTS.has(localPort(dial) ?? -1))).toEqual([]);
    } finally {
      auth.stop(true);
    }
  });

  test("a service the harness starts dials no fixed port of bun dev unless the test names one", async () => {
    const services = readdirSync(join(root, "services")).filter((name) => existsSync(join(root, "services", name, "config.ts")));
    expect(services.length).toBeGreaterThan(0);
    const dialled: string[] = [];
    for (const name of services) {
      const module = (await import(join(root, "services", name, "config.ts"))) as Record<string, unknown>;
      const schemas = Object.values(module).filter((value): value is z.ZodObject => value instanceof z.ZodObject);
      const env = { ...process.env, ...(await testEnv(name)) };
      for (const schema of schemas) {
        const config = loadConfig(name, 0, schema, env) as Record<string, unknown>;
        for (const [key, value] of Object.entries(config)) {
          // Where links in pages and e-mails point; never dialled.
          if (key === "PUBLIC_BASE_URL" || typeof value !== "string") continue;
          const port = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? localPort(value) : null;
          if (port !== null && FIXED_PORTS.has(port)) dialled.push(`${name}: ${key}=${value}`);
        }
      }
    }
    expect(dialled).toEqual([]);
  });
});
