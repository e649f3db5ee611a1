export interface RunResult {
  label: string;
  concurrency: number;
  ops: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Runs `op` from `concurrency` loops for `seconds`, recording each latency. */
export async function measure(label: string, concurrency: number, seconds: number, op: () => Promise<unknown>): Promise<RunResult> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await op();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { label, concurrency, ops: latencies.length, seconds: elapsed, perSecond: latencies.length / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

export function printTable(rows: RunResult[]): void {
  console.log("label".padEnd(28) + "in flight".padStart(10) + "ops/s".padStart(10) + "p50 ms".padStart(10) + "p99 ms".padStart(10));
  for (const r of rows) {
    console.log(r.label.padEnd(28) + String(r.concurrency).padStart(10) + r.perSecond.toFixed(0).padStart(10) + r.p50Ms.toFixed(3).padStart(10) + r.p99Ms.toFixed(3).padStart(10));
  }
}
