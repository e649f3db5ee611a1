import { existsSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isAlive, killTree, waitGoneSync } from "./process.ts";

interface LockFile {
  owner: number;
  pids: number[];
  /** Where its servers answer (postgres, redis, nats, gateway), once they do. */
  urls?: Record<string, string>;
}

export const DEV_LOCK_FILE = "dev.lock";

/** What `.data/dev.lock` says about a `bun dev` of this checkout. */
export interface DevStackState {
  file: string;
  owner: number;
  /** Whether its owner still runs; a lock left by a crashed run names a dead one. */
  running: boolean;
  urls: Record<string, string>;
}

/** The lock in dataDir, or null when there is none (no `bun dev` ran, or it stopped cleanly). */
export function readDevStack(dataDir: string): DevStackState | null {
  const file = join(dataDir, DEV_LOCK_FILE);
  let content: LockFile;
  try {
    content = JSON.parse(readFileSync(file, "utf8")) as LockFile;
  } catch {
    return null;
  }
  if (!Number.isInteger(content?.owner)) return null;
  return { file, owner: content.owner, running: isAlive(content.owner), urls: content.urls ?? {} };
}

/**
 * `.data/dev.lock`: which `bun dev` owns the data folder, which processes it started and where
 * its servers answer, so a second run refuses to start, a run after a crash first stops what the
 * dead one left, and scripts (create-admin) find the running platform's database.
 */
export class DevLock {
  private readonly file: string;
  private readonly pids = new Set<number>();
  private readonly urls: Record<string, string> = {};

  constructor(
    dataDir: string,
    private readonly root: string,
  ) {
    this.file = join(dataDir, DEV_LOCK_FILE);
  }

  /** Takes the lock; returns the number of leftover processes it stopped. Throws if a live run owns it. */
  acquire(): number {
    let stopped = 0;
    if (existsSync(this.file)) {
      const previous = this.read();
      if (previous && previous.owner !== process.pid && isAlive(previous.owner)) {
        throw new Error(`bun dev is already running (pid ${previous.owner}); stop it first.`);
      }
      // Only processes that still run inside this checkout: a recycled pid is left alone.
      const leftovers = (previous?.pids ?? []).filter((pid) => isAlive(pid) && this.belongsHere(pid));
      for (const pid of leftovers) killTree(pid, "SIGKILL", { group: true });
      waitGoneSync(leftovers, 5000);
      stopped = leftovers.length;
    }
    this.write();
    return stopped;
  }

  add(pid: number): void {
    this.pids.add(pid);
    this.write();
  }

  /** Records where one of its servers answers (for example postgres). */
  setUrl(name: string, url: string): void {
    this.urls[name] = url;
    this.write();
  }

  release(): void {
    rmSync(this.file, { force: true });
  }

  /** Runs inside this checkout, or names it on its command line (runuser sits in /). */
  private belongsHere(pid: number): boolean {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      return cwd === this.root || cwd.startsWith(`${this.root}/`) || cmdline.includes(`${this.root}/`);
    } catch {
      return false; // not Linux, or gone: do not guess
    }
  }

  private read(): LockFile | null {
    try {
      return JSON.parse(readFileSync(this.file, "utf8")) as LockFile;
    } catch {
      return null;
    }
  }

  private write(): void {
    const content: LockFile = { owner: process.pid, pids: [...this.pids], urls: this.urls };
    writeFileSync(this.file, JSON.stringify(content));
  }
}
