import type { walletContract } from "../../proto-like-schemas/wallet.ts";
import { AppError } from "../../shared/errors.ts";
import type { Logger } from "../../shared/log.ts";
import type { RpcClient } from "../../shared/rpc/client.ts";
import { planResolution, REASONS, settlementState, walletRefusal } from "./domain/outcome.ts";
import type { Status } from "./domain/state-machine.ts";
import type { Lifecycle } from "./lifecycle.ts";
import type { TxnRow } from "./store.ts";

/** Where a transaction stands after a step; pendingCode says why it is still unsettled. */
export interface Driven {
  row: TxnRow;
  pendingCode?: "UNAVAILABLE" | "DEADLINE_EXCEEDED";
}

export interface SettlementDeps {
  wallet: RpcClient<typeof walletContract>;
  lifecycle: Lifecycle;
  log: Logger;
}

const codeOf = (err: unknown) => (err instanceof AppError ? err.code : "INTERNAL");
const pendingCodeOf = (err: unknown) => (codeOf(err) === "DEADLINE_EXCEEDED" ? ("DEADLINE_EXCEEDED" as const) : ("UNAVAILABLE" as const));
const detailOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

export type Settlement = ReturnType<typeof createSettlement>;

/**
 * The wallet calls that move money, and how their answers change the transaction. A refusal
 * means nothing moved (FAILED); a timeout or outage means we do not know, so the transaction is
 * left as it is for a retry or the sweeper, which ask again with the same transaction id.
 */
export function createSettlement({ wallet, lifecycle, log }: SettlementDeps) {
  async function walletStep<T>(row: TxnRow, from: Status, call: () => Promise<T>, onDone: (result: T) => Promise<TxnRow>): Promise<Driven> {
    let result: T;
    try {
      result = await call();
    } catch (err) {
      const refusal = walletRefusal(codeOf(err));
      if (refusal) return { row: await lifecycle.fail(row, from, refusal, detailOf(err)) };
      log.warn("wallet outcome unknown; left for retry or sweeper", { transactionId: row.id, status: row.status, code: codeOf(err), error: detailOf(err) });
      return { row, pendingCode: pendingCodeOf(err) };
    }
    return { row: await onDone(result) };
  }

  const settle = {
    /** PROCESSING transfer: one wallet RPC debits and credits in one database transaction. */
    transfer(row: TxnRow): Promise<Driven> {
      return walletStep(
        row,
        "PROCESSING",
        () => wallet.transfer({ fromUserId: row.senderId, toUserId: row.recipientId!, amount: row.amount, transactionId: row.id }),
        () => lifecycle.complete(row, "PROCESSING"),
      );
    },

    /** PROCESSING top-up: the funding account pays the user. */
    credit(row: TxnRow): Promise<Driven> {
      return walletStep(row, "PROCESSING", () => wallet.credit({ userId: row.senderId, amount: row.amount, transactionId: row.id }), () => lifecycle.complete(row, "PROCESSING"));
    },

    /** PENDING transfer under review: reserve the sender's funds until a reviewer decides. */
    hold(row: TxnRow): Promise<Driven> {
      return walletStep(
        row,
        "PENDING",
        () => wallet.hold({ fromUserId: row.senderId, toUserId: row.recipientId!, amount: row.amount, transactionId: row.id }),
        (hold) => {
          // A replayed hold may already have been decided by a reviewer.
          if (hold.status === "CAPTURED") return lifecycle.complete(row, "PENDING", { statusReason: REASONS.REVIEW_APPROVED });
          if (hold.status === "RELEASED") return lifecycle.cancel(row, REASONS.HOLD_RELEASED, "The hold was released");
          return lifecycle.held(row);
        },
      );
    },

    /**
     * Settles an unsettled transaction from what the wallet recorded (see planResolution): used by
     * the sweeper and by a retry that finds its request unfinished.
     */
    async resolve(row: TxnRow): Promise<Driven> {
      let settlement;
      try {
        settlement = await wallet.getSettlement({ transactionId: row.id });
      } catch (err) {
        log.warn("cannot ask the wallet how a transaction settled", { transactionId: row.id, code: codeOf(err) });
        return { row, pendingCode: pendingCodeOf(err) };
      }
      const plan = planResolution(row, settlementState(settlement));
      log.info("resolving unsettled transaction", { transactionId: row.id, status: row.status, plan: plan.do });
      switch (plan.do) {
        case "complete":
          return { row: await lifecycle.complete(row, row.status, row.heldAt ? { statusReason: REASONS.REVIEW_APPROVED } : {}) };
        case "markHeld":
          return { row: await lifecycle.held(row) };
        case "cancel":
          return { row: await lifecycle.cancel(row, REASONS.HOLD_RELEASED, "The hold was released") };
        case "fail":
          return { row: await lifecycle.fail(row, row.status, plan.reason, plan.reason === REASONS.ABANDONED ? "Processing stopped before any money moved" : "The hold was released before settlement") };
        case "redrive":
          return settle[plan.call](row);
        case "leave":
          return { row };
      }
    },
  };
  return settle;
}
