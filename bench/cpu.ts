/**
 * CPU time per component of a benchmark, read from /proc: which of the processes it started spent
 * how much of the two cores during a phase of it. PostgreSQL's backends count for the service whose
 * database they serve ("postgres/wallet"); its own processes are "postgres". On a machine where
 * everything shares the same cores, CPU milliseconds per operation say more than wall-clock
 * figures about where to look.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

/** The component a process belongs to, from its command line. */
function componentOf(pid: number, cmdline: string): string | null {
  if (pid === process.pid) return "bench client";
  const service = /services\/([a-z]+)\/main\.ts/.exec(cmdline);
  if (service) return service[1]!;
  // A backend's title names its database, and so the service whose statements it runs.
  const backend = /^postgres: \S+ mint_([a-z]+)_/.exec(cmdline);
  if (backend) return `postgres/${backend[1]}`;
  if (/postgres/.test(cmdline)) return "postgres";
  if (/nats-server/.test(cmdline)) return "nats";
  if (/caddy/.test(cmdline)) return "caddy";
  if (/redis-server/.test(cmdline)) return "redis";
  return null;
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces): state, ppid, … */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/**
 * This process and every process it started, directly or not (its services, PostgreSQL and
 * its backends, NATS, Caddy, Redis). Others may run their own servers on the same machine at
 * the same time: their CPU is not this benchmark's.
 */
function ownProcesses(): Set<number> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const parent = Number(statFields(pid)[1]);
      children.set(parent, [...(children.get(parent) ?? []), pid]);
    } catch {
      // The process ended between listing and reading.
    }
  }
  const own = new Set([process.pid]);
  for (const pid of own) for (const child of children.get(pid) ?? []) own.add(child);
  return own;
}

/** CPU seconds spent so far, per component, by this process and the processes it started. */
export function cpuSnapshot(): Map<string, number> {
  const totals = new Map<string, number>();
  for (const pid of ownProcesses()) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      const component = componentOf(pid, cmdline);
      if (!component) continue;
      const fields = statFields(pid);
      const ticks = Number(fields[11]) + Number(fields[12]);
      totals.set(component, (totals.get(component) ?? 0) + ticks / TICKS_PER_SECOND);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return totals;
}

/**
 * CPU milliseconds per operation of each component between two snapshots, largest first.
 * Processes that ended in between are not counted; postgres backends live as long as the pools.
 */
export function cpuPerOperation(before: Map<string, number>, after: Map<string, number>, operations: number): string {
  const rows = [...after].map(([name, seconds]) => [name, ((seconds - (before.get(name) ?? 0)) * 1000) / Math.max(1, operations)] as const);
  rows.sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
  return `${total.toFixed(2)} ms in all: ` + rows.filter(([, ms]) => ms >= 0.005).map(([name, ms]) => `${name} ${ms.toFixed(2)}`).join(", ");
}

/** Busy and total CPU seconds of the whole machine so far, from /proc/stat (all cores). */
export function machineCpu(): { busy: number; total: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  // idle and iowait are the time no one used.
  const idle = fields[3]! + fields[4]!;
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

/**
 * How saturated the machine was between two readings, e.g. "1.93 of 2 cores busy (97 %)": when
 * it nears 100 %, every latency is mostly queueing for a core.
 */
export function machineLoad(before: { busy: number; total: number }, after: { busy: number; total: number }): string {
  const cores = navigator.hardwareConcurrency;
  const share = (after.busy - before.busy) / Math.max(1e-9, after.total - before.total);
  return `${(share * cores).toFixed(2)} of ${cores} cores busy (${(share * 100).toFixed(0)} %)`;
}
