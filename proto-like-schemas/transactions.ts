import { z } from "zod";
import { defineContract, method } from "../shared/rpc/contract.ts";
import { fraudDecision } from "./fraud.ts";
import { amountCents, currency, id, isoTime } from "./money.ts";

export const TRANSACTION_TYPES = ["TOPUP", "TRANSFER", "SPLIT_PAYMENT", "REQUEST_PAYMENT"] as const;
export const transactionType = z.enum(TRANSACTION_TYPES);
export const TRANSACTION_STATUSES = ["PENDING", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED", "REVERSED"] as const;
export const transactionStatus = z.enum(TRANSACTION_STATUSES);
export const CATEGORIES = ["FOOD", "TRANSPORT", "ENTERTAINMENT", "UTILITIES", "OTHER"] as const;
export const category = z.enum(CATEGORIES);

export const transaction = z.object({
  id,
  type: transactionType,
  status: transactionStatus,
  /** Why the transaction is where it is: FRAUD_REVIEW, FRAUD_BLOCK, INSUFFICIENT_FUNDS, LIMIT_EXCEEDED, … */
  statusReason: z.string().nullable(),
  amount: amountCents,
  currency,
  senderId: id,
  /** Null for top-ups. */
  recipientId: id.nullable(),
  description: z.string().nullable(),
  category: category.nullable(),
  merchant: z.string().nullable(),
  fraudDecision: fraudDecision.nullable(),
  fraudScore: z.number().int().nullable(),
  /** The money request this transfer pays, if any. */
  requestId: id.nullable(),
  /** The bill split whose share this transfer pays, if any. */
  splitId: id.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  completedAt: isoTime.nullable(),
});
export type Transaction = z.infer<typeof transaction>;

export const listFilters = z.object({
  userId: id.optional(),
  type: transactionType.optional(),
  status: transactionStatus.optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  minAmount: amountCents.optional(),
  maxAmount: amountCents.optional(),
  q: z.string().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

/**
 * A transfer the social service starts on a user's behalf to pay a bill-split share. The key is
 * derived by the caller from (split, participant), so a retried call never pays twice; the full
 * pipeline runs (validation, limits, fraud) exactly as for a transfer the user makes.
 */
export const payShareRequest = z.object({
  payerId: id,
  recipientId: id,
  amount: amountCents,
  splitId: id,
  idempotencyKey: z.uuid(),
  description: z.string().max(255).optional(),
});

/**
 * The share's transaction as payShare answers it. `replayed`: the key had already been answered,
 * so this call moved nothing (the answer is the earlier attempt's), as `Idempotent-Replayed` says
 * over HTTP.
 */
export const payShareResponse = transaction.extend({ replayed: z.boolean() });

const adminAction = z.object({ transactionId: id, adminId: id });

/** One step of a transaction's life, as its row dates it. */
export const statusStep = z.object({
  status: transactionStatus,
  /** HELD marks the reservation of the funds for a fraud reviewer (the status stays PENDING). */
  step: z.enum(["CREATED", "HELD", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED", "REVERSED"]),
  at: isoTime,
  reason: z.string().nullable(),
  detail: z.string().nullable(),
  /** Who caused the step when an admin did (a reversal). */
  by: id.nullable(),
});

/** A transaction as the back office sees it: the contract's shape plus why and how it got there. */
export const transactionDetail = z.object({ transaction, statusDetail: z.string().nullable(), reversedBy: id.nullable(), history: z.array(statusStep) });

/** Transactions RPC, used by the admin service, the fraud review and social's bill splits. */
export const transactionsContract = defineContract("transactions", {
  /** Pays a bill-split share; answers the transaction (COMPLETED, or PENDING when held for review) or a typed error. */
  payShare: method({ request: payShareRequest, response: payShareResponse, idempotent: true }),
  list: method({ request: listFilters, response: z.object({ items: z.array(transaction), nextCursor: z.string().nullable() }), idempotent: true }),
  get: method({ request: z.object({ transactionId: id }), response: transaction, idempotent: true }),
  /** One transaction with its status history (from the times its row records). */
  getDetail: method({ request: z.object({ transactionId: id }), response: transactionDetail, idempotent: true }),
  /** What happened since a moment (the back office asks for the current UTC day), and what waits now. */
  stats: method({
    request: z.object({ since: isoTime }),
    response: z.object({
      since: isoTime,
      /** Transfers (every type but top-ups) created since, whatever became of them. */
      transfers: z.number().int(),
      completedTransfers: z.number().int(),
      /** Sum of the completed ones, in cents. */
      transferVolumeCents: z.number().int(),
      topups: z.number().int(),
      topupVolumeCents: z.number().int(),
      /** Now, whenever created: transfers held for a fraud reviewer, and others not settled yet. */
      heldForReview: z.number().int(),
      unsettled: z.number().int(),
    }),
    idempotent: true,
  }),
  /** COMPLETED → REVERSED through wallet.reverse; `force` lets the recipient go into recovery. */
  reverse: method({ request: adminAction.extend({ reason: z.string().min(1).max(500), force: z.boolean().default(false) }), response: transaction, idempotent: true }),
  /** Finishes a PENDING/PROCESSING transaction after asking the wallet whether it settled; the reason goes into its status detail. */
  forceComplete: method({ request: adminAction.extend({ reason: z.string().max(500).optional() }), response: transaction, idempotent: true }),
  /** Held (fraud review) → capture → COMPLETED. */
  approveHeld: method({ request: adminAction, response: transaction, idempotent: true }),
  /** Held (fraud review) → release → CANCELLED. */
  blockHeld: method({ request: adminAction.extend({ reason: z.string().max(500).optional() }), response: transaction, idempotent: true }),
});
