import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { PgInsertValue } from "drizzle-orm/pg-core";
import type { eventCatalog } from "../../../proto-like-schemas/events/index.ts";
import type { MovementResult } from "../../../proto-like-schemas/wallet.ts";
import type { Executor } from "../../../shared/db/connect.ts";
import { AppError } from "../../../shared/errors.ts";
import type { Emit, PendingEvent } from "../../../shared/events/outbox.ts";
import { entries, movements, wallets } from "../db/schema.ts";
import type { AccountChange } from "../domain/ledger.ts";
import { isoTimestamp } from "./accounts.ts";

export type MovementKind = MovementResult["kind"];
export const FORWARD_KINDS: MovementKind[] = ["CREDIT", "TRANSFER", "CAPTURE"];

/** A stored movement with who paid and who was paid (user ids are null for system accounts). */
export interface StoredMovement {
  result: MovementResult;
  payer: { walletId: string; userId: string | null };
  payee: { walletId: string; userId: string | null };
}

/** The movement of a transaction with one of these kinds, as first returned but marked replayed. */
export async function findMovement(ex: Executor, transactionId: string, kinds: readonly MovementKind[]): Promise<StoredMovement | null> {
  const rows = await ex
    .select({
      id: movements.id,
      kind: movements.kind,
      amount: movements.amount,
      createdAt: movements.createdAt,
      walletId: entries.walletId,
      userId: wallets.userId,
      delta: entries.delta,
      balanceAfter: entries.balanceAfter,
    })
    .from(movements)
    .innerJoin(entries, eq(entries.movementId, movements.id))
    .innerJoin(wallets, eq(wallets.id, entries.walletId))
    .where(and(eq(movements.transactionId, transactionId), inArray(movements.kind, [...kinds])))
    // Payer (negative delta) first, as in the first result.
    .orderBy(asc(entries.delta));
  const [payer, payee] = rows;
  if (!payer || !payee) return null;
  return {
    result: {
      movementId: payer.id,
      transactionId,
      kind: payer.kind as MovementKind,
      amount: payer.amount,
      balances: rows.filter((r) => r.userId !== null).map((r) => ({ userId: r.userId!, balanceAfter: r.balanceAfter })),
      replayed: true,
      createdAt: payer.createdAt.toISOString(),
    },
    payer: { walletId: payer.walletId, userId: payer.userId },
    payee: { walletId: payee.walletId, userId: payee.userId },
  };
}

/**
 * A stored movement for the same key is the answer to a retry, but only if the retry asks for the
 * same thing: reusing a transaction id for other parties or another amount is a caller's bug.
 */
export function replayOf(stored: StoredMovement, expected?: { payerUserId: string | null; payeeUserId: string | null; amount: number }): MovementResult {
  if (expected && (stored.payer.userId !== expected.payerUserId || stored.payee.userId !== expected.payeeUserId || stored.result.amount !== expected.amount)) {
    throw new AppError("CONFLICT", `Transaction ${stored.result.transactionId} already has a ${stored.result.kind} with other parties or amount`);
  }
  return stored.result;
}

/** Refuses a second way of moving money forward for one transaction (e.g. a transfer after a credit). */
export async function refuseOtherForward(ex: Executor, transactionId: string, kind: MovementKind): Promise<void> {
  const other = await findMovement(ex, transactionId, FORWARD_KINDS.filter((k) => k !== kind));
  if (other) throw new AppError("CONFLICT", `Transaction ${transactionId} already moved money as ${other.result.kind}`);
}

export interface MovementWrite {
  transactionId: string;
  kind: MovementKind;
  amount: number;
  changes: readonly AccountChange[];
}

/**
 * Writes a movement, its entries and the balance changes in the caller's transaction (whose
 * accounts are already locked), and one balance_changed event per user wallet touched.
 */
export async function postMovement(tx: Executor, emit: Emit<typeof eventCatalog>, m: MovementWrite): Promise<MovementResult> {
  const movementId = Bun.randomUUIDv7();
  // The database's clock, read as the movement is written: one instant for it and its entries.
  const [written] = await tx
    .insert(movements)
    .values({ id: movementId, transactionId: m.transactionId, kind: m.kind, amount: m.amount, createdAt: sql`clock_timestamp()` })
    .returning({ now: isoTimestamp(movements.createdAt) });
  const now = written!.now;
  const at = sql`${now}::timestamptz`;
  // Every account of the movement changes in one statement (they are already locked).
  const changed = sql.join(
    m.changes.map((c) => sql`(${c.walletId}::uuid, ${c.delta}::bigint, ${c.heldDelta}::bigint, ${c.recoveryFloor}::bigint)`),
    sql`, `,
  );
  const updated = await tx.execute<{ id: string; balance: string; user_id: string | null }>(sql`
    update ${wallets} as w
    set balance = w.balance + v.delta, held_amount = w.held_amount + v.held, recovery_floor = v.floor, updated_at = now()
    from (values ${changed}) as v(id, delta, held, floor)
    where w.id = v.id
    returning w.id, w.balance, w.user_id`);
  const after = new Map([...updated].map((r) => [r.id, { balance: Number(r.balance), userId: r.user_id }]));
  const balances: MovementResult["balances"] = [];
  const rows: PgInsertValue<typeof entries>[] = [];
  const events: PendingEvent<typeof eventCatalog, "wallet.balance_changed">[] = [];
  for (const change of m.changes) {
    const account = after.get(change.walletId);
    if (!account) throw new Error(`Account ${change.walletId} vanished during a movement`);
    rows.push({ id: Bun.randomUUIDv7(), movementId, walletId: change.walletId, delta: change.delta, balanceAfter: account.balance, createdAt: at });
    if (account.userId === null) continue;
    balances.push({ userId: account.userId, balanceAfter: account.balance });
    events.push({
      type: "wallet.balance_changed",
      data: { walletId: change.walletId, userId: account.userId, transactionId: m.transactionId, kind: m.kind, delta: change.delta, balanceAfter: account.balance },
      options: { actorId: account.userId, subjectUserIds: [account.userId] },
    });
  }
  await tx.insert(entries).values(rows);
  await emit.all(tx, events);
  return { movementId, transactionId: m.transactionId, kind: m.kind, amount: m.amount, balances, replayed: false, createdAt: new Date(now).toISOString() };
}

/** Postgres error code of a failed query, looking through drizzle's wrapper. */
export function pgErrorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (err: unknown) => pgErrorCode(err) === "23505";
