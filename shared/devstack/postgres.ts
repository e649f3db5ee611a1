import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { requireBinary } from "./binaries.ts";
import { assertPortFree } from "./ports.ts";
import { isAlive, spawnProcess } from "./process.ts";
import { waitUntil } from "./wait.ts";

export interface PostgresOptions {
  /** Holds the cluster (pgdata/), the socket directory (run/) and postgres.log. */
  dataDir: string;
  port: number;
  host?: string;
  /** Trade durability for speed (fsync, synchronous_commit and full_page_writes off): tests. */
  ephemeral?: boolean;
  maxConnections?: number;
  /** Let binaries.ts apt-get install PostgreSQL when it is missing. */
  install?: boolean;
  /** Own process group, so a terminal Ctrl-C reaches only the parent (bun dev). */
  detached?: boolean;
  timeoutMs?: number;
}

export interface PostgresServer {
  /** postgres://postgres@host:port/postgres (trust auth, superuser). */
  url: string;
  port: number;
  dataDir: string;
  logFile: string;
  pid: number;
  stop(): Promise<void>;
}

const SERVICE_USER = "postgres";

const runningAsRoot = () => process.getuid?.() === 0;

/** Runs argv as the postgres user when we are root (initdb and postgres refuse to run as root). */
function asServiceUser(argv: string[]): string[] {
  return runningAsRoot() ? ["runuser", "-u", SERVICE_USER, "--", ...argv] : argv;
}

function chownToServiceUser(...paths: string[]): void {
  if (!runningAsRoot()) return;
  const res = Bun.spawnSync({ cmd: ["chown", "-R", `${SERVICE_USER}:${SERVICE_USER}`, ...paths], stderr: "pipe" });
  if (!res.success) {
    throw new Error(
      `PostgreSQL: could not hand ${paths.join(", ")} to the "${SERVICE_USER}" user (${res.stderr.toString().trim()}). ` +
        `When run as root, the "${SERVICE_USER}" system user from the postgresql package must exist.`,
    );
  }
  const probe = Bun.spawnSync({ cmd: asServiceUser(["test", "-w", paths[0]!]) });
  if (!probe.success) {
    throw new Error(
      `PostgreSQL: the "${SERVICE_USER}" user cannot write ${paths[0]}; every parent directory must be ` +
        `searchable by it (chmod o+x on each), or choose a data directory elsewhere.`,
    );
  }
}

function majorVersion(postgresBin: string): string | null {
  const out = Bun.spawnSync({ cmd: [postgresBin, "--version"], stdout: "pipe" }).stdout.toString();
  return /\s(\d+)(\.\d+)?/.exec(out)?.[1] ?? null;
}

/** Creates the cluster when pgdata/ is absent or empty, then starts postgres in the foreground. */
export async function startPostgres(opts: PostgresOptions): Promise<PostgresServer> {
  const host = opts.host ?? "127.0.0.1";
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const initdb = await requireBinary("initdb", { install: opts.install });
  const postgresBin = await requireBinary("postgres", { install: opts.install });
  await assertPortFree(opts.port, "PostgreSQL", "Stop whatever uses it, or set POSTGRES_URL to reuse a running server.", host);

  const pgdata = join(opts.dataDir, "pgdata");
  const logFile = join(opts.dataDir, "postgres.log");
  let socketDir = join(opts.dataDir, "run");
  let ownSocketDir = false;
  // A unix socket path is limited to ~107 bytes.
  if (`${socketDir}/.s.PGSQL.${opts.port}.lock`.length > 100) {
    socketDir = mkdtempSync(join(tmpdir(), "mint-pg-"));
    ownSocketDir = true;
  }
  mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  mkdirSync(socketDir, { recursive: true });
  chownToServiceUser(opts.dataDir, socketDir);

  if (!existsSync(join(pgdata, "PG_VERSION"))) {
    if (readdirSync(pgdata).length > 0) {
      throw new Error(`PostgreSQL: ${pgdata} is neither empty nor a database cluster; move it away and retry.`);
    }
    const init = spawnProcess({
      name: "initdb",
      cmd: asServiceUser([initdb, "-D", pgdata, "-U", SERVICE_USER, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"]),
      cwd: opts.dataDir,
      logFile,
      detached: opts.detached,
    });
    const code = await init.exited;
    if (code !== 0) throw new Error(`PostgreSQL: initdb failed with code ${code}:\n${init.logTail()}`);
  } else {
    const clusterVersion = readFileSync(join(pgdata, "PG_VERSION"), "utf8").trim();
    const binaryVersion = majorVersion(postgresBin);
    if (binaryVersion && clusterVersion !== binaryVersion) {
      throw new Error(
        `PostgreSQL: ${pgdata} was created by PostgreSQL ${clusterVersion} but ${postgresBin} is version ` +
          `${binaryVersion}. Delete ${opts.dataDir} to start over, or install PostgreSQL ${clusterVersion}.`,
      );
    }
  }

  const settings: Record<string, string | number> = {
    listen_addresses: host,
    port: opts.port,
    unix_socket_directories: socketDir,
    max_connections: opts.maxConnections ?? 300,
    // Tables here start empty and grow within seconds; fresh statistics replace the plans that
    // prepared statements cached while a table was empty (sequential scans) much sooner.
    autovacuum_naptime: "5s",
    ...(opts.ephemeral ? { fsync: "off", synchronous_commit: "off", full_page_writes: "off" } : {}),
  };
  const child = spawnProcess({
    name: "postgres",
    cmd: asServiceUser([postgresBin, "-D", pgdata, ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`])]),
    cwd: opts.dataDir,
    logFile,
    detached: opts.detached,
  });

  const url = `postgres://postgres@${host}:${opts.port}/postgres`;
  const stop = async () => {
    // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, close sessions, exit.
    const postmaster = postmasterPid(pgdata);
    if (postmaster && child.exitCode() === null) {
      try {
        process.kill(postmaster, "SIGINT");
      } catch {
        // already gone
      }
      const stopped = await Promise.race([child.exited.then(() => true), Bun.sleep(15_000).then(() => false)]);
      if (!stopped || isAlive(postmaster)) await child.stop({ signal: "SIGKILL", timeoutMs: 1000 });
    } else {
      await child.stop({ signal: "SIGINT", timeoutMs: 15_000 });
    }
    if (ownSocketDir) rmSync(socketDir, { recursive: true, force: true });
  };

  try {
    await waitUntil(`PostgreSQL on ${host}:${opts.port}`, () => canQuery(url), { child, timeoutMs, intervalMs: 150 });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port: opts.port, dataDir: opts.dataDir, logFile, pid: child.pid, stop };
}

function postmasterPid(pgdata: string): number | null {
  try {
    const pid = Number(readFileSync(join(pgdata, "postmaster.pid"), "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** True when `select 1` succeeds on a fresh connection. */
export async function canQuery(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, idle_timeout: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 as ok`;
    return rows[0]?.ok === 1;
  } finally {
    await sql.end({ timeout: 1 });
  }
}
