import { join, relative } from "node:path";
import postgres from "postgres";
import { DEV_LOCK_FILE, readDevStack } from "./devlock.ts";

/** The PostgreSQL server a command-line script works on, and how it was chosen. */
export interface ScriptDatabase {
  /** The environment to load the service's configuration from (POSTGRES_URL set to the server). */
  env: Record<string, string | undefined>;
  /** The server, for creating the service's database on first use. */
  serverUrl: string;
  /** Where the address came from, for the script's report: "POSTGRES_URL", "the running bun dev, pid 123". */
  source: string;
}

/** A URL with its password replaced, fit for messages. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(not a URL)";
  }
}

/** Why a query on a fresh connection fails, or null when it works. */
async function unreachable(url: string): Promise<string | null> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, idle_timeout: 1, onnotice: () => {} });
  try {
    await sql`select 1`;
    return null;
  } catch (err) {
    return (err as Error).message || String(err);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/**
 * Which PostgreSQL a script such as `bun run create-admin` works on: the server POSTGRES_URL (or
 * DATABASE_URL) names when set, else the one the running `bun dev` of this checkout uses, as its
 * `.data/dev.lock` records. Never the built-in default (port 5432): an admin created on another
 * server than the running platform's looks created and cannot sign in. Throws a message naming
 * what it tried when there is no such server or it does not answer.
 */
export async function scriptDatabase(root: string, env: Record<string, string | undefined> = process.env): Promise<ScriptDatabase> {
  const set = (name: string) => (env[name] ? name : null);
  const explicit = set("POSTGRES_URL") ?? set("DATABASE_URL");
  if (explicit) {
    const serverUrl = env[explicit]!;
    const problem = await unreachable(serverUrl);
    if (problem) throw new Error(`Cannot reach PostgreSQL at ${withoutPassword(serverUrl)} (from ${explicit}): ${problem}`);
    return { env, serverUrl, source: explicit };
  }

  const dataDir = join(root, ".data");
  const stack = readDevStack(dataDir);
  const lockName = relative(root, join(dataDir, DEV_LOCK_FILE));
  const advice = "Start the platform with `bun dev` (and wait for its table), or set POSTGRES_URL to the server to use.";
  if (!stack) throw new Error(`No database to use: POSTGRES_URL is not set and \`bun dev\` is not running in this checkout (no ${lockName}). ${advice}`);
  if (!stack.running) {
    throw new Error(`No database to use: POSTGRES_URL is not set and \`bun dev\` is not running (${lockName} was left by process ${stack.owner}, which has exited). ${advice}`);
  }
  const serverUrl = stack.urls.postgres;
  if (!serverUrl) throw new Error(`\`bun dev\` (pid ${stack.owner}) has not started its PostgreSQL yet; wait for its table, or set POSTGRES_URL.`);
  const source = `the running bun dev, pid ${stack.owner}`;
  const problem = await unreachable(serverUrl);
  if (problem) throw new Error(`Cannot reach PostgreSQL at ${withoutPassword(serverUrl)} (${source}, from ${lockName}): ${problem}`);
  // bun dev gives every service its own database on this server and ignores these two.
  return { env: { ...env, POSTGRES_URL: serverUrl, DATABASE_URL: undefined, DATABASE_NAME: undefined }, serverUrl, source };
}
