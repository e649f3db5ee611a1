import { join, resolve } from "node:path";
import { serviceHeapEnv } from "../../shared/devstack/heap.ts";
import { findFreePort } from "../../shared/devstack/ports.ts";
import { spawnProcess, type ChildProcess } from "../../shared/devstack/process.ts";
import { httpOk, waitUntil } from "../../shared/devstack/wait.ts";
import { testTempDir, track } from "./infra.ts";
import { testEnv } from "./services.ts";

const ROOT = resolve(import.meta.dir, "../..");

/**
 * A service running as its own process, as in production: it can be killed without warning
 * (SIGKILL) and started again on the same port and database, which in-process services cannot.
 */
export interface ServiceProcess {
  name: string;
  url: string;
  port: number;
  env: Record<string, string | undefined>;
  pid(): number;
  /** SIGKILL: no graceful shutdown, in-flight work is cut wherever it is. */
  crash(): Promise<void>;
  /** SIGTERM and wait: a graceful stop. */
  stop(): Promise<void>;
  /** Starts the process again with the same port, database and environment. */
  restart(): Promise<void>;
  /** Resident set size in bytes, read from /proc. */
  rssBytes(): Promise<number>;
  /** Everything the process wrote to stdout and stderr, every start of it, in order. */
  output(): Promise<string>;
}

/**
 * MINT_CPU_PROFILE_DIR=<dir> makes every service process write a CPU profile there when it stops
 * (a .cpuprofile for tools and a Markdown summary, named by process id): how a benchmark finds
 * where a service spends its time.
 */
function profilerFlags(): string[] {
  const dir = process.env.MINT_CPU_PROFILE_DIR;
  return dir ? ["--cpu-prof", "--cpu-prof-md", `--cpu-prof-dir=${resolve(dir)}`] : [];
}

export async function spawnService(name: string, extra: Record<string, string | undefined> = {}): Promise<ServiceProcess> {
  const port = await findFreePort();
  const env = await testEnv(name, { PORT: String(port), ...extra });
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let generation = 0;
  const logFileOf = (g: number) => join(testTempDir(), `${name}-${port}-${g}.log`);
  const current = (): ChildProcess => {
    if (!child) throw new Error(`${name} was never started`);
    return child;
  };

  async function launch(): Promise<void> {
    generation++;
    child = spawnProcess({
      name,
      cmd: ["bun", ...profilerFlags(), join(ROOT, "services", name, "main.ts")],
      cwd: ROOT,
      env: { ...process.env, ...serviceHeapEnv(), ...env },
      logFile: logFileOf(generation),
    });
    await waitUntil(`${name} ready`, () => httpOk(`${url}/readyz`), { timeoutMs: 30_000, child });
  }
  // Tracked before it is up, so one that never became ready is stopped too.
  const stop = async () => child?.stop({ signal: "SIGTERM", timeoutMs: 15_000 });
  track(`service ${name}`, { stop }, () => (child ? [child.pid] : []));
  await launch();

  return {
    name,
    url,
    port,
    env,
    pid: () => current().pid,
    crash: async () => {
      current().proc.kill("SIGKILL");
      await current().exited;
    },
    stop,
    restart: launch,
    async rssBytes() {
      const status = await Bun.file(`/proc/${current().pid}/status`).text();
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb * 1024;
    },
    async output() {
      const starts = Array.from({ length: generation }, (_, i) => Bun.file(logFileOf(i + 1)));
      return (await Promise.all(starts.map(async (f) => ((await f.exists()) ? f.text() : "")))).join("");
    },
  };
}
