import type { Transaction } from "../../proto-like-schemas/transactions.ts";
import type { TxnRow } from "./store.ts";

/**
 * The contract's shape of a transaction. `viewerId` is the user looking at it: a recipient does
 * not see the sender's fraud score or why the sender's side stands where it does.
 */
export function toTransaction(row: TxnRow, viewerId?: string): Transaction {
  const redact = viewerId !== undefined && viewerId !== row.senderId;
  return {
    id: row.id,
    type: row.type as Transaction["type"],
    status: row.status as Transaction["status"],
    statusReason: redact ? null : row.statusReason,
    amount: row.amount,
    currency: "USD",
    senderId: row.senderId,
    recipientId: row.recipientId,
    description: row.description,
    category: row.category as Transaction["category"],
    merchant: row.merchant,
    fraudDecision: redact ? null : (row.fraudDecision as Transaction["fraudDecision"]),
    fraudScore: redact ? null : row.fraudScore,
    requestId: row.requestId,
    splitId: row.splitId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}
