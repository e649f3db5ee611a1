import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres, { type Sql } from "postgres";
import { BunSocket } from "../net/bun-socket.ts";
import { assertPatchedPostgres } from "./patched-postgres.ts";
import { preparingClient } from "./prepared.ts";

export type Database = PostgresJsDatabase<Record<string, unknown>>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Anything queries can run on: the pool or an open transaction. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  sql: Sql;
  db: Database;
  close(): Promise<void>;
}

/** Bun's own sockets unless the connection asks for TLS, which postgres.js does over node:net (see shared/net/bun-socket.ts). */
const bunSocketFor = (url: string) =>
  /[?&](ssl|sslmode)=/.test(url) && !/[?&]sslmode=disable\b/.test(url)
    ? {}
    : { socket: (o: { host: string[]; port: number[] }) => BunSocket.connect(o.host[0]!, o.port[0]!) };

export function connectDatabase(url: string, poolSize: number): DatabaseHandle {
  assertPatchedPostgres();
  const sql = postgres(url, {
    ...(process.env.MINT_PG_NODE_NET ? {} : bunSocketFor(url)),
    max: poolSize,
    // postgres.js pipelines statements on busy connections, up to max_pipeline each. A BEGIN that
    // happens to be the statement reaching that depth is sent without its connection being
    // reserved for the transaction: postgres.js then fails it (UNSAFE_TRANSACTION) while the
    // server has opened the transaction, and the statements of other requests that follow on
    // that connection run inside it. Seen under bursts of several hundred requests in flight;
    // the queue of statements is bounded by the requests anyway, so the pipeline is not (an
    // option postgres.js reads but leaves out of its types).
    ...({ max_pipeline: Number.MAX_SAFE_INTEGER } as object),
    onnotice: () => {},
    idle_timeout: 30,
    connect_timeout: 10,
    connection: { application_name: new URL(url).pathname.slice(1) },
  });
  const db = drizzle(preparingClient(sql)) as unknown as Database;
  return { sql, db, close: () => sql.end({ timeout: 5 }) };
}

/** Creates the service's database on first start; concurrent starts race harmlessly. */
export async function ensureDatabase(serverUrl: string, databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Refusing to create database with unsafe name "${name}"`);
  assertPatchedPostgres();
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const found = await admin`select 1 from pg_database where datname = ${name}`;
    if (found.length === 0) {
      try {
        await admin.unsafe(`create database "${name}"`);
      } catch (err) {
        const code = (err as { code?: string }).code;
        // 42P04 duplicate_database, 23505 unique_violation: someone else created it just now.
        if (code !== "42P04" && code !== "23505") throw err;
      }
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
}
