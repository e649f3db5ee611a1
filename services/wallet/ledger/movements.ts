import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { eventCatalog } from "../../../proto-like-schemas/events/index.ts";
import type { MovementResult } from "../../../proto-like-schemas/wallet.ts";
import type { Executor } from "../../../shared/db/connect.ts";
import { AppError } from "../../../shared/errors.ts";
import type { Emit, PendingEvent } from "../../../shared/events/outbox.ts";
import { entries, holds, movements, wallets } from "../db/schema.ts";
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

interface MovementEntryRow {
  id: string;
  kind: string;
  amount: number;
  createdAt: string;
  walletId: string;
  userId: string | null;
  delta: number;
  balanceAfter: number;
}

/** A movement from its two entry rows, payer (negative delta) first, as first returned but marked replayed. */
function storedMovement(transactionId: string, rows: MovementEntryRow[]): StoredMovement | null {
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
      createdAt: new Date(payer.createdAt).toISOString(),
    },
    payer: { walletId: payer.walletId, userId: payer.userId },
    payee: { walletId: payee.walletId, userId: payee.userId },
  };
}

/** The movement of a transaction with one of these kinds, as first returned but marked replayed. */
export async function findMovement(ex: Executor, transactionId: string, kinds: readonly MovementKind[]): Promise<StoredMovement | null> {
  const rows = await ex
    .select({
      id: movements.id,
      kind: movements.kind,
      amount: movements.amount,
      createdAt: isoTimestamp(movements.createdAt),
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
  return storedMovement(transactionId, rows);
}

/** A transaction's movement of one kind: from what the check under the locks read, else looked up. */
export async function movementOfKind(ex: Executor, transactionId: string, kind: MovementKind, prior?: PriorMoney): Promise<StoredMovement | null> {
  return prior ? (prior.forward.get(kind) ?? null) : findMovement(ex, transactionId, [kind]);
}

/** What a transaction already did with money: its forward movements by kind, and whether it holds funds. */
export interface PriorMoney {
  forward: Map<MovementKind, StoredMovement>;
  held: boolean;
}

/**
 * PriorMoney in one statement: every movement checks it once its wallets are locked (a retry's
 * answer, or a second way of moving the same money to refuse).
 */
export async function priorMoney(ex: Executor, transactionId: string): Promise<PriorMoney> {
  const rows = await ex.execute<{ held: boolean; id: string | null; kind: string; amount: string; created_at: string; wallet_id: string; user_id: string | null; delta: string; balance_after: string }>(sql`
    select exists (select 1 from ${holds} h where h.transaction_id = ${transactionId}) as held,
      m.id, m.kind, m.amount, ${isoTimestamp(sql`m.created_at`)} as created_at, e.wallet_id, w.user_id, e.delta, e.balance_after
    from (select 1) as one
    left join (${movements} m join ${entries} e on e.movement_id = m.id join ${wallets} w on w.id = e.wallet_id)
      on m.transaction_id = ${transactionId} and m.kind in (${sql.join(FORWARD_KINDS.map((k) => sql`${k}`), sql`, `)})
    order by m.kind, e.delta`);
  const byKind = new Map<MovementKind, MovementEntryRow[]>();
  for (const r of rows) {
    if (r.id === null) continue;
    const kind = r.kind as MovementKind;
    const entry = { id: r.id, kind, amount: Number(r.amount), createdAt: r.created_at, walletId: r.wallet_id, userId: r.user_id, delta: Number(r.delta), balanceAfter: Number(r.balance_after) };
    byKind.set(kind, [...(byKind.get(kind) ?? []), entry]);
  }
  const forward = new Map<MovementKind, StoredMovement>();
  for (const [kind, entryRows] of byKind) {
    const stored = storedMovement(transactionId, entryRows);
    if (stored) forward.set(kind, stored);
  }
  return { forward, held: rows[0]?.held === true };
}

/** One transaction moves money forward once: a second kind of movement, or a hold beside one, is refused. */
export function refuseOtherMoney(prior: PriorMoney, transactionId: string, kind: MovementKind | "HOLD"): void {
  if (kind !== "HOLD" && prior.held) throw new AppError("CONFLICT", `Transaction ${transactionId} has a hold: capture or release it instead`);
  for (const other of prior.forward.keys()) {
    if (other !== kind) throw new AppError("CONFLICT", `Transaction ${transactionId} already moved money as ${other}`);
  }
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

export interface MovementWrite {
  transactionId: string;
  kind: MovementKind;
  amount: number;
  changes: readonly AccountChange[];
}

/**
 * Writes a movement, its entries and the balance changes in the caller's transaction (whose
 * accounts are already locked), and one balance_changed event per user wallet touched: all in
 * one statement, since every transfer takes this path. The balances the changes leave were
 * worked out from the locked rows; the update checks each one against the row it changes, and
 * anything else (which the locks rule out) aborts the movement.
 */
export async function postMovement(tx: Executor, emit: Emit<typeof eventCatalog>, m: MovementWrite): Promise<MovementResult> {
  const movementId = Bun.randomUUIDv7();
  const changed = sql.join(
    m.changes.map((c) => sql`(${c.walletId}::uuid, ${c.delta}::bigint, ${c.heldDelta}::bigint, ${c.recoveryFloor}::bigint, ${c.balanceAfter}::bigint)`),
    sql`, `,
  );
  const posted = sql.join(
    m.changes.map((c) => sql`(${Bun.randomUUIDv7()}::uuid, ${c.walletId}::uuid, ${c.delta}::bigint, ${c.balanceAfter}::bigint)`),
    sql`, `,
  );
  const events: PendingEvent<typeof eventCatalog, "wallet.balance_changed">[] = m.changes
    .filter((c) => c.userId !== null)
    .map((c) => ({
      type: "wallet.balance_changed",
      data: { walletId: c.walletId, userId: c.userId!, transactionId: m.transactionId, kind: m.kind, delta: c.delta, balanceAfter: c.balanceAfter },
      options: { actorId: c.userId, subjectUserIds: [c.userId!] },
    }));
  const outbox = events.length > 0 ? emit.clause(events) : null;
  // The database's clock, read as the movement is written: one instant for it and its entries.
  const [written] = await tx.execute<{ now: string; changed: number }>(sql`
    with moved as (
      insert into ${movements} (id, transaction_id, kind, amount, created_at)
      values (${movementId}, ${m.transactionId}, ${m.kind}, ${m.amount}, clock_timestamp())
      returning created_at),
    changed as (
      update ${wallets} as w
      set balance = w.balance + v.delta, held_amount = w.held_amount + v.held, recovery_floor = v.floor, updated_at = now()
      from (values ${changed}) as v(id, delta, held, floor, after)
      where w.id = v.id and w.balance + v.delta = v.after
      returning w.id),
    posted as (
      insert into ${entries} (id, movement_id, wallet_id, delta, balance_after, created_at)
      select e.id, ${movementId}::uuid, e.wallet_id, e.delta, e.after, moved.created_at
      from (values ${posted}) as e(id, wallet_id, delta, after) cross join moved
      returning id)${outbox ? sql`, ${outbox.sql}` : sql``}
    select ${isoTimestamp(sql`moved.created_at`)} as now, (select count(*) from changed)::int as changed,
      (select count(*) from posted)::int as posted
    from moved`);
  if (written?.changed !== m.changes.length) throw new Error(`Movement ${movementId}: an account changed under its lock`);
  return {
    movementId,
    transactionId: m.transactionId,
    kind: m.kind,
    amount: m.amount,
    balances: m.changes.filter((c) => c.userId !== null).map((c) => ({ userId: c.userId!, balanceAfter: c.balanceAfter })),
    replayed: false,
    createdAt: new Date(written.now).toISOString(),
  };
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
