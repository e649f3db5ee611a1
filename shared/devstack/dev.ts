/**
 * `bun dev`: the whole mesh on one machine.
 *
 * Reuses the servers named by POSTGRES_URL, REDIS_URL, NATS_URL, SMTP_URL and S3_ENDPOINT,
 * starts its own for the others (data under .data/<name>/, fixed ports below 32768), starts
 * the Caddy gateway, runs every services/<name>/main.ts in watch mode with prefixed logs,
 * and prints one table of URLs and health. Ctrl-C stops the services, then everything else.
 *
 * Missing server binaries are installed first (root on Debian, after saying what) or named with the
 * one command that installs them. package.json's predev (setup.ts) installs node_modules before.
 *
 *   bun dev [--timeout=<seconds>]
 */
import { mkdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { type BinaryName, requireBinaries } from "./binaries.ts";
import { startCaddy } from "./caddy.ts";
import { DEV_PORTS } from "./dev-ports.ts";
import { serviceHeapEnv } from "./heap.ts";
import { DevLock } from "./devlock.ts";
import { formatLogLine } from "./logline.ts";
import { startMaildev } from "./maildev.ts";
import { jetStreamReady, startNats } from "./nats.ts";
import { isListening, isPortFree } from "./ports.ts";
import { canQuery, startPostgres } from "./postgres.ts";
import { bold, type ChildProcess, colourFor, descendants, dim, paint, prefix, spawnProcess } from "./process.ts";
import { ping, startRedis } from "./redis.ts";
import { DEFAULT_BUCKET, ensureBucket, startS3 } from "./s3.ts";
import { discoverServices, type ServiceEntry, serviceUrlEnv } from "./services.ts";
import { renderTable } from "./table.ts";
import { httpOk } from "./wait.ts";

const ROOT = resolve(import.meta.dir, "../..");
const DATA = join(ROOT, ".data");
const PUBLIC_BASE_URL = `http://localhost:${DEV_PORTS.gateway}`;

interface Options {
  /** How long to wait for every service to become ready before printing the table. */
  timeoutMs: number;
}

/** One line of the final table for a piece of infrastructure. */
interface InfraRow {
  name: string;
  url: string;
  note: string;
  check: () => Promise<boolean>;
}

interface RunningService {
  service: ServiceEntry;
  child: ChildProcess | null;
  /** Why it was not started, if it was not. */
  skipped?: string;
}

const stoppers: Array<{ name: string; stop: () => Promise<void> }> = [];
const running: RunningService[] = [];
const lock = new DevLock(DATA, ROOT);
let shuttingDown = false;
let keepAlive: ReturnType<typeof setInterval> | undefined;

const say = (message: string) => process.stdout.write(`${dim("[dev]")} ${message}\n`);
const rel = (path: string) => relative(ROOT, path);

function parseArgs(argv: string[]): Options {
  const options: Options = { timeoutMs: 60_000 };
  for (const arg of argv) {
    if (arg.startsWith("--timeout=")) options.timeoutMs = Number(arg.slice("--timeout=".length)) * 1000;
    else if (arg === "--help" || arg === "-h") {
      process.stdout.write(
        "usage: bun dev [--timeout=<seconds>]\n" +
          "  --timeout=<s>      wait this long for services before printing the table (default 60)\n" +
          "Reuses POSTGRES_URL, REDIS_URL, NATS_URL, SMTP_URL, S3_ENDPOINT when set.\n",
      );
      process.exit(0);
    } else {
      process.stderr.write(`unknown argument ${arg} (try --help)\n`);
      process.exit(2);
    }
  }
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) options.timeoutMs = 60_000;
  return options;
}

function register(name: string, server: { stop(): Promise<void>; pid?: number | (() => number | null) }): void {
  stoppers.push({ name, stop: () => server.stop() });
  const pid = typeof server.pid === "function" ? server.pid() : server.pid;
  if (pid) lock.add(pid);
}

const hostPort = (url: string, fallbackPort: number) => {
  const u = new URL(url);
  return { host: u.hostname || "127.0.0.1", port: Number(u.port) || fallbackPort };
};

// ---- infrastructure -------------------------------------------------------------------------

async function postgresRow(): Promise<InfraRow> {
  const reuse = process.env.POSTGRES_URL;
  if (reuse) return { name: "postgres", url: reuse, note: "reused (POSTGRES_URL)", check: () => canQuery(reuse) };
  const pg = await startPostgres({ dataDir: join(DATA, "postgres"), port: DEV_PORTS.postgres, detached: true });
  register("postgres", pg);
  return { name: "postgres", url: pg.url, note: rel(pg.logFile), check: () => canQuery(pg.url) };
}

async function redisRow(): Promise<InfraRow> {
  const reuse = process.env.REDIS_URL;
  const url = reuse ?? `redis://127.0.0.1:${DEV_PORTS.redis}`;
  const { host, port } = hostPort(url, 6379);
  if (reuse) return { name: "redis", url, note: "reused (REDIS_URL)", check: () => ping(port, host) };
  const redis = await startRedis({ dataDir: join(DATA, "redis"), port: DEV_PORTS.redis, detached: true });
  register("redis", redis);
  return { name: "redis", url: redis.url, note: rel(redis.logFile), check: () => ping(port, host) };
}

async function natsRow(): Promise<InfraRow> {
  const reuse = process.env.NATS_URL;
  if (reuse) {
    const { host, port } = hostPort(reuse.split(",")[0]!, 4222);
    return { name: "nats", url: reuse, note: "reused (NATS_URL)", check: () => jetStreamReady(port, host) };
  }
  const nats = await startNats({
    dataDir: join(DATA, "nats"),
    port: DEV_PORTS.nats,
    httpPort: DEV_PORTS.natsMonitor,
    configFile: join(ROOT, "nats/nats.conf"),
    detached: true,
  });
  register("nats", nats);
  return {
    name: "nats",
    url: nats.url,
    note: `JetStream, monitoring ${nats.httpUrl}`,
    check: () => jetStreamReady(DEV_PORTS.nats),
  };
}

async function maildevRow(): Promise<InfraRow> {
  const reuse = process.env.SMTP_URL;
  if (reuse) {
    const { host, port } = hostPort(reuse, 25);
    return { name: "smtp", url: reuse, note: "reused (SMTP_URL)", check: () => isListening(port, host) };
  }
  const mail = await startMaildev({ dataDir: join(DATA, "maildev"), smtpPort: DEV_PORTS.smtp, webPort: DEV_PORTS.mailWeb, detached: true });
  register("maildev", mail);
  return {
    name: "maildev inbox",
    url: `http://localhost:${mail.webPort}`,
    note: `SMTP ${mail.smtpUrl}`,
    check: () => httpOk(`${mail.webUrl}/email`),
  };
}

interface S3Settings {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
}

async function s3Row(): Promise<{ row: InfraRow; settings: S3Settings }> {
  const reuse = process.env.S3_ENDPOINT;
  if (reuse) {
    const settings = {
      endpoint: reuse,
      accessKey: process.env.S3_ACCESS_KEY ?? "S3RVER",
      secretKey: process.env.S3_SECRET_KEY ?? "S3RVER",
      bucket: process.env.S3_BUCKET ?? DEFAULT_BUCKET,
    };
    try {
      await ensureBucket({ ...settings, region: process.env.S3_REGION ?? "us-east-1" });
    } catch (err) {
      say(paint(33, `S3 at ${reuse}: could not create bucket ${settings.bucket}: ${(err as Error).message}`));
    }
    const { host, port } = hostPort(reuse, 80);
    return {
      row: { name: "s3", url: reuse, note: `reused (S3_ENDPOINT), bucket ${settings.bucket}`, check: () => isListening(port, host) },
      settings,
    };
  }
  const s3 = await startS3({ dataDir: join(DATA, "s3"), port: DEV_PORTS.s3, detached: true });
  register("s3", s3);
  return {
    row: { name: "s3", url: s3.endpoint, note: `${s3.engine}, bucket ${s3.bucket}`, check: () => isListening(DEV_PORTS.s3) },
    settings: { endpoint: s3.endpoint, accessKey: s3.accessKey, secretKey: s3.secretKey, bucket: s3.bucket },
  };
}

async function gatewayRow(services: ServiceEntry[]): Promise<InfraRow> {
  const upstreams = Object.fromEntries(services.map((s) => [s.name, `127.0.0.1:${s.port}`]));
  const caddy = await startCaddy({
    dataDir: join(DATA, "caddy"),
    port: DEV_PORTS.gateway,
    adminPort: DEV_PORTS.caddyAdmin,
    upstreams,
    detached: true,
  });
  register("caddy", caddy);
  return { name: "gateway", url: PUBLIC_BASE_URL, note: rel(caddy.logFile), check: () => httpOk(`${caddy.url}/healthz`) };
}

// ---- services -------------------------------------------------------------------------------

function serviceEnv(
  service: ServiceEntry,
  all: ServiceEntry[],
  urls: { postgres: string; redis: string; nats: string; smtp: string },
  s3: S3Settings,
): Record<string, string | undefined> {
  // A DATABASE_URL/DATABASE_NAME meant for one service would point every service at one database.
  const { PORT: _port, DATABASE_URL: _url, DATABASE_NAME: _name, ...inherited } = process.env;
  const serviceUrls = serviceUrlEnv(all);
  return {
    ...inherited,
    ...serviceHeapEnv(),
    MINT_ENV: "development",
    POSTGRES_URL: urls.postgres,
    REDIS_URL: urls.redis,
    NATS_URL: urls.nats,
    SMTP_URL: urls.smtp,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY: s3.accessKey,
    S3_SECRET_KEY: s3.secretKey,
    S3_BUCKET: s3.bucket,
    S3_REGION: process.env.S3_REGION ?? "us-east-1",
    PUBLIC_BASE_URL,
    // Development webhooks usually point at a receiver on this machine.
    WEBHOOK_ALLOW_PRIVATE_TARGETS: process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? "true",
    JWKS_URL: `${serviceUrls.AUTH_URL}/.well-known/jwks.json`,
    ...serviceUrls,
    PORT: String(service.port),
  };
}

async function startServices(
  services: ServiceEntry[],
  urls: { postgres: string; redis: string; nats: string; smtp: string },
  s3: S3Settings,
): Promise<void> {
  const width = Math.max(...services.map((s) => s.name.length));
  const logs = join(DATA, "logs");
  mkdirSync(logs, { recursive: true });
  for (const [index, service] of services.entries()) {
    if (!(await isPortFree(service.port))) {
      running.push({ service, child: null, skipped: `port ${service.port} is in use` });
      say(paint(33, `${service.name}: port ${service.port} is already in use; not started`));
      continue;
    }
    const tag = prefix(service.name, width, colourFor(index));
    const child = spawnProcess({
      name: service.name,
      cmd: [process.execPath, "--watch", service.entry],
      cwd: ROOT,
      env: serviceEnv(service, services, urls, s3),
      logFile: join(logs, `${service.name}.log`),
      detached: true,
      onLine: (line) => {
        for (const part of formatLogLine(line).split("\n")) process.stdout.write(`${tag} ${part}\n`);
      },
    });
    lock.add(child.pid);
    running.push({ service, child });
    void child.exited.then((code) => {
      if (!shuttingDown) say(paint(31, `${service.name} exited with code ${code}`));
    });
  }
}

type Health = "ready" | "alive" | "down" | "exited" | "skipped";

async function serviceHealth(s: RunningService): Promise<Health> {
  if (!s.child) return "skipped";
  if (s.child.exitCode() !== null) return "exited";
  const base = `http://127.0.0.1:${s.service.port}`;
  if (!(await httpOk(`${base}/healthz`))) return "down";
  return (await httpOk(`${base}/readyz`)) ? "ready" : "alive";
}

/** Polls every service until all are ready (or gone for good) or the timeout passes. */
async function waitForServices(timeoutMs: number): Promise<Map<string, Health>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await Promise.all(running.map(async (s) => [s.service.name, await serviceHealth(s)] as const));
    const settled = states.every(([, h]) => h === "ready" || h === "exited" || h === "skipped");
    if (settled || Date.now() > deadline || shuttingDown) return new Map(states);
    await Bun.sleep(500);
  }
}

// ---- table ----------------------------------------------------------------------------------

const HEALTH_TEXT: Record<Health, string> = {
  ready: paint(32, "ready"),
  alive: paint(33, "alive, not ready"),
  down: paint(31, "down"),
  exited: paint(31, "exited"),
  skipped: paint(31, "not started"),
};

async function printTable(infra: InfraRow[], health: Map<string, Health>, startedAt: number): Promise<void> {
  const infraRows = await Promise.all(
    infra.map(async (row) => [bold(row.name), row.url, (await row.check().catch(() => false)) ? paint(32, "ok") : paint(31, "down"), dim(row.note)]),
  );
  const serviceRows = running.map((s) => [
    bold(s.service.name),
    `http://127.0.0.1:${s.service.port}`,
    HEALTH_TEXT[health.get(s.service.name) ?? "down"],
    dim(s.skipped ?? `${rel(join(DATA, "logs", `${s.service.name}.log`))}`),
  ]);
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  process.stdout.write(
    `\n${renderTable(["NAME", "URL", "HEALTH", "NOTES"], [...infraRows, ...serviceRows])}\n\n` +
      `${dim(`ready in ${seconds}s · ${running.length === 0 ? "no services/<name>/main.ts found · " : ""}Ctrl-C stops everything`)}\n\n`,
  );
}

// ---- shutdown -------------------------------------------------------------------------------

/** Last resort: SIGKILL every process this one started, synchronously. */
function killEverything(): void {
  for (const pid of descendants(process.pid)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  }
}

let firstSignalAt = 0;

/**
 * The first SIGINT/SIGTERM stops everything in order. `bun dev` runs this file under a script
 * runner, so one Ctrl-C or `timeout` can arrive twice at once; only a Ctrl-C pressed again
 * later forces an immediate stop.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (!shuttingDown) {
    firstSignalAt = Date.now();
    void shutdown(0);
  } else if (signal === "SIGINT" && Date.now() - firstSignalAt > 1000) {
    say("stopping at once");
    killEverything();
    lock.release();
    process.exit(130);
  }
}

async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  say("stopping services…");
  await Promise.allSettled(running.map((s) => s.child?.stop({ signal: "SIGTERM", timeoutMs: 15_000 })));
  const gateway = stoppers.filter((s) => s.name === "caddy");
  const rest = stoppers.filter((s) => s.name !== "caddy");
  if (rest.length + gateway.length > 0) say("stopping gateway and infrastructure…");
  await Promise.allSettled(gateway.map((s) => s.stop()));
  await Promise.allSettled(rest.map((s) => s.stop()));
  killEverything(); // anything a server left behind
  lock.release();
  if (keepAlive) clearInterval(keepAlive);
  say("stopped");
  process.exit(code);
}

// ---- main -----------------------------------------------------------------------------------

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const startedAt = performance.now();

  const needed: BinaryName[] = ["caddy"];
  if (!process.env.POSTGRES_URL) needed.push("initdb", "postgres");
  if (!process.env.REDIS_URL) needed.push("redis-server");
  if (!process.env.NATS_URL) needed.push("nats-server");
  try {
    await requireBinaries(needed, { say });
  } catch (err) {
    process.stderr.write(`${paint(31, "bun dev cannot start:")}\n${(err as Error).message}\n`);
    process.exit(1);
  }

  mkdirSync(DATA, { recursive: true });
  const leftovers = lock.acquire();
  if (leftovers > 0) say(`stopped ${leftovers} process(es) left by an earlier bun dev`);
  keepAlive = setInterval(() => {}, 1 << 30);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("exit", () => killEverything());

  const services = discoverServices(ROOT);
  say(`starting infrastructure (data in ${rel(DATA)}/)…`);
  const [postgres, redis, nats, mail, s3, gateway] = await Promise.all([
    postgresRow(),
    redisRow(),
    natsRow(),
    maildevRow(),
    s3Row(),
    gatewayRow(services),
  ]);
  if (shuttingDown) return;
  const infra = [gateway, mail, postgres, redis, nats, s3.row];
  // Scripts such as create-admin read them to work on this platform's servers.
  for (const [name, url] of Object.entries({ postgres: postgres.url, redis: redis.url, nats: nats.url, gateway: gateway.url })) lock.setUrl(name, url);
  say(`infrastructure up in ${((performance.now() - startedAt) / 1000).toFixed(1)}s`);

  const smtpUrl = process.env.SMTP_URL ?? `smtp://127.0.0.1:${DEV_PORTS.smtp}`;
  if (services.length === 0) say(paint(33, "no services/<name>/main.ts yet: only the infrastructure runs"));
  else say(`starting ${services.length} service(s): ${services.map((s) => s.name).join(", ")}`);
  await startServices(services, { postgres: postgres.url, redis: redis.url, nats: nats.url, smtp: smtpUrl }, s3.settings);

  const health = await waitForServices(opts.timeoutMs);
  if (shuttingDown) return;
  await printTable(infra, health, startedAt);
}

main().catch(async (err: unknown) => {
  if (shuttingDown) return; // a start interrupted by Ctrl-C
  process.stderr.write(`${paint(31, "bun dev failed:")} ${err instanceof Error ? err.message : String(err)}\n`);
  await shutdown(1);
});
