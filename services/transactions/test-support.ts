/** Helpers shared by the transactions service's tests (real services; see tests/harness/money.ts). */
import { expect } from "bun:test";
import { and, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { databaseUrlFor } from "../../shared/config.ts";
import type { MoneyMesh } from "../../tests/harness/money.ts";
import { idempotencyKeys, transactions } from "./db/schema.ts";

export const db = (mesh: MoneyMesh) => mesh.transactions.ctx.db;

export async function txnRow(mesh: MoneyMesh, id: string) {
  const [row] = await db(mesh).select().from(transactions).where(eq(transactions.id, id));
  return row;
}

/** Every transaction row the user sent (top-ups included), oldest first. */
export async function rowsOf(mesh: MoneyMesh, userId: string) {
  return db(mesh).select().from(transactions).where(eq(transactions.senderId, userId)).orderBy(transactions.createdAt);
}

export async function keyRow(mesh: MoneyMesh, userId: string, key: string) {
  const [row] = await db(mesh).select().from(idempotencyKeys).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  return row;
}

/** Event types written to the outbox about one transaction, in order, with their envelopes. */
export async function eventsOf(mesh: MoneyMesh, transactionId: string) {
  const rows = await db(mesh).execute<{ type: string; envelope: any }>(sql`select type, envelope from outbox where envelope->'data'->>'transactionId' = ${transactionId} order by id`);
  return [...rows];
}

export async function expectProblem(res: { status: number; headers: Headers; body: any }, status: number, code?: string) {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { status, ...(code ? { code } : {}) } });
  expect(res.headers.get("content-type")).toBe("application/problem+json");
}

/** Daily-limit tests must not straddle 00:00 UTC, when the window starts again. */
export async function awayFromUtcMidnight(marginMs = 90_000): Promise<void> {
  const now = Date.now();
  const toMidnight = 86_400_000 - (now % 86_400_000);
  if (toMidnight < marginMs) await Bun.sleep(toMidnight + 1_000);
}

export const adminId = () => crypto.randomUUID();

/** The typed error an RPC call failed with (the test fails if it succeeded). */
export { typedFailure as rpcFailure } from "../../shared/testing/failure.ts";

/**
 * Cuts every connection to the service's database, as a failover would, at the first update of a
 * row of `table` for which the condition `when` (SQL over NEW and OLD) holds: that statement fails
 * as its connection dies, and the next connections find the database back. Returns whether it
 * happened and how to remove it. Each step opens a connection of its own, which the cut never
 * leaves half-dead.
 */
export async function cutConnectionsOnce(mesh: MoneyMesh, table: string, when: string) {
  const url = databaseUrlFor("transactions", mesh.transactions.ctx.config);
  const run = async (...statements: string[]) => {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      let last: readonly Record<string, unknown>[] = [];
      for (const statement of statements) last = await sql.unsafe(statement);
      return last;
    } finally {
      await sql.end();
    }
  };
  const name = `cut_connections_${crypto.randomUUID().replaceAll("-", "")}`;
  await run(
    `create sequence ${name}`,
    `create function ${name}() returns trigger language plpgsql as $$
    begin
      if nextval('${name}') = 1 then
        perform pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid();
        perform pg_terminate_backend(pg_backend_pid());
        perform pg_sleep(10); -- the termination interrupts it
      end if;
      return new;
    end $$`,
    `create trigger ${name} before update on ${table} for each row when (${when}) execute function ${name}()`,
  );
  return {
    async happened(): Promise<boolean> {
      const [seq] = await run(`select is_called from ${name}`);
      return seq!.is_called === true;
    },
    async remove(): Promise<void> {
      await run(`drop trigger ${name} on ${table}`, `drop function ${name}()`, `drop sequence ${name}`);
    },
  };
}
