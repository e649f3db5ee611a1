import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { requireBinary } from "./binaries.ts";
import { assertPortFree, tcpProbe } from "./ports.ts";
import { spawnProcess } from "./process.ts";
import { waitUntil } from "./wait.ts";

export interface RedisOptions {
  /** Working directory of redis-server (dump.rdb) and redis.log. */
  dataDir: string;
  port: number;
  host?: string;
  /** No snapshots, no append-only file: nothing is written to disk. */
  ephemeral?: boolean;
  install?: boolean;
  /** Own process group, so a terminal Ctrl-C reaches only the parent (bun dev). */
  detached?: boolean;
  timeoutMs?: number;
}

export interface RedisServer {
  /** redis://host:port */
  url: string;
  port: number;
  dataDir: string;
  logFile: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startRedis(opts: RedisOptions): Promise<RedisServer> {
  const host = opts.host ?? "127.0.0.1";
  const bin = await requireBinary("redis-server", { install: opts.install });
  await assertPortFree(opts.port, "Redis", "Stop whatever uses it, or set REDIS_URL to reuse a running server.", host);
  mkdirSync(opts.dataDir, { recursive: true });
  const logFile = join(opts.dataDir, "redis.log");

  const args = [
    "--bind", host,
    "--port", String(opts.port),
    "--dir", opts.dataDir,
    "--daemonize", "no",
    "--logfile", "",
    "--protected-mode", "no",
    ...(opts.ephemeral
      ? ["--save", "", "--appendonly", "no"]
      // Redis only holds what may be lost or rebuilt; a periodic snapshot is plenty.
      : ["--save", "60 1", "--appendonly", "no", "--dbfilename", "dump.rdb"]),
  ];
  const child = spawnProcess({ name: "redis", cmd: [bin, ...args], cwd: opts.dataDir, logFile, detached: opts.detached });
  // SIGTERM makes redis-server save (when snapshots are on) and exit.
  const stop = () => child.stop({ signal: "SIGTERM", timeoutMs: 10_000 });

  try {
    await waitUntil(`Redis on ${host}:${opts.port}`, () => ping(opts.port, host), { child, timeoutMs: opts.timeoutMs ?? 30_000 });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `redis://${host}:${opts.port}`, port: opts.port, dataDir: opts.dataDir, logFile, pid: child.pid, stop };
}

/** True when the server answers PING with PONG (not -LOADING while it reads its snapshot). */
export function ping(port: number, host = "127.0.0.1", timeoutMs = 1000): Promise<boolean> {
  return tcpProbe(port, host, timeoutMs, {
    send: "*1\r\n$4\r\nPING\r\n",
    decide: (reply) => (reply.includes("\r\n") ? reply.startsWith("+PONG") : undefined),
  });
}
