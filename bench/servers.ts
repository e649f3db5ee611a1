import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startNats } from "../shared/devstack/nats.ts";
import { findFreePort } from "../shared/devstack/ports.ts";

/** NATS for a benchmark: BENCH_NATS_URL if given, else a throw-away server of our own. */
export async function benchNats(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.BENCH_NATS_URL) return { url: process.env.BENCH_NATS_URL, stop: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), "mint-bench-"));
  const server = await startNats({ dataDir: dir, port: await findFreePort() });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
