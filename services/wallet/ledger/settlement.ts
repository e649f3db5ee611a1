import { asc, eq } from "drizzle-orm";
import type { Database } from "../../../shared/db/connect.ts";
import { movements } from "../db/schema.ts";
import { findHold, holdView } from "./hold-rows.ts";
import type { MovementKind } from "./movements.ts";

/** Whether (and how) money moved for a transaction: what a sweeper asks before retrying or failing it. */
export async function settlement(db: Database, transactionId: string) {
  const moved = await db
    .select({ kind: movements.kind, amount: movements.amount, createdAt: movements.createdAt })
    .from(movements)
    .where(eq(movements.transactionId, transactionId))
    .orderBy(asc(movements.createdAt));
  const hold = await findHold(db, transactionId);
  return {
    movements: moved.map((m) => ({ kind: m.kind as MovementKind, amount: m.amount, createdAt: m.createdAt.toISOString() })),
    hold: hold ? holdView(hold) : null,
  };
}
