import { z } from "@hono/zod-openapi";
import { documentSummary, kycStatus } from "../../../proto-like-schemas/kyc.ts";
import { kycTier } from "../../../proto-like-schemas/money.ts";
import type { Transaction } from "../../../proto-like-schemas/transactions.ts";
import { transaction } from "../../../proto-like-schemas/transactions.ts";
import { walletStatus } from "../../../proto-like-schemas/wallet.ts";
import { userRef } from "../http/common.ts";
import type { Names } from "../people.ts";

/** Shapes several answers share. */

export const transactionView = transaction.extend({ sender: userRef, recipient: userRef.nullable() }).openapi("AdminTransaction");
export type TransactionView = z.infer<typeof transactionView>;

export const withParties = (t: Transaction, names: Names): TransactionView => ({ ...t, sender: names.of(t.senderId)!, recipient: names.of(t.recipientId) });

/** A transaction seen from one user's side: which way the money went and who the other party was. */
export const userTransactionView = transactionView.extend({ direction: z.enum(["IN", "OUT"]), counterparty: userRef.nullable() }).openapi("UserTransaction");
export const fromUsersSide = (t: Transaction, userId: string, names: Names) => ({
  ...withParties(t, names),
  direction: t.senderId === userId && t.type !== "TOPUP" ? ("OUT" as const) : ("IN" as const),
  counterparty: names.of(t.senderId === userId ? t.recipientId : t.senderId),
});

export const tierLimitsView = z
  .object({ perTransactionCents: z.number().int(), dailyCents: z.number().int(), monthlyCents: z.number().int(), depositPerTransactionCents: z.number().int(), depositDailyCents: z.number().int() })
  .openapi("TierLimits");

export const walletView = z
  .object({ id: z.string(), status: walletStatus, balance: z.number().int(), heldAmount: z.number().int(), availableBalance: z.number().int(), owedAmount: z.number().int(), currency: z.literal("USD"), updatedAt: z.string() })
  .openapi("Wallet");

export const kycProfileView = z
  .object({
    profileId: z.string(),
    tier: kycTier,
    status: kycStatus,
    submittedAt: z.string().nullable(),
    verifiedAt: z.string().nullable(),
    rejectionReason: z.string().nullable(),
    reviewedBy: userRef.nullable(),
    reviewedAt: z.string().nullable(),
    documents: z.array(documentSummary),
  })
  .openapi("KycProfile");
