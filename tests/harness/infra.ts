/**
 * Real servers for tests, started lazily once per `bun test` process in one temporary folder
 * on random free ports (20000–32000), and stopped by the preload's cleanup.
 *
 *   const { postgresUrl, redisUrl, natsUrl, nats } = await getInfra();
 *
 * MINT_TEST_POSTGRES_URL / MINT_TEST_REDIS_URL / MINT_TEST_NATS_URL reuse running servers
 * instead (then `nats` is null: a server we did not start is not ours to stop).
 * MINT_TEST_KEEP=1 keeps the temporary folder (logs, data) for inspection.
 *
 * Servers share the test process's group, so a runner that kills the group takes them along;
 * folders left by a test process that died anyway (SIGKILL) are reaped on the next run.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CaddyServer, type GatewayUpstream, startCaddy } from "../../shared/devstack/caddy.ts";
import { type MaildevServer, startMaildev } from "../../shared/devstack/maildev.ts";
import { type NatsServer, startNats } from "../../shared/devstack/nats.ts";
import { findFreePort } from "../../shared/devstack/ports.ts";
import { startPostgres } from "../../shared/devstack/postgres.ts";
import { isAlive, killTree, waitGoneSync } from "../../shared/devstack/process.ts";
import { startRedis } from "../../shared/devstack/redis.ts";
import { type S3Server, startS3 } from "../../shared/devstack/s3.ts";

export interface NatsControl {
  /** Stops the test NATS server (JetStream data is kept). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same JetStream store. */
  restart(): Promise<void>;
}

export interface Infra {
  postgresUrl: string;
  redisUrl: string;
  natsUrl: string;
  /** Control over the NATS server the harness started; null when MINT_TEST_NATS_URL is reused. */
  nats: NatsControl | null;
}

export type Maildev = Pick<MaildevServer, "url" | "smtpUrl" | "smtpPort" | "webUrl" | "webPort">;
export type S3 = Pick<S3Server, "url" | "endpoint" | "accessKey" | "secretKey" | "bucket" | "region" | "engine">;
export type Gateway = Pick<CaddyServer, "url" | "port" | "adminUrl"> & { stop(): Promise<void> };

interface Running {
  name: string;
  stop(): Promise<void>;
  /** Process ids for the synchronous last-resort cleanup. */
  pids(): number[];
}

const running: Running[] = [];
let root: string | null = null;
let infra: Promise<Infra> | null = null;
let maildev: Promise<Maildev> | null = null;
let s3: Promise<S3> | null = null;
let closed: Promise<string> | null = null;
const gateways = new Map<string, Promise<Gateway>>();

const ROOT_PREFIX = "mint-test-";
const OWNER_FILE = "owner.pid";

/** The temporary folder of this test process (created on first use). */
export function testTempDir(): string {
  if (!root) {
    reapAbandoned();
    root = mkdtempSync(join(tmpdir(), ROOT_PREFIX));
    // The postgres system user must be able to reach its data directory inside.
    chmodSync(root, 0o755);
    writeFileSync(join(root, OWNER_FILE), String(process.pid));
  }
  return root;
}

function cwdOf(pid: number): string {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return "";
  }
}

/** Kills servers whose test process is gone (their command lines name its folder) and removes the folder. */
function reapAbandoned(): void {
  const base = tmpdir();
  const abandoned = readdirSync(base)
    .filter((entry) => entry.startsWith(ROOT_PREFIX))
    .map((entry) => join(base, entry))
    .filter((dir) => {
      try {
        const owner = Number(readFileSync(join(dir, OWNER_FILE), "utf8"));
        return Number.isInteger(owner) && owner > 0 && !isAlive(owner);
      } catch {
        return false; // not ours, or still being created
      }
    });
  if (abandoned.length === 0) return;
  const ps = Bun.spawnSync({ cmd: ["ps", "-A", "-o", "pid=,args="], stdout: "pipe", stderr: "ignore" });
  const pids: number[] = [];
  const inside = (path: string) => abandoned.some((dir) => path.includes(`${dir}/`) || path === dir);
  for (const line of ps.stdout.toString().split("\n")) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    // Some servers rewrite their command line (redis-server), but all run inside their folder.
    if (inside(match[2]!) || inside(cwdOf(Number(match[1])))) pids.push(Number(match[1]));
  }
  for (const pid of pids) killTree(pid, "SIGKILL");
  waitGoneSync(pids, 3000);
  for (const dir of abandoned) rmSync(dir, { recursive: true, force: true });
}

function dirFor(name: string): string {
  const dir = join(testTempDir(), name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Registers a process this run started, so that however the run ends it is stopped. */
export function track<T extends { stop(): Promise<void> }>(name: string, server: T, pids: () => number[]): T {
  running.push({ name, stop: () => server.stop(), pids });
  return server;
}

async function postgresUrl(): Promise<string> {
  const reuse = process.env.MINT_TEST_POSTGRES_URL;
  if (reuse) return reuse;
  const pg = await startPostgres({ dataDir: dirFor("postgres"), port: await findFreePort(), ephemeral: true });
  return track("postgres", pg, () => [pg.pid]).url;
}

async function redisUrl(): Promise<string> {
  const reuse = process.env.MINT_TEST_REDIS_URL;
  if (reuse) return reuse;
  const redis = await startRedis({ dataDir: dirFor("redis"), port: await findFreePort(), ephemeral: true });
  return track("redis", redis, () => [redis.pid]).url;
}

async function natsServer(): Promise<{ url: string; control: NatsControl | null }> {
  const reuse = process.env.MINT_TEST_NATS_URL;
  if (reuse) return { url: reuse, control: null };
  const nats: NatsServer = await startNats({ dataDir: dirFor("nats"), port: await findFreePort() });
  track("nats", nats, () => {
    const pid = nats.pid();
    return pid ? [pid] : [];
  });
  return { url: nats.url, control: { stop: () => nats.stop(), restart: () => nats.restart() } };
}

/**
 * host:port of a listener that hangs up on every connection, held for the whole run: where the
 * harness points every address a test leaves unset. The defaults are the fixed ports of `bun dev`,
 * where a developer's running platform would answer instead.
 */
export function closedAddress(): Promise<string> {
  closed ??= (async () => {
    const port = await findFreePort();
    const listener = Bun.listen({ hostname: "127.0.0.1", port, socket: { open: (socket) => void socket.end(), data: () => {} } });
    listener.unref();
    track("closed address", { stop: async () => listener.stop(true) }, () => []);
    return `127.0.0.1:${port}`;
  })();
  return closed;
}

/** PostgreSQL, Redis and NATS (JetStream), started together on first call and shared afterwards. */
export function getInfra(): Promise<Infra> {
  infra ??= (async () => {
    const [pg, redis, nats] = await Promise.all([postgresUrl(), redisUrl(), natsServer()]);
    return { postgresUrl: pg, redisUrl: redis, natsUrl: nats.url, nats: nats.control };
  })();
  return infra;
}

/** MailDev (SMTP + REST inbox at webUrl/email), started on first call. */
export function getMaildev(): Promise<Maildev> {
  maildev ??= (async () => {
    const server = await startMaildev({
      dataDir: dirFor("maildev"),
      smtpPort: await findFreePort(),
      webPort: await findFreePort(),
    });
    track("maildev", server, () => [server.pid]);
    const { url, smtpUrl, smtpPort, webUrl, webPort } = server;
    return { url, smtpUrl, smtpPort, webUrl, webPort };
  })();
  return maildev;
}

/** An S3-compatible store with the mint-kyc-docs bucket, started on first call. */
export function getS3(): Promise<S3> {
  s3 ??= (async () => {
    const server = await startS3({ dataDir: dirFor("s3"), port: await findFreePort() });
    track("s3", server, () => [server.pid]);
    const { url, endpoint, accessKey, secretKey, bucket, region, engine } = server;
    return { url, endpoint, accessKey, secretKey, bucket, region, engine };
  })();
  return s3;
}

/**
 * The Caddy gateway (caddy/Caddyfile) routing to the given upstreams (host:port per service);
 * one gateway per distinct upstream set, started on first call.
 */
export function getCaddy(upstreams: Partial<Record<GatewayUpstream, string>> = {}, trustedEdges: string[] = []): Promise<Gateway> {
  const key = JSON.stringify([Object.entries(upstreams).sort(([a], [b]) => a.localeCompare(b)), trustedEdges]);
  let gateway = gateways.get(key);
  if (!gateway) {
    gateway = (async () => {
      const server = await startCaddy({
        dataDir: dirFor(`caddy-${gateways.size}`),
        port: await findFreePort(),
        adminPort: await findFreePort(),
        upstreams,
        trustedEdges,
      });
      track("caddy", server, () => [server.pid]);
      return {
        url: server.url,
        port: server.port,
        adminUrl: server.adminUrl,
        async stop() {
          gateways.delete(key);
          const index = running.findIndex((r) => r.name === "caddy" && r.pids()[0] === server.pid);
          if (index >= 0) running.splice(index, 1);
          await server.stop();
        },
      };
    })();
    gateways.set(key, gateway);
  }
  return gateway;
}

function forget(): void {
  infra = null;
  maildev = null;
  s3 = null;
  closed = null;
  gateways.clear();
}

function removeRoot(): void {
  if (root && !process.env.MINT_TEST_KEEP) rmSync(root, { recursive: true, force: true });
  else if (root) process.stderr.write(`[harness] kept ${root}\n`);
  root = null;
}

/** Stops everything this process started (newest first) and removes the temporary folder. */
export async function stopAll(): Promise<void> {
  // Let starts still in flight finish, so nothing is left behind.
  await Promise.allSettled([infra, maildev, s3, closed, ...gateways.values()]);
  forget();
  const errors: string[] = [];
  for (const server of running.splice(0).reverse()) {
    try {
      await server.stop();
    } catch (err) {
      errors.push(`${server.name}: ${(err as Error).message}`);
    }
  }
  removeRoot();
  if (errors.length > 0) throw new Error(`harness cleanup failed:\n${errors.join("\n")}`);
}

/** Last-resort cleanup for process exit and signals: kill whatever is still running, synchronously. */
export function stopAllSync(): void {
  const pids = running.splice(0).flatMap((r) => r.pids());
  for (const pid of pids) killTree(pid, "SIGKILL");
  waitGoneSync(pids, 3000);
  forget();
  removeRoot();
}
