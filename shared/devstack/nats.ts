import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { requireBinary } from "./binaries.ts";
import { assertPortFree, isPortFree, tcpProbe } from "./ports.ts";
import { type ChildProcess, spawnProcess } from "./process.ts";
import { waitUntil } from "./wait.ts";

export interface NatsOptions {
  /** Holds the JetStream store (jetstream/) and nats.log. */
  dataDir: string;
  port: number;
  host?: string;
  /** Monitoring port (/healthz, /varz, /jsz); none when omitted. */
  httpPort?: number;
  /**
   * A nats-server configuration file (e.g. nats/nats.conf). Its store_dir must read
   * $NATS_STORE_DIR, which is set to dataDir; -p/-a/-m still override the file.
   */
  configFile?: string;
  install?: boolean;
  /** Own process group, so a terminal Ctrl-C reaches only the parent (bun dev). */
  detached?: boolean;
  timeoutMs?: number;
}

export interface NatsServer {
  /** nats://host:port */
  url: string;
  port: number;
  /** http://host:httpPort when monitoring is on. */
  httpUrl?: string;
  /** Directory given to -sd / $NATS_STORE_DIR (JetStream data lives in its jetstream/). */
  storeDir: string;
  logFile: string;
  running(): boolean;
  pid(): number | null;
  /** Stops the server; JetStream data stays on disk. */
  stop(): Promise<void>;
  /** Starts it again on the same port and store (stopping it first if it runs). */
  restart(): Promise<void>;
}

/** Starts nats-server with JetStream and waits until it accepts clients with JetStream on. */
export async function startNats(opts: NatsOptions): Promise<NatsServer> {
  const host = opts.host ?? "127.0.0.1";
  const bin = await requireBinary("nats-server", { install: opts.install });
  mkdirSync(opts.dataDir, { recursive: true });
  const logFile = join(opts.dataDir, "nats.log");
  const storeDir = opts.dataDir;

  const args = [
    ...(opts.configFile ? ["-c", opts.configFile] : ["-js", "-sd", storeDir]),
    "-a", host,
    "-p", String(opts.port),
    ...(opts.httpPort ? ["-m", String(opts.httpPort)] : []),
  ];
  const env = { ...process.env, NATS_STORE_DIR: storeDir };

  let child: ChildProcess | null = null;

  const launch = async () => {
    // After a stop the port can take a moment to be released.
    for (let i = 0; i < 50 && !(await isPortFree(opts.port, host)); i++) await Bun.sleep(100);
    await assertPortFree(opts.port, "NATS", "Stop whatever uses it, or set NATS_URL to reuse a running server.", host);
    if (opts.httpPort) await assertPortFree(opts.httpPort, "NATS monitoring", "Choose another monitoring port.", host);
    const started = spawnProcess({ name: "nats", cmd: [bin, ...args], cwd: opts.dataDir, env, logFile, detached: opts.detached });
    child = started;
    try {
      await waitUntil(`NATS on ${host}:${opts.port}`, () => jetStreamReady(opts.port, host), {
        child: started,
        timeoutMs: opts.timeoutMs ?? 30_000,
      });
    } catch (err) {
      await started.stop({ timeoutMs: 2000 });
      child = null;
      throw err;
    }
  };

  const stop = async () => {
    const current = child;
    child = null;
    if (current) await current.stop({ signal: "SIGTERM", timeoutMs: 10_000 });
  };

  await launch();
  return {
    url: `nats://${host}:${opts.port}`,
    port: opts.port,
    httpUrl: opts.httpPort ? `http://${host}:${opts.httpPort}` : undefined,
    storeDir,
    logFile,
    running: () => child !== null && child.exitCode() === null,
    pid: () => child?.pid ?? null,
    stop,
    async restart() {
      await stop();
      await launch();
    },
  };
}

/** True when the server greets with an INFO line that says JetStream is enabled. */
export function jetStreamReady(port: number, host = "127.0.0.1", timeoutMs = 1000): Promise<boolean> {
  return tcpProbe(port, host, timeoutMs, {
    decide: (greeting) => {
      const end = greeting.indexOf("\r\n");
      if (end < 0) return undefined;
      const line = greeting.slice(0, end);
      if (!line.startsWith("INFO ")) return false;
      try {
        return (JSON.parse(line.slice(5)) as { jetstream?: boolean }).jetstream === true;
      } catch {
        return false;
      }
    },
  });
}
