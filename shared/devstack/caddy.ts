import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { requireBinary } from "./binaries.ts";
import { assertPortFree } from "./ports.ts";
import { spawnProcess } from "./process.ts";
import { httpOk, waitUntil } from "./wait.ts";

/** A service name with a <NAME>_UPSTREAM placeholder in the Caddyfile (auth, wallet, web, …). */
export type GatewayUpstream = string;

export const DEFAULT_CADDYFILE = resolve(import.meta.dir, "../../caddy/Caddyfile");

/**
 * Where the gateway sends a route whose service was not given: a Unix socket that cannot exist
 * (/dev/null is no folder), so the dial fails at once and the route answers 503. The Caddyfile's
 * own defaults are the fixed ports of `bun dev`, where a developer's running platform would
 * answer instead.
 */
export const UNREACHABLE_UPSTREAM = "unix//dev/null/service-not-started";

/** The services the Caddyfile routes to, read from its <NAME>_UPSTREAM placeholders. */
export function gatewayUpstreams(configFile = DEFAULT_CADDYFILE): GatewayUpstream[] {
  const text = readFileSync(configFile, "utf8");
  const names = [...text.matchAll(/\{\$([A-Z][A-Z0-9_]*)_UPSTREAM[:}]/g)].map((m) => m[1]!.toLowerCase().replaceAll("_", "-"));
  return [...new Set(names)];
}

export interface CaddyOptions {
  /** XDG config/data homes and caddy.log live here. */
  dataDir: string;
  /** Gateway HTTP port. */
  port: number;
  adminPort: number;
  /** Interface the gateway binds (default 127.0.0.1). */
  host?: string;
  configFile?: string;
  /** host:port per service; a route to a service not given answers 503 (see UNREACHABLE_UPSTREAM). */
  upstreams?: Partial<Record<GatewayUpstream, string>>;
  /** Addresses or CIDRs of a geo-aware edge whose X-Client-Country the gateway passes on (none). */
  trustedEdges?: string[];
  install?: boolean;
  /** Own process group, so a terminal Ctrl-C reaches only the parent (bun dev). */
  detached?: boolean;
  timeoutMs?: number;
}

export interface CaddyServer {
  /** http://host:port */
  url: string;
  port: number;
  adminUrl: string;
  logFile: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The environment caddy/Caddyfile reads: GATEWAY_*, CADDY_ADMIN and <NAME>_UPSTREAM for every
 * service it routes to. Services not in `upstreams` go to UNREACHABLE_UPSTREAM, never to a
 * default address; names the Caddyfile does not route are ignored.
 */
export function caddyEnv(
  opts: Pick<CaddyOptions, "port" | "adminPort" | "host" | "upstreams" | "trustedEdges" | "configFile">,
): Record<string, string> {
  const host = opts.host ?? "127.0.0.1";
  const env: Record<string, string> = {
    GATEWAY_BIND: host,
    GATEWAY_PORT: String(opts.port),
    CADDY_ADMIN: `127.0.0.1:${opts.adminPort}`,
  };
  if (opts.trustedEdges?.length) env.GATEWAY_TRUSTED_EDGES = opts.trustedEdges.join(" ");
  for (const name of gatewayUpstreams(opts.configFile)) {
    env[`${name.toUpperCase().replaceAll("-", "_")}_UPSTREAM`] = opts.upstreams?.[name] || UNREACHABLE_UPSTREAM;
  }
  return env;
}

/** Runs `caddy run` with the repository Caddyfile and waits until the gateway's /healthz answers. */
export async function startCaddy(opts: CaddyOptions): Promise<CaddyServer> {
  const host = opts.host ?? "127.0.0.1";
  const bin = await requireBinary("caddy", { install: opts.install });
  await assertPortFree(opts.port, "Caddy gateway", "Stop whatever uses it.", host);
  await assertPortFree(opts.adminPort, "Caddy admin API", "Stop whatever uses it.");
  const xdgConfig = join(opts.dataDir, "config");
  const xdgData = join(opts.dataDir, "data");
  mkdirSync(xdgConfig, { recursive: true });
  mkdirSync(xdgData, { recursive: true });
  const logFile = join(opts.dataDir, "caddy.log");

  const child = spawnProcess({
    name: "caddy",
    cmd: [bin, "run", "--config", opts.configFile ?? DEFAULT_CADDYFILE, "--adapter", "caddyfile", "--pidfile", join(opts.dataDir, "caddy.pid")],
    cwd: opts.dataDir,
    // Caddy otherwise writes autosave.json and certificates under $HOME.
    env: { ...process.env, ...caddyEnv(opts), XDG_CONFIG_HOME: xdgConfig, XDG_DATA_HOME: xdgData, HOME: opts.dataDir },
    logFile,
    detached: opts.detached,
  });
  const stop = () => child.stop({ signal: "SIGTERM", timeoutMs: 10_000 });
  const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${opts.port}`;
  try {
    await waitUntil(`Caddy on ${host}:${opts.port}`, () => httpOk(`${url}/healthz`), {
      child,
      timeoutMs: opts.timeoutMs ?? 30_000,
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port: opts.port, adminUrl: `http://127.0.0.1:${opts.adminPort}`, logFile, pid: child.pid, stop };
}
