import { and, asc, count, eq, isNotNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../../../shared/db/connect.ts";
import { entries, holds, movements, wallets } from "../db/schema.ts";
import type { MovementKind } from "./movements.ts";
import { findWallet, isoTimestamp } from "./accounts.ts";

const payer = alias(wallets, "payer");
const payee = alias(wallets, "payee");

/** What the admin service shows of the ledger: a transaction's entries, a user's open holds, the totals. */
export function createBackOffice(db: Database) {
  return {
    async ledgerOf(transactionId: string) {
      const rows = await db
        .select({
          movementId: movements.id,
          kind: movements.kind,
          amount: movements.amount,
          createdAt: isoTimestamp(movements.createdAt),
          walletId: entries.walletId,
          userId: wallets.userId,
          systemAccount: wallets.systemCode,
          delta: entries.delta,
          balanceAfter: entries.balanceAfter,
        })
        .from(movements)
        .innerJoin(entries, eq(entries.movementId, movements.id))
        .innerJoin(wallets, eq(wallets.id, entries.walletId))
        .where(eq(movements.transactionId, transactionId))
        .orderBy(asc(movements.createdAt), asc(movements.id), asc(entries.delta));
      const byMovement = new Map<string, { movementId: string; kind: MovementKind; amount: number; createdAt: string; entries: { walletId: string; userId: string | null; systemAccount: string | null; delta: number; balanceAfter: number }[] }>();
      for (const r of rows) {
        const m = byMovement.get(r.movementId) ?? { movementId: r.movementId, kind: r.kind as MovementKind, amount: r.amount, createdAt: new Date(r.createdAt).toISOString(), entries: [] };
        m.entries.push({ walletId: r.walletId, userId: r.userId, systemAccount: r.systemAccount, delta: r.delta, balanceAfter: r.balanceAfter });
        byMovement.set(r.movementId, m);
      }
      return { movements: [...byMovement.values()] };
    },

    async holdsOf(userId: string) {
      const wallet = await findWallet(db, userId);
      if (!wallet) return { holds: [] };
      const rows = await db
        .select({ transactionId: holds.transactionId, fromWalletId: holds.fromWalletId, fromUserId: payer.userId, toUserId: payee.userId, amount: holds.amount, createdAt: holds.createdAt })
        .from(holds)
        .innerJoin(payer, eq(payer.id, holds.fromWalletId))
        .innerJoin(payee, eq(payee.id, holds.toWalletId))
        .where(and(eq(holds.status, "HELD"), or(eq(holds.fromWalletId, wallet.id), eq(holds.toWalletId, wallet.id))))
        .orderBy(asc(holds.createdAt), asc(holds.id));
      return {
        holds: rows.map((h) => ({
          transactionId: h.transactionId,
          direction: h.fromWalletId === wallet.id ? ("OUT" as const) : ("IN" as const),
          fromUserId: h.fromUserId!,
          toUserId: h.toUserId!,
          amount: h.amount,
          createdAt: h.createdAt.toISOString(),
        })),
      };
    },

    async totals() {
      const [[w], [h]] = await Promise.all([
        db
          .select({
            wallets: count(),
            frozenWallets: sql<number>`count(*) filter (where ${wallets.status} = 'FROZEN')`.mapWith(Number),
            heldAmount: sql<number>`coalesce(sum(${wallets.heldAmount}), 0)`.mapWith(Number),
            totalUserBalance: sql<number>`coalesce(sum(${wallets.balance}), 0)`.mapWith(Number),
          })
          .from(wallets)
          .where(isNotNull(wallets.userId)),
        db.select({ openHolds: count() }).from(holds).where(eq(holds.status, "HELD")),
      ]);
      return { wallets: w?.wallets ?? 0, frozenWallets: w?.frozenWallets ?? 0, heldAmount: w?.heldAmount ?? 0, openHolds: h?.openHolds ?? 0, totalUserBalance: w?.totalUserBalance ?? 0 };
    },
  };
}
