/**
 * bun run analytics:rebuild
 * Recomputes every analytics aggregate (per user, month, direction and category; per user, month
 * and merchant) from the stored spend events, in one transaction, and prints how many rows it had
 * to correct. Safe while the service runs: ingestion waits for it.
 */
import { resolve } from "node:path";
import { z } from "zod";
import { databaseUrlFor, loadConfig } from "../../../shared/config.ts";
import { connectDatabase } from "../../../shared/db/connect.ts";
import { applyMigrations } from "../../../shared/db/migrate.ts";
import { scriptDatabase } from "../../../shared/devstack/script-database.ts";
import { rebuildAggregates } from "../aggregates.ts";

let exitCode = 0;
try {
  // POSTGRES_URL when set, else the running bun dev's server; never a default nobody runs.
  const target = await scriptDatabase(resolve(import.meta.dir, "../../.."));
  const config = loadConfig("analytics", 4005, z.object({}), target.env);
  const url = databaseUrlFor("analytics", config);
  await applyMigrations(url, new URL("../db/migrations", import.meta.url).pathname);
  const { db, close } = connectDatabase(url, 1);
  try {
    const result = await db.transaction((tx) => rebuildAggregates(tx));
    console.log(JSON.stringify({ rebuilt: true, ...result }));
  } finally {
    await close();
  }
} catch (err) {
  console.error(`Rebuild failed, nothing was changed: ${(err as Error).message}`);
  exitCode = 1;
}
process.exit(exitCode);
