import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { requireBinary } from "./binaries.ts";
import { assertPortFree } from "./ports.ts";
import { spawnProcess } from "./process.ts";
import { httpOk, waitUntil } from "./wait.ts";

/** Services the gateway routes to; each has a <NAME>_UPSTREAM placeholder in caddy/Caddyfile. */
export const GATEWAY_UPSTREAMS = [
  "auth",
  "wallet",
  "transactions",
  "kyc",
  "analytics",
  "notifications",
  "social",
  "webhook",
  "admin",
  "web",
] as const;
export type GatewayUpstream = (typeof GATEWAY_UPSTREAMS)[number];

export const DEFAULT_CADDYFILE = resolve(import.meta.dir, "../../caddy/Caddyfile");

export interface CaddyOptions {
  /** XDG config/data homes and caddy.log live here. */
  dataDir: string;
  /** Gateway HTTP port. */
  port: number;
  adminPort: number;
  /** Interface the gateway binds (default 127.0.0.1). */
  host?: string;
  configFile?: string;
  /** host:port per service; services not given use the Caddyfile defaults (127.0.0.1:<port>). */
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

/** The environment caddy/Caddyfile reads: GATEWAY_*, CADDY_ADMIN and <NAME>_UPSTREAM. */
export function caddyEnv(opts: Pick<CaddyOptions, "port" | "adminPort" | "host" | "upstreams" | "trustedEdges">): Record<string, string> {
  const host = opts.host ?? "127.0.0.1";
  const env: Record<string, string> = {
    GATEWAY_BIND: host,
    GATEWAY_PORT: String(opts.port),
    CADDY_ADMIN: `127.0.0.1:${opts.adminPort}`,
  };
  if (opts.trustedEdges?.length) env.GATEWAY_TRUSTED_EDGES = opts.trustedEdges.join(" ");
  for (const [name, address] of Object.entries(opts.upstreams ?? {})) {
    if (address) env[`${name.toUpperCase()}_UPSTREAM`] = address;
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
