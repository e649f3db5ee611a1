import { eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../../shared/db/connect.ts";
import { holds, wallets } from "../db/schema.ts";

export type HoldStatus = "HELD" | "CAPTURED" | "RELEASED";

export interface HoldRow {
  id: string;
  transactionId: string;
  fromWalletId: string;
  toWalletId: string;
  fromUserId: string;
  toUserId: string;
  amount: number;
  status: HoldStatus;
}

const payer = alias(wallets, "payer");
const payee = alias(wallets, "payee");

/** The hold of a transaction with its parties' user ids; `lock` takes its row FOR UPDATE. */
export async function findHold(ex: Executor, transactionId: string, opts: { lock?: boolean } = {}): Promise<HoldRow | null> {
  const query = ex
    .select({
      id: holds.id,
      transactionId: holds.transactionId,
      fromWalletId: holds.fromWalletId,
      toWalletId: holds.toWalletId,
      fromUserId: payer.userId,
      toUserId: payee.userId,
      amount: holds.amount,
      status: holds.status,
    })
    .from(holds)
    .innerJoin(payer, eq(payer.id, holds.fromWalletId))
    .innerJoin(payee, eq(payee.id, holds.toWalletId))
    .where(eq(holds.transactionId, transactionId))
    .limit(1);
  const [row] = opts.lock ? await query.for("update", { of: holds }) : await query;
  return row ? { ...row, fromUserId: row.fromUserId!, toUserId: row.toUserId!, status: row.status as HoldStatus } : null;
}

/** A hold as the contract shows it. */
export const holdView = (h: Omit<HoldRow, "id" | "fromWalletId" | "toWalletId">) => ({
  transactionId: h.transactionId,
  fromUserId: h.fromUserId,
  toUserId: h.toUserId,
  amount: h.amount,
  status: h.status,
});

export const holdState = (h: Omit<HoldRow, "id" | "fromWalletId" | "toWalletId">, replayed: boolean) => ({ ...holdView(h), replayed });
