import type { AdminTransaction as TransactionView, UserTransaction } from "../../../proto-like-schemas/admin.ts";
import type { Transaction } from "../../../proto-like-schemas/transactions.ts";
import type { Names } from "../people.ts";

/** Shapes several answers share (declared once in proto-like-schemas/admin.ts, which the console's client reads too). */
export {
  adminTransaction as transactionView,
  userTransaction as userTransactionView,
  tierLimits as tierLimitsView,
  adminWallet as walletView,
  kycProfile as kycProfileView,
} from "../../../proto-like-schemas/admin.ts";

export const withParties = (t: Transaction, names: Names): TransactionView => ({ ...t, sender: names.of(t.senderId)!, recipient: names.of(t.recipientId) });

/** A transaction seen from one user's side: which way the money went and who the other party was. */
export const fromUsersSide = (t: Transaction, userId: string, names: Names): UserTransaction => ({
  ...withParties(t, names),
  direction: t.senderId === userId && t.type !== "TOPUP" ? ("OUT" as const) : ("IN" as const),
  counterparty: names.of(t.senderId === userId ? t.recipientId : t.senderId),
});
