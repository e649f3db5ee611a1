/** Helpers shared by the transactions service's tests (real services; see tests/harness/money.ts). */
import { expect } from "bun:test";
import { and, eq, sql } from "drizzle-orm";
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
