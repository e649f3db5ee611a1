export * from "../../../shared/db/tables.ts";

import { sql } from "drizzle-orm";
import { CATEGORIES, TRANSACTION_STATUSES, TRANSACTION_TYPES } from "../../../proto-like-schemas/transactions.ts";
import type { Status } from "../domain/state-machine.ts";
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

/**
 * One row per top-up or transfer. Status changes only through a guarded UPDATE (… WHERE status =
 * expected). Limits are computed from these rows, so the sender indexes carry the usage queries.
 */
export const transactions = pgTable(
  "transactions",
  {
    id: uuid("id").primaryKey(),
    type: text("type").$type<(typeof TRANSACTION_TYPES)[number]>().notNull(),
    status: text("status").$type<Status>().notNull(),
    /** Machine-readable why (FRAUD_REVIEW, INSUFFICIENT_FUNDS, …); statusDetail is the human text. */
    statusReason: text("status_reason"),
    statusDetail: text("status_detail"),
    senderId: text("sender_id").notNull(),
    recipientId: text("recipient_id"),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull().default("USD"),
    description: text("description"),
    category: text("category").$type<(typeof CATEGORIES)[number]>(),
    merchant: text("merchant"),
    fraudDecision: text("fraud_decision").$type<"ALLOW" | "REVIEW" | "BLOCK">(),
    fraudScore: integer("fraud_score"),
    fraudRules: jsonb("fraud_rules").$type<{ rule: string; score: number; reason: string }[]>(),
    fraudCaseId: text("fraud_case_id"),
    /** The money request (social) this transfer pays. */
    requestId: text("request_id"),
    /** The bill split (social) whose share this transfer pays. */
    splitId: text("split_id"),
    /** When the wallet confirmed the hold of a transfer under fraud review. */
    heldAt: timestamp("held_at", { withTimezone: true }),
    reversedBy: text("reversed_by"),
    // Millisecond precision, like the JavaScript dates the keyset cursor carries.
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`date_trunc('milliseconds', now())`),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    processingAt: timestamp("processing_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    /** Last time the sweeper looked at this row without changing its status. */
    sweptAt: timestamp("swept_at", { withTimezone: true }),
  },
  (t) => [
    index("transactions_sender_idx").on(t.senderId, t.createdAt, t.id),
    index("transactions_recipient_idx").on(t.recipientId, t.createdAt, t.id),
    index("transactions_created_idx").on(t.createdAt, t.id),
    index("transactions_unsettled_idx").on(t.updatedAt).where(sql`${t.status} in ('PENDING', 'PROCESSING')`),
    check("transactions_type_check", sql`${t.type} in (${inList(TRANSACTION_TYPES)})`),
    check("transactions_status_check", sql`${t.status} in (${inList(TRANSACTION_STATUSES)})`),
    check("transactions_category_check", sql`${t.category} is null or ${t.category} in (${inList(CATEGORIES)})`),
    check("transactions_fraud_decision_check", sql`${t.fraudDecision} is null or ${t.fraudDecision} in ('ALLOW', 'REVIEW', 'BLOCK')`),
    check("transactions_amount_check", sql`${t.amount} between 1 and 100000000000`),
    check("transactions_currency_check", sql`${t.currency} = 'USD'`),
    // A top-up has no recipient; a transfer has one, and it is never the sender (G-02).
    check("transactions_recipient_check", sql`(${t.type} = 'TOPUP') = (${t.recipientId} is null) and ${t.recipientId} is distinct from ${t.senderId}`),
    check("transactions_description_check", sql`char_length(${t.description}) <= 500`),
    check("transactions_merchant_check", sql`char_length(${t.merchant}) <= 255`),
    check("transactions_held_check", sql`${t.heldAt} is null or ${t.fraudDecision} = 'REVIEW'`),
    // What a payment pays for matches its type, so a REQUEST_PAYMENT always names its request.
    check("transactions_reference_check", sql`(${t.type} = 'REQUEST_PAYMENT') = (${t.requestId} is not null) and (${t.type} = 'SPLIT_PAYMENT') = (${t.splitId} is not null)`),
    check("transactions_completed_at_check", sql`(${t.completedAt} is not null) = (${t.status} in ('COMPLETED', 'REVERSED'))`),
  ],
);

/**
 * Idempotency-Key claims, unique per (user, key). The claim is inserted before any work; the
 * final response (success or error) is stored once known. DETACHED: the request answered 503/504
 * while its transaction was unsettled, so a retry settles it and answers with the outcome.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    userId: text("user_id").notNull(),
    key: uuid("key").notNull(),
    fingerprint: text("fingerprint").notNull(),
    state: text("state").notNull(),
    /** Changes on every take-over, so a request that lost its claim cannot write over the new owner. */
    claimId: uuid("claim_id").notNull(),
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull().defaultNow(),
    transactionId: uuid("transaction_id"),
    responseStatus: integer("response_status"),
    responseBody: jsonb("response_body"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.key] }),
    index("idempotency_keys_created_idx").on(t.createdAt),
    check("idempotency_keys_state_check", sql`${t.state} in ('IN_FLIGHT', 'DETACHED', 'DONE')`),
    check("idempotency_keys_response_check", sql`(${t.state} = 'DONE') = (${t.responseStatus} is not null)`),
    check("idempotency_keys_fingerprint_check", sql`${t.fingerprint} ~ '^[0-9a-f]{64}$'`),
  ],
);
