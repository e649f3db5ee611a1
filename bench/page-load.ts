/**
 * Load for the pages benchmark: a signed-in browser's cookies, and samples gathered in slices so
 * that two kinds of request can take turns (each then sees the same neighbours on a shared machine).
 */
import { ACCESS_COOKIE } from "../shared/http/session-cookies.ts";
import type { PageUser } from "../tests/harness/pages.ts";
import { cpuSnapshot, machineCpu } from "./cpu.ts";
import { percentile } from "./stats.ts";

/** A signed-in browser: its cookies as the gateway set them, and the access token among them. */
export class Browser {
  readonly #cookies = new Map<string, string>();
  constructor(readonly user: PageUser) {}

  /** Keeps what Set-Cookie headers say (a refreshed session replaces both tokens). */
  absorb(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = value === "" || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (gone) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  get cookie(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  get token(): string {
    const token = this.#cookies.get(ACCESS_COOKIE);
    if (!token) throw new Error(`${this.user.email} has no session`);
    return token;
  }
}

/** Latencies and answers of one kind of request, with the CPU spent while it ran, over slices. */
export class Sample {
  readonly latencies: number[] = [];
  readonly statuses: Record<string, number> = {};
  seconds = 0;
  /** CPU seconds per component while this sample's slices ran. */
  readonly cpu = new Map<string, number>();
  /** Busy and total CPU seconds of the whole machine while they ran. */
  readonly machine = { busy: 0, total: 0 };
  #sorted = true;

  record(ms: number, status: string): void {
    this.latencies.push(ms);
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    this.#sorted = false;
  }

  get count(): number {
    return this.latencies.length;
  }

  get perSecond(): number {
    return this.count / Math.max(1e-9, this.seconds);
  }

  p(n: number): number {
    if (!this.#sorted) this.latencies.sort((a, b) => a - b);
    this.#sorted = true;
    return percentile(this.latencies, n);
  }
}

/**
 * `inFlight` loops send `op` for `seconds` (a request under way then finishes), recording into
 * `sample` when given (a warm-up records nothing). `op` returns what the answer counts as.
 */
export async function slice(inFlight: number, seconds: number, op: (n: number) => Promise<string>, sample?: Sample): Promise<void> {
  const cpuBefore = sample ? cpuSnapshot() : undefined;
  const machineBefore = machineCpu();
  let n = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const status = await op(n++).catch((err: Error) => `error ${err.message}`);
        sample?.record(performance.now() - t0, status);
      }
    }),
  );
  if (!sample || !cpuBefore) return;
  sample.seconds += (performance.now() - started) / 1000;
  const machineAfter = machineCpu();
  sample.machine.busy += machineAfter.busy - machineBefore.busy;
  sample.machine.total += machineAfter.total - machineBefore.total;
  for (const [name, seconds] of cpuSnapshot()) sample.cpu.set(name, (sample.cpu.get(name) ?? 0) + seconds - (cpuBefore.get(name) ?? 0));
}
