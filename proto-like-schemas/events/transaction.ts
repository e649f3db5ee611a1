import { z } from "zod";
import { amountCents, id, isoTime } from "../money.ts";

const type = z.enum(["TOPUP", "TRANSFER", "SPLIT_PAYMENT", "REQUEST_PAYMENT"]);
const rule = z.object({ rule: z.string(), score: z.number().int(), reason: z.string() });
const base = {
  transactionId: id,
  type,
  senderId: id,
  /** Null for top-ups. */
  recipientId: id.nullable(),
  amount: amountCents,
  currency: z.literal("USD"),
  /** Set when the transfer pays a money request. */
  requestId: id.nullable().default(null),
  /** Set when the transfer pays a share of a bill split. */
  splitId: id.nullable().default(null),
};

/**
 * Events of the transactions service (stream TRANSACTION). actorId is the sender; subjectUserIds
 * holds every party (sender and recipient), so each is notified and gets webhooks.
 */
export const transactionEvents = {
  "transaction.created": z.object(base),
  "transaction.completed": z.object({
    ...base,
    description: z.string().nullable(),
    merchant: z.string().nullable(),
    category: z.enum(["FOOD", "TRANSPORT", "ENTERTAINMENT", "UTILITIES", "OTHER"]).nullable(),
    fraudDecision: z.enum(["ALLOW", "REVIEW"]).nullable(),
    fraudScore: z.number().int().nullable(),
    completedAt: isoTime,
  }),
  "transaction.failed": z.object({ ...base, code: z.string(), reason: z.string() }),
  /** Funds held while a fraud reviewer decides. */
  "transaction.held": z.object({ ...base, score: z.number().int(), rulesFired: z.array(rule) }),
  "transaction.cancelled": z.object({ ...base, reason: z.string() }),
  /** actorId = the admin. */
  "transaction.reversed": z.object({ ...base, reason: z.string(), reversedBy: id, forced: z.boolean() }),
  "transaction.fraud_blocked": z.object({ ...base, score: z.number().int(), rulesFired: z.array(rule), reason: z.string() }),
} as const;
