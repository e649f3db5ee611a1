import { and, eq } from "drizzle-orm";
import type { Transaction, transactionsContract } from "../../proto-like-schemas/transactions.ts";
import type { Database, Executor } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import type { Logger } from "../../shared/log.ts";
import type { RpcClient } from "../../shared/rpc/client.ts";
import { billSplits, splitParticipants } from "./db/schema.ts";
import { sharePaymentKey } from "./domain/ids.ts";
import { attemptFromErrorCode, attemptFromTransaction, type ShareAttemptResult } from "./domain/share-payment.ts";
import { shareView, type ShareView, type Splits } from "./splits.ts";

export interface PayResult {
  /** paid: by this call; already_paid: by an earlier call (nothing moved now); held: waiting for a fraud reviewer. */
  outcome: "paid" | "already_paid" | "held";
  share: ShareView;
  splitStatus: "OPEN" | "SETTLED";
}

export interface PayAnswer {
  result: PayResult;
  /**
   * The answer is an earlier call's payment (the share was already paid, or is held, by it), as
   * `Idempotent-Replayed` says for a transfer: only the call that paid answers as having paid.
   */
  replayed: boolean;
}

/** A refusal as the participant should read it: their request had no fields the problem could name. */
function refusalForUser(err: AppError): AppError {
  const details = typeof err.details?.transactionId === "string" ? { transactionId: err.details.transactionId } : undefined;
  if (err.code === "NOT_FOUND" || err.code === "INVALID_ARGUMENT") return new AppError("FAILED_PRECONDITION", `The share cannot be paid: ${err.message}`, { details });
  return new AppError(err.code, err.message, { status: err.status, details });
}

const reversedMeanwhile = () => new AppError("CONFLICT", "The payment of this share was reversed; pay again to make a new payment");

const openOutcome = (err?: AppError) =>
  err?.code === "CONFLICT"
    ? new AppError("CONFLICT", "A payment of this share is already in progress; try again in a moment")
    : new AppError(err?.code === "DEADLINE_EXCEEDED" ? "DEADLINE_EXCEEDED" : "UNAVAILABLE", "The payment is still being processed; try again to see its outcome");

/** Attempts per pay call: one, plus one more when the previous attempt turns out to have been refused or reversed. */
const MAX_ATTEMPTS_PER_CALL = 2;

export type SharePayments = ReturnType<typeof createSharePayments>;

/**
 * Paying a split share. The transfer (participant → creator) is made by the transactions service
 * on the participant's behalf, under a key derived from (split, participant, attempt): social never
 * takes a transaction id from a client, and a repeated or concurrent pay call never pays twice.
 */
export function createSharePayments(deps: { db: Database; splits: Splits; transactions: RpcClient<typeof transactionsContract>; timeoutMs: number; log: Logger }) {
  const { db, splits, transactions, timeoutMs, log } = deps;

  /**
   * What the attempt's key stands for now. Only a payment this call completed is known to stand;
   * a held one may have been approved or blocked since, and a replayed answer may be older than
   * the transaction (completed since reversed).
   */
  async function settle(t: Transaction & { replayed: boolean }): Promise<ShareAttemptResult> {
    if (t.status === "COMPLETED" && !t.replayed) return attemptFromTransaction(t);
    try {
      return attemptFromTransaction(await transactions.get({ transactionId: t.id }, { timeoutMs }));
    } catch {
      return attemptFromTransaction(t);
    }
  }

  /** Moves on to the next attempt if `attempt` is still the current one (the key's answer is final). */
  async function nextAttempt(tx: Executor, shareId: string, attempt: number, heldTransactionId: string | null = null): Promise<void> {
    await tx
      .update(splitParticipants)
      .set({ paymentAttempt: attempt + 1, transactionId: null })
      .where(
        and(
          eq(splitParticipants.id, shareId),
          eq(splitParticipants.status, "PENDING"),
          eq(splitParticipants.paymentAttempt, attempt),
          heldTransactionId === null ? undefined : eq(splitParticipants.transactionId, heldTransactionId),
        ),
      );
  }

  return {
    async pay(userId: string, splitId: string): Promise<PayAnswer> {
      for (let round = 1; ; round++) {
        const { split, shares } = await splits.visible(userId, splitId);
        const share = shares.find((s) => s.userId === userId);
        if (!share) throw new AppError("FAILED_PRECONDITION", "You have no share to pay in this split");
        if (share.status === "PAID") return { result: { outcome: "already_paid", share: shareView(share), splitStatus: split.status }, replayed: true };

        let result: ShareAttemptResult;
        let error: AppError | undefined;
        // Whether the transactions service answered this key before: then another call paid (or holds) it.
        let replayed = false;
        try {
          const t = await transactions.payShare(
            { payerId: userId, recipientId: split.creatorId, amount: share.amountCents, splitId: split.id, idempotencyKey: sharePaymentKey(split.id, userId, share.paymentAttempt), description: `Split: ${split.title}`.slice(0, 255) },
            { timeoutMs },
          );
          replayed = t.replayed;
          result = await settle(t);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          error = err;
          result = attemptFromErrorCode(err.code);
        }

        switch (result.kind) {
          case "paid": {
            const transactionId = result.transactionId;
            const recorded = await db.transaction(async (tx) => {
              const row = await splits.recordPaid(tx, { splitId: split.id, userId }, transactionId);
              const [now] = await tx.select({ status: billSplits.status }).from(billSplits).where(eq(billSplits.id, split.id));
              return { row: row!, splitStatus: now!.status };
            });
            if (recorded.row.status === "PAID") return { result: { outcome: replayed ? "already_paid" : "paid", share: shareView(recorded.row), splitStatus: recorded.splitStatus }, replayed };
            // Reversed before it could be recorded (the reversal moved the share to its next attempt).
            if (round < MAX_ATTEMPTS_PER_CALL) continue;
            throw reversedMeanwhile();
          }
          case "held": {
            const transactionId = result.transactionId;
            const [row] = await db
              .update(splitParticipants)
              .set({ transactionId })
              .where(and(eq(splitParticipants.id, share.id), eq(splitParticipants.status, "PENDING"), eq(splitParticipants.paymentAttempt, share.paymentAttempt)))
              .returning();
            // The review may already have ended (the event was quicker): show the share as it is.
            const current = row ?? (await db.select().from(splitParticipants).where(eq(splitParticipants.id, share.id)))[0]!;
            const outcome = current.status !== "PAID" ? "held" : replayed ? "already_paid" : "paid";
            return { result: { outcome, share: shareView(current), splitStatus: split.status }, replayed };
          }
          case "reversed": {
            // The attempt's payment was reversed before social heard of it: record the reversal as its
            // event will (which moves the share to its next attempt), then pay anew under the new key.
            const transactionId = result.transactionId;
            await db.transaction((tx) => splits.recordReversal(tx, { splitId: split.id, participantId: userId, creatorId: split.creatorId, amountCents: share.amountCents, transactionId }));
            if (round < MAX_ATTEMPTS_PER_CALL) continue;
            throw reversedMeanwhile();
          }
          case "refused":
            await nextAttempt(db, share.id, share.paymentAttempt);
            if (error) throw refusalForUser(error);
            // The attempt's transaction failed or was cancelled since: nothing moved, so pay afresh.
            if (round < MAX_ATTEMPTS_PER_CALL) continue;
            throw new AppError("FAILED_PRECONDITION", "The previous payment of this share did not go through; please try again");
          case "unknown":
            throw openOutcome(error);
        }
      }
    },

    /** The transfer paying a share completed (in the consumer's transaction). */
    async completed(tx: Executor, t: { splitId: string; senderId: string; recipientId: string | null; amount: number; transactionId: string }): Promise<void> {
      const [share] = await tx
        .select({ share: splitParticipants, creatorId: billSplits.creatorId })
        .from(splitParticipants)
        .innerJoin(billSplits, eq(billSplits.id, splitParticipants.splitId))
        .where(and(eq(splitParticipants.splitId, t.splitId), eq(splitParticipants.userId, t.senderId)));
      if (!share || share.creatorId !== t.recipientId || share.share.amountCents !== t.amount) {
        log.warn("completed transfer does not match a share of the split it names; ignored", { splitId: t.splitId, transactionId: t.transactionId });
        return;
      }
      await splits.recordPaid(tx, { splitId: t.splitId, userId: t.senderId }, t.transactionId);
    },

    /** An admin reversed the transfer paying a share (in the consumer's transaction): the share is unpaid again. */
    async reversed(tx: Executor, t: { splitId: string; senderId: string; recipientId: string | null; amount: number; transactionId: string }): Promise<void> {
      await splits.recordReversal(tx, { splitId: t.splitId, participantId: t.senderId, creatorId: t.recipientId, amountCents: t.amount, transactionId: t.transactionId });
    },

    /** The held transfer paying a share ended without moving money: the next pay call starts a new attempt. */
    async ended(tx: Executor, t: { splitId: string; senderId: string; transactionId: string }): Promise<void> {
      const [share] = await tx
        .select()
        .from(splitParticipants)
        .where(and(eq(splitParticipants.splitId, t.splitId), eq(splitParticipants.userId, t.senderId), eq(splitParticipants.status, "PENDING"), eq(splitParticipants.transactionId, t.transactionId)));
      if (share) await nextAttempt(tx, share.id, share.paymentAttempt, t.transactionId);
    },
  };
}

