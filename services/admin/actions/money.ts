import type { Transaction } from "../../../proto-like-schemas/transactions.ts";
import type { Downstream } from "../downstream.ts";
import { actionEventId } from "../domain/event-ids.ts";
import type { Approval, Outcome } from "./outcome.ts";

const parties = (t: Transaction) => [t.senderId, ...(t.recipientId ? [t.recipientId] : [])];
const money = (t: Transaction) => ({ transactionId: t.id, senderId: t.senderId, recipientId: t.recipientId, amount: t.amount });

/**
 * Reversal and force-complete, run by the transactions service (which asks the wallet). A
 * transaction is reversed or force-completed at most once, so its record's id is derived from
 * the transaction alone: whether the action ran at once or after a second admin's approval, and
 * however often it is repeated, it is recorded once.
 */
export function moneyActions(down: Downstream) {
  return {
    async reverse(adminId: string, transactionId: string, reason: string, force: boolean, approval: Approval | null = null): Promise<Outcome<Transaction>> {
      const t = await down.transactions.reverse({ transactionId, adminId, reason, force }, { timeoutMs: 5_000 });
      return {
        result: t,
        record: { type: "admin.transaction_reversed", data: { ...money(t), reason, force, approval }, actorId: adminId, subjectUserIds: parties(t), id: actionEventId("reverse", t.id) },
      };
    },

    /** The transactions service asks the wallet whether the money moved and settles accordingly. */
    async forceComplete(adminId: string, transactionId: string, reason: string, approval: Approval | null = null): Promise<Outcome<Transaction>> {
      const t = await down.transactions.forceComplete({ transactionId, adminId, reason }, { timeoutMs: 5_000 });
      return {
        result: t,
        record: { type: "admin.transaction_force_completed", data: { ...money(t), reason, outcome: t.status, approval }, actorId: adminId, subjectUserIds: parties(t), id: actionEventId("force-complete", t.id) },
      };
    },
  };
}
export type MoneyActions = ReturnType<typeof moneyActions>;
