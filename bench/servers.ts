import postgres from "postgres";
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

/**
 * ANALYZE every database of this run's services. The benchmark seeds tables that started empty;
 * a running system has statistics for tables of their size, and without them the plans that
 * prepared statements cached while a table was empty keep scanning it sequentially.
 */
export async function analyzeServiceDatabases(postgresUrl: string): Promise<void> {
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`mint\\_%\\_t${process.pid}\\_%`}`;
    for (const { datname } of rows) {
      const url = new URL(postgresUrl);
      url.pathname = `/${datname}`;
      const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
      await db`analyze`.finally(() => db.end());
    }
  } finally {
    await admin.end();
  }
}
