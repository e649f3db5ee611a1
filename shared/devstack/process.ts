import { closeSync, existsSync, openSync, readFileSync, writeSync } from "node:fs";
import type { Subprocess } from "bun";

export type StreamName = "stdout" | "stderr";

export interface SpawnOptions {
  /** Short name used in messages and as the log prefix. */
  name: string;
  cmd: string[];
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Every line the child writes is appended here. */
  logFile?: string;
  /** Called with every complete output line (the child's output is piped when set). */
  onLine?: (line: string, stream: StreamName) => void;
  /**
   * Own process group (default false). Detached children miss a Ctrl-C meant for the parent,
   * so the parent can stop them in order (bun dev); attached ones die with their group when a
   * runner kills it (tests).
   */
  detached?: boolean;
}

export interface ChildProcess {
  readonly name: string;
  readonly pid: number;
  readonly proc: Subprocess;
  /** Resolves with the exit code (128 + signal number when killed by a signal). */
  readonly exited: Promise<number>;
  /** null while the process runs. */
  exitCode(): number | null;
  /**
   * Sends `signal` (default SIGTERM) to the process and everything it started, waits up to
   * timeoutMs (default 10 s), then SIGKILLs whatever is left.
   */
  stop(opts?: { signal?: NodeJS.Signals; timeoutMs?: number }): Promise<void>;
  /** The last lines of output, for error messages. */
  logTail(lines?: number): string;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

/** Starts a child with its output captured to a file and/or a line callback. */
export function spawnProcess(opts: SpawnOptions): ChildProcess {
  const detached = opts.detached ?? false;
  const env = Object.fromEntries(
    Object.entries(opts.env ?? process.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const ring: string[] = [];
  const remember = (line: string) => {
    ring.push(line);
    if (ring.length > 200) ring.shift();
  };

  let proc: Subprocess;
  if (opts.onLine) {
    const logFd = opts.logFile ? openSync(opts.logFile, "a") : undefined;
    proc = Bun.spawn({ cmd: opts.cmd, cwd: opts.cwd, env, detached, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    const onLine = opts.onLine;
    const handle = (line: string, stream: StreamName) => {
      remember(line);
      if (logFd !== undefined) writeSync(logFd, line + "\n");
      onLine(line, stream);
    };
    const pumps = [
      pumpLines(proc.stdout as ReadableStream<Uint8Array>, (l) => handle(l, "stdout")),
      pumpLines(proc.stderr as ReadableStream<Uint8Array>, (l) => handle(l, "stderr")),
    ];
    if (logFd !== undefined) void Promise.allSettled(pumps).then(() => closeSync(logFd));
  } else {
    // Output goes straight to the file: nothing to pump, and the child keeps logging even if
    // the parent is gone.
    const fd = opts.logFile ? openSync(opts.logFile, "a") : "ignore";
    try {
      proc = Bun.spawn({ cmd: opts.cmd, cwd: opts.cwd, env, detached, stdin: "ignore", stdout: fd, stderr: fd });
    } finally {
      if (typeof fd === "number") closeSync(fd);
    }
  }

  let code: number | null = null;
  const exited = proc.exited.then((c) => {
    code = proc.signalCode ? 128 + (SIGNAL_NUMBERS[proc.signalCode] ?? 0) : c;
    return code;
  });

  const child: ChildProcess = {
    name: opts.name,
    pid: proc.pid,
    proc,
    exited,
    exitCode: () => code,
    async stop({ signal = "SIGTERM", timeoutMs = 10_000 } = {}) {
      if (code !== null) {
        if (detached) signalAll(proc.pid, [], "SIGKILL"); // stragglers left in its group, if any
        return;
      }
      const group = detached ? proc.pid : null;
      const tree = [proc.pid, ...descendants(proc.pid)];
      const deadline = Date.now() + timeoutMs;
      signalAll(group, tree, signal);
      const finished = await Promise.race([exited.then(() => true), Bun.sleep(timeoutMs).then(() => false)]);
      // Its own children may still be finishing: give them what is left of the time.
      await waitGone(tree, Math.max(0, deadline - Date.now()));
      const left = tree.filter(isAlive);
      if (!finished || left.length > 0) {
        process.stderr.write(`[devstack] ${opts.name} did not stop within ${timeoutMs} ms; killing it\n`);
        signalAll(group, [...left, ...descendants(proc.pid)], "SIGKILL");
      }
      await exited;
      await waitGone(tree, 5_000);
    },
    logTail(lines = 30) {
      const all = opts.onLine || !opts.logFile || !existsSync(opts.logFile)
        ? ring
        : readFileSync(opts.logFile, "utf8").split("\n");
      return all.filter((l) => l.trim() !== "").slice(-lines).join("\n");
    },
  };
  return child;
}

async function pumpLines(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      onLine(buffered.slice(0, nl).replace(/\r$/, ""));
      buffered = buffered.slice(nl + 1);
    }
  }
  buffered += decoder.decode();
  if (buffered) onLine(buffered);
}

/** Process ids of every descendant of pid (children, grandchildren, …). */
export function descendants(pid: number): number[] {
  const out = Bun.spawnSync({ cmd: ["ps", "-A", "-o", "pid=,ppid="], stdout: "pipe", stderr: "ignore" });
  if (!out.success) return [];
  const children = new Map<number, number[]>();
  for (const line of out.stdout.toString().split("\n")) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    if (!p || pp === undefined || Number.isNaN(pp)) continue;
    children.set(pp, [...(children.get(pp) ?? []), p]);
  }
  const result: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    result.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return result;
}

/**
 * Signals pid and every descendant (and pid's process group when `group` is set: children
 * started detached lead their own group). Synchronous, so usable from exit handlers.
 */
export function killTree(pid: number, signal: NodeJS.Signals = "SIGTERM", opts: { group?: boolean } = {}): void {
  signalAll(opts.group ? pid : null, [pid, ...descendants(pid)], signal);
}

function signalAll(groupLeader: number | null, pids: number[], signal: NodeJS.Signals): void {
  if (groupLeader !== null) {
    try {
      process.kill(-groupLeader, signal);
    } catch {
      // the group may already be gone
    }
  }
  for (const p of pids) {
    try {
      process.kill(p, signal);
    } catch {
      // already exited
    }
  }
}

/** True while pid exists and is not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    // Linux: field 3 of /proc/<pid>/stat is the state; Z = exited, not yet reaped.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

async function waitGone(pids: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive) && Date.now() < deadline) await Bun.sleep(50);
}

/** Waits (blocking) until the pids are gone or timeoutMs passes; for process "exit" handlers. */
export function waitGoneSync(pids: number[], timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive) && Date.now() < deadline) Bun.sleepSync(50);
}

// ---- coloured prefixes -------------------------------------------------------------------

const useColour = !process.env.NO_COLOR && (process.env.FORCE_COLOR !== undefined || process.stdout.isTTY === true);
const PALETTE = [36, 33, 35, 32, 34, 91, 96, 93, 95, 92, 94, 90, 31];

export const paint = (code: number, text: string): string => (useColour ? `\x1b[${code}m${text}\x1b[0m` : text);
export const bold = (text: string): string => paint(1, text);
export const dim = (text: string): string => paint(2, text);

/** A colouring function picked from a fixed palette by index, so each service keeps its colour. */
export function colourFor(index: number): (text: string) => string {
  const code = PALETTE[index % PALETTE.length] ?? 36;
  return (text) => paint(code, text);
}

/** `[name]` padded to width and coloured. */
export function prefix(name: string, width: number, colour: (text: string) => string): string {
  return colour(`[${name}]`.padEnd(width + 2));
}
