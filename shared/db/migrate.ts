import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { assertPatchedPostgres } from "./patched-postgres.ts";

/** Stable advisory-lock key for "migrating this database"; replicas starting together take turns. */
const MIGRATION_LOCK_KEY = 7_231_001;

/**
 * Applies the committed drizzle-kit migrations. A one-connection client keeps the session-level
 * advisory lock and the migration on the same connection.
 */
export async function applyMigrations(databaseUrl: string, migrationsFolder: string): Promise<void> {
  assertPatchedPostgres();
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migrate(drizzle(sql), { migrationsFolder });
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
