import { z } from "zod";
import { defineContract, method } from "../shared/rpc/contract.ts";
import { amountCents, currency, id, isoTime } from "./money.ts";

export const FRAUD_RULES = ["velocity_breach", "large_amount_deviation", "new_recipient_large", "geo_anomaly", "night_large", "sanctioned_recipient"] as const;
export const fraudDecision = z.enum(["ALLOW", "REVIEW", "BLOCK"]);
export const firedRule = z.object({ rule: z.enum(FRAUD_RULES), score: z.number().int(), reason: z.string(), forceBlock: z.boolean() });

export const fraudCase = z.object({
  caseId: id,
  transactionId: id,
  userId: id,
  recipientId: id,
  amount: amountCents,
  decision: fraudDecision,
  score: z.number().int(),
  rulesFired: z.array(firedRule),
  /** CLOSED: the transfer failed before anyone reviewed it (its funds could not be held); no outcome. */
  status: z.enum(["OPEN", "REVIEWED", "CLOSED"]),
  outcome: z.enum(["APPROVED", "BLOCKED"]).nullable(),
  reviewedBy: id.nullable(),
  reviewedAt: isoTime.nullable(),
  notes: z.string().nullable(),
  createdAt: isoTime,
  /** When the transactions service applied the outcome to the held transfer; null while pending. */
  settledAt: isoTime.nullable().optional(),
  /** Last failure to apply the outcome (retried in the background unless the transfer refused it). */
  settlementError: z.string().nullable().optional(),
});
export type FraudCase = z.infer<typeof fraudCase>;

export const sanction = z.object({ userId: id, reason: z.string(), addedBy: id, addedAt: isoTime });

export const fraudContract = defineContract("fraud", {
  /**
   * Scores a transfer before it settles. Idempotent per transactionId: a retry returns the same
   * decision and is not counted twice by the velocity rule. Fired rules are always reported.
   */
  score: method({
    request: z.object({
      transactionId: id,
      userId: id,
      recipientId: id,
      amount: amountCents,
      currency,
      /** ISO 3166-1 alpha-2 country of the request (from the gateway's X-Client-Country), if known. */
      country: z.string().length(2).toUpperCase().nullable().default(null),
      transactionType: z.enum(["TRANSFER", "SPLIT_PAYMENT", "REQUEST_PAYMENT"]).default("TRANSFER"),
    }),
    response: z.object({ decision: fraudDecision, score: z.number().int(), rulesFired: z.array(firedRule), reason: z.string(), caseId: id.nullable() }),
    idempotent: true,
  }),
  /** Cases waiting for review (REVIEW decisions not yet reviewed), oldest first; `userId` keeps the cases of that sender. */
  listQueue: method({
    request: z.object({ limit: z.number().int().min(1).max(100).default(50), offset: z.number().int().min(0).default(0), userId: id.optional() }),
    response: z.object({ items: z.array(fraudCase), total: z.number().int() }),
    idempotent: true,
  }),
  getCase: method({ request: z.object({ caseId: id }), response: fraudCase, idempotent: true }),
  /** Records the outcome and settles the held transfer (approve → capture, block → release). Idempotent. */
  review: method({
    request: z.object({ caseId: id, adminId: id, outcome: z.enum(["APPROVE", "BLOCK"]), notes: z.string().max(1000).optional() }),
    response: fraudCase,
    idempotent: true,
  }),
  sanctionsAdd: method({ request: z.object({ userId: id, reason: z.string().min(1).max(500), adminId: id }), response: sanction, idempotent: true }),
  /** `sanction` is the entry this call removed; a user not listed (or removed already) gives `removed: false`. */
  sanctionsRemove: method({ request: z.object({ userId: id, adminId: id }), response: z.object({ removed: z.boolean(), sanction: sanction.nullable() }), idempotent: true }),
  sanctionsList: method({ request: z.object({}), response: z.object({ items: z.array(sanction) }), idempotent: true }),
});
