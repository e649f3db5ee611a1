import type { walletContract } from "../../proto-like-schemas/wallet.ts";
import type { Database } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import type { RpcClient } from "../../shared/rpc/client.ts";
import { planForceComplete, REASONS, settlementState } from "./domain/outcome.ts";
import type { Status } from "./domain/state-machine.ts";
import type { Lifecycle } from "./lifecycle.ts";
import { loadTransaction, type TxnRow } from "./store.ts";

export interface AdminDeps {
  db: Database;
  wallet: RpcClient<typeof walletContract>;
  lifecycle: Lifecycle;
}

const isHeld = (row: TxnRow) => row.status === "PENDING" && row.heldAt !== null;
const wasHeld = (row: TxnRow) => row.heldAt !== null;

export type AdminActions = ReturnType<typeof createAdminActions>;

/**
 * What admins (through the admin service) and fraud reviewers do to a transaction. Each is
 * idempotent: repeating an action that already took effect returns the transaction as it is.
 * The wallet is asked first; the status changes only once the money side is done, so a crash in
 * between leaves a state the same call (or the sweeper, for holds) completes.
 */
export function createAdminActions({ db, wallet, lifecycle }: AdminDeps) {
  async function find(id: string): Promise<TxnRow> {
    const row = await loadTransaction(db, id);
    if (!row) throw new AppError("NOT_FOUND", "Transaction not found");
    return row;
  }

  const expect = (row: TxnRow, wanted: Status, action: string): TxnRow => {
    if (row.status !== wanted) throw new AppError("FAILED_PRECONDITION", `Could not ${action}: the transaction is now ${row.status}`);
    return row;
  };

  return {
    get: find,

    async reverse(id: string, adminId: string, reason: string, force: boolean): Promise<TxnRow> {
      const row = await find(id);
      if (row.status === "REVERSED") return row;
      if (row.status !== "COMPLETED") throw new AppError("FAILED_PRECONDITION", `Only a COMPLETED transaction can be reversed; this one is ${row.status}`);
      // INSUFFICIENT_FUNDS without force travels back as such: the payee no longer holds the money.
      await wallet.reverse({ transactionId: row.id, force });
      return expect(await lifecycle.reverse(row, adminId, reason, force), "REVERSED", "reverse");
    },

    async forceComplete(id: string, adminId: string, reason?: string): Promise<TxnRow> {
      const row = await find(id);
      // Already settled (by an earlier call, the sweeper or the review): a repeat returns it as it is.
      if (row.status === "COMPLETED" || row.status === "FAILED" || row.status === "CANCELLED") return row;
      if (row.status !== "PENDING" && row.status !== "PROCESSING") throw new AppError("FAILED_PRECONDITION", `A ${row.status} transaction cannot be force-completed`);
      const plan = planForceComplete(settlementState(await wallet.getSettlement({ transactionId: row.id })));
      const from = row.status;
      const why = reason ? ` (${reason})` : "";
      switch (plan.do) {
        case "refuse":
          throw new AppError("FAILED_PRECONDITION", plan.message);
        case "complete":
          return lifecycle.complete(row, from, { statusDetail: `Completed by admin ${adminId} after the wallet confirmed the movement${why}` });
        case "cancel":
          return from === "PENDING"
            ? lifecycle.cancel(row, REASONS.HOLD_RELEASED, `Cancelled by admin ${adminId}: the hold was released${why}`)
            : lifecycle.fail(row, from, REASONS.HOLD_RELEASED, `Failed by admin ${adminId}: the hold was released${why}`);
        default:
          return lifecycle.fail(row, from, REASONS.NOT_SETTLED, `Failed by admin ${adminId}: the wallet recorded no movement${why}`);
      }
    },

    async approveHeld(id: string, adminId: string): Promise<TxnRow> {
      const row = await find(id);
      if (row.status === "COMPLETED" && wasHeld(row)) return row;
      if (!isHeld(row)) throw new AppError("FAILED_PRECONDITION", `Transaction is not held for review (status ${row.status})`);
      await wallet.capture({ transactionId: row.id });
      return expect(await lifecycle.complete(row, "PENDING", { statusReason: REASONS.REVIEW_APPROVED, statusDetail: `Approved by ${adminId}` }), "COMPLETED", "approve");
    },

    async blockHeld(id: string, adminId: string, reason: string | undefined): Promise<TxnRow> {
      const row = await find(id);
      if (row.status === "CANCELLED" && wasHeld(row)) return row;
      if (!isHeld(row)) throw new AppError("FAILED_PRECONDITION", `Transaction is not held for review (status ${row.status})`);
      await wallet.release({ transactionId: row.id });
      return expect(await lifecycle.cancel(row, REASONS.REVIEW_BLOCKED, reason ? `Blocked by ${adminId}: ${reason}` : `Blocked by ${adminId} after review`), "CANCELLED", "block");
    },
  };
}
