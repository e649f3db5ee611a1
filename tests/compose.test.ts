import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { gatewayUpstreams } from "../shared/devstack/caddy.ts";
import composeSchema from "./schemas/compose-spec.json";

const root = join(import.meta.dir, "..");

/** services/<name>/ folders with an entry point. */
const serviceFolders = () =>
  readdirSync(join(root, "services"), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, "services", d.name, "main.ts")))
    .map((d) => d.name);

/**
 * Whether a service answers clients through the gateway: it has the anatomy's http.ts (or an
 * http/ folder), and the paths declared there are not all under /internal/ (the audit log's API
 * is for operators inside the network). A service without either (fraud) serves only /healthz
 * and /readyz.
 */
function hasPublicApi(name: string): boolean {
  const dir = join(root, "services", name);
  const httpDir = join(dir, "http");
  const files = [
    ...(existsSync(join(dir, "http.ts")) ? [join(dir, "http.ts")] : []),
    ...(existsSync(httpDir) ? readdirSync(httpDir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).map((f) => join(httpDir, f)) : []),
  ];
  if (files.length === 0) return false;
  const paths = files.flatMap((file) => [...readFileSync(file, "utf8").matchAll(/(["'`])(\/[^"'`\s]*)\1/g)].map((m) => m[2]!));
  return paths.length === 0 || paths.some((path) => !path.startsWith("/internal/"));
}

/** The service a compose entry runs: the <name> of its `bun services/<name>/main.ts` command. */
const entryPointOf = (service: Record<string, unknown>): string | null => {
  const command = Array.isArray(service.command) ? (service.command as unknown[]).join(" ") : String(service.command ?? "");
  return /services\/([^/\s]+)\/main\.ts/.exec(command)?.[1] ?? null;
};

function loadCompose(): Record<string, unknown> & { services: Record<string, Record<string, unknown>> } {
  // Compose resolves YAML merge keys (<<: *anchor), so the check must as well.
  return parse(readFileSync(join(root, "compose.yaml"), "utf8"), { merge: true });
}

function validator() {
  // The schema is draft-07 and uses annotations Ajv does not know ("deprecated"), hence strict off;
  // its custom formats (durations, ports) are checked by Compose itself, not here.
  const { $schema: _ignored, ...schema } = composeSchema as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(schema);
}

describe("compose.yaml", () => {
  test("is valid against the Compose Specification schema", () => {
    const validate = validator();
    const ok = validate(loadCompose());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test("the schema check rejects an invalid file", () => {
    const validate = validator();
    const broken = loadCompose();
    (broken.services.auth as Record<string, unknown>).depends_on = { postgres: { condition: "whenever" } };
    expect(validate(broken)).toBe(false);
    expect(validate({ services: { x: { image: 42 } } })).toBe(false);
  });

  test("every service folder with a main.ts runs as a compose service", () => {
    const services = loadCompose().services;
    for (const name of serviceFolders()) {
      expect(Object.keys(services)).toContain(name);
      expect(services[name]!.command).toEqual(["bun", `services/${name}/main.ts`]);
    }
  });

  test("every service compose.yaml starts has its folder and entry point", () => {
    const started = Object.values(loadCompose().services).map(entryPointOf).filter((name) => name !== null);
    expect(started.length).toBeGreaterThan(0);
    const missing = started.filter((name) => !existsSync(join(root, "services", name, "main.ts"))).map((name) => `services/${name}/main.ts`);
    expect(missing).toEqual([]);
  });

  test("every service address in the services' environment names a compose service on its port", () => {
    const services = loadCompose().services;
    const env = loadCompose()["x-service-env"] as Record<string, string>;
    const dangling = Object.entries(env)
      .filter(([key]) => /^[A-Z]+_URL$/.test(key) && key !== "PUBLIC_BASE_URL")
      .map(([key, value]) => ({ key, url: new URL(value) }))
      .filter(({ url }) => url.protocol === "http:")
      .filter(({ url }) => (services[url.hostname]?.environment as Record<string, string> | undefined)?.PORT !== url.port)
      .map(({ key, url }) => `${key}=${url}`);
    expect(dangling).toEqual([]);
  });

  test("the gateway routes to every service with a public API, and only to services that exist", () => {
    const services = loadCompose().services;
    const routed = gatewayUpstreams();
    const gatewayEnv = services.gateway!.environment as Record<string, string>;
    // Each route of caddy/Caddyfile names a service folder, and compose gives the gateway its address.
    for (const name of routed) {
      expect({ route: name, entryPoint: existsSync(join(root, "services", name, "main.ts")) }).toEqual({ route: name, entryPoint: true });
      const port = (services[name]?.environment as Record<string, string> | undefined)?.PORT;
      expect({ route: name, upstream: gatewayEnv[`${name.toUpperCase()}_UPSTREAM`] }).toEqual({ route: name, upstream: `${name}:${port}` });
    }
    // And nothing else: an upstream compose sets that the Caddyfile never reads is a route nobody serves.
    const configured = Object.keys(gatewayEnv).filter((key) => key.endsWith("_UPSTREAM")).map((key) => key.slice(0, -"_UPSTREAM".length).toLowerCase());
    expect(configured.sort()).toEqual([...routed].sort());
    // Each service with a public API has a route.
    const unrouted = serviceFolders().filter((name) => hasPublicApi(name) && !routed.includes(name));
    expect(unrouted).toEqual([]);
  });

  test("a public API is told apart from an internal one", () => {
    expect(hasPublicApi("wallet")).toBe(true);
    expect(hasPublicApi("web")).toBe(true);
    expect(hasPublicApi("social")).toBe(true);
    expect(hasPublicApi("fraud")).toBe(false);
    expect(hasPublicApi("audit")).toBe(false);
  });

  test("the gateway mounts the repository Caddyfile", () => {
    const gateway = loadCompose().services.gateway!;
    expect(gateway.image).toBe("caddy:2");
    expect(gateway.volumes).toContain("./caddy/Caddyfile:/etc/caddy/Caddyfile:ro");
  });
});
