import type { ChildProcess } from "./process.ts";

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** The child whose early exit should abort the wait with its log tail. */
  child?: ChildProcess;
}

/** Polls `check` until it returns true; fails when the child exits or the time is up. */
export async function waitUntil(what: string, check: () => Promise<boolean>, opts: WaitOptions = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    if (opts.child && opts.child.exitCode() !== null) {
      throw new Error(`${what}: process exited with code ${opts.child.exitCode()}\n${opts.child.logTail()}`);
    }
    try {
      if (await check()) return;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not ready after ${opts.timeoutMs ?? 30_000} ms${opts.child ? `\n${opts.child.logTail()}` : ""}`);
    }
    await Bun.sleep(opts.intervalMs ?? 100);
  }
}

/** GET url and report whether the status is 2xx, giving up after timeoutMs. */
export async function httpOk(url: string, timeoutMs = 1000): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}
