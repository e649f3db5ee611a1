import { and, eq, sql } from "drizzle-orm";
import type { WalletSummary } from "../../../proto-like-schemas/wallet.ts";
import { inTransaction } from "../../../shared/db/transaction.ts";
import { AppError } from "../../../shared/errors.ts";
import { wallets } from "../db/schema.ts";
import { toSummary, walletOf } from "./accounts.ts";
import type { LedgerDeps } from "./deps.ts";

/**
 * ACTIVE ⇄ FROZEN, guarded in SQL by the expected status. Asking for the state the wallet is
 * already in returns it unchanged and emits nothing; a CLOSED wallet cannot be frozen or thawed.
 */
function changeStatus(
  deps: LedgerDeps,
  name: string,
  userId: string,
  from: "ACTIVE" | "FROZEN",
  to: "ACTIVE" | "FROZEN",
  announce: (tx: Parameters<LedgerDeps["emit"]>[0], wallet: WalletSummary) => Promise<unknown>,
): Promise<WalletSummary> {
  return inTransaction(deps.db, name, async (tx) => {
    const [changed] = await tx
      .update(wallets)
      .set({ status: to, updatedAt: sql`now()` })
      .where(and(eq(wallets.userId, userId), eq(wallets.status, from)))
      .returning();
    if (changed) {
      const summary = toSummary(changed);
      await announce(tx, summary);
      return summary;
    }
    const current = await walletOf(tx, userId);
    if (current.status === to) return toSummary(current);
    throw new AppError("FAILED_PRECONDITION", `Wallet of user ${userId} is ${current.status}`);
  });
}

export function freeze(deps: LedgerDeps, req: { userId: string; reason: string; actorId: string }): Promise<WalletSummary> {
  return changeStatus(deps, "wallet.freeze", req.userId, "ACTIVE", "FROZEN", (tx, w) =>
    deps.emit(tx, "wallet.frozen", { walletId: w.id, userId: w.userId, reason: req.reason, frozenBy: req.actorId }, { actorId: req.actorId, subjectUserIds: [w.userId] }),
  );
}

export function unfreeze(deps: LedgerDeps, req: { userId: string; actorId: string }): Promise<WalletSummary> {
  return changeStatus(deps, "wallet.unfreeze", req.userId, "FROZEN", "ACTIVE", (tx, w) =>
    deps.emit(tx, "wallet.unfrozen", { walletId: w.id, userId: w.userId, unfrozenBy: req.actorId }, { actorId: req.actorId, subjectUserIds: [w.userId] }),
  );
}
