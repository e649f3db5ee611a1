export * from "../../../shared/db/tables.ts";

import { sql } from "drizzle-orm";
import { bigint, check, foreignKey, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** User ids come from auth and are only ever compared, so they stay text (bounded like everywhere else). */
const userIdCheck = (name: string, column: unknown) => check(name, sql`char_length(${column}) between 1 and 64`);

/** Who a user keeps as a contact; fraud learns of each change through social.contact_added/removed. */
export const contacts = pgTable(
  "contacts",
  {
    id: uuid("id").primaryKey(),
    ownerId: text("owner_id").notNull(),
    contactId: text("contact_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("contacts_owner_contact_key").on(t.ownerId, t.contactId),
    index("contacts_owner_listing_idx").on(t.ownerId, t.createdAt, t.id),
    userIdCheck("contacts_owner_id_check", t.ownerId),
    userIdCheck("contacts_contact_id_check", t.contactId),
    check("contacts_not_self_check", sql`${t.ownerId} <> ${t.contactId}`),
  ],
);

export const REQUEST_STATUSES = ["PENDING", "ACCEPTED", "PAID", "FAILED", "REVERSED", "DECLINED", "CANCELLED", "EXPIRED"] as const;

/**
 * A money request: the requester asks, the recipient (the person asked) pays. PENDING → ACCEPTED
 * → PAID | FAILED once the transfer's outcome is known; PAID → REVERSED when an admin reverses
 * the payment; PENDING → DECLINED | CANCELLED | EXPIRED.
 */
export const moneyRequests = pgTable(
  "money_requests",
  {
    id: uuid("id").primaryKey(),
    requesterId: text("requester_id").notNull(),
    recipientId: text("recipient_id").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull().default("USD"),
    note: text("note"),
    status: text("status", { enum: REQUEST_STATUSES }).notNull().default("PENDING"),
    /** The transfer that paid the request (REVERSED: the one reversed), or the one that failed to. */
    transactionId: text("transaction_id"),
    failureCode: text("failure_code"),
    failureReason: text("failure_reason"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    declinedAt: timestamp("declined_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    expiredAt: timestamp("expired_at", { withTimezone: true }),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    failedAt: timestamp("failed_at", { withTimezone: true }),
    reversedAt: timestamp("reversed_at", { withTimezone: true }),
  },
  (t) => [
    index("money_requests_requester_listing_idx").on(t.requesterId, t.createdAt, t.id),
    index("money_requests_recipient_listing_idx").on(t.recipientId, t.createdAt, t.id),
    // The expiry sweep reads only what is still pending, oldest deadline first.
    index("money_requests_pending_expiry_idx").on(t.expiresAt).where(sql`${t.status} = 'PENDING'`),
    userIdCheck("money_requests_requester_id_check", t.requesterId),
    userIdCheck("money_requests_recipient_id_check", t.recipientId),
    check("money_requests_not_self_check", sql`${t.requesterId} <> ${t.recipientId}`),
    check("money_requests_amount_check", sql`${t.amount} between 1 and 100000000000`),
    check("money_requests_currency_check", sql`${t.currency} = 'USD'`),
    check("money_requests_note_check", sql`${t.note} is null or char_length(${t.note}) between 1 and 255`),
    check("money_requests_status_check", sql`${t.status} in ('PENDING', 'ACCEPTED', 'PAID', 'FAILED', 'REVERSED', 'DECLINED', 'CANCELLED', 'EXPIRED')`),
    check("money_requests_accepted_at_check", sql`${t.status} not in ('ACCEPTED', 'PAID', 'FAILED', 'REVERSED') or ${t.acceptedAt} is not null`),
    check("money_requests_paid_check", sql`${t.status} <> 'PAID' or (${t.transactionId} is not null and ${t.paidAt} is not null)`),
    check("money_requests_failed_check", sql`${t.status} <> 'FAILED' or (${t.failureCode} is not null and ${t.failedAt} is not null)`),
    check("money_requests_reversed_check", sql`${t.status} <> 'REVERSED' or (${t.transactionId} is not null and ${t.reversedAt} is not null)`),
  ],
);

/** A bill split: OPEN until every share is paid, then SETTLED. */
export const billSplits = pgTable(
  "bill_splits",
  {
    id: uuid("id").primaryKey(),
    creatorId: text("creator_id").notNull(),
    title: text("title").notNull(),
    totalCents: bigint("total_cents", { mode: "number" }).notNull(),
    currency: text("currency").notNull().default("USD"),
    status: text("status", { enum: ["OPEN", "SETTLED"] }).notNull().default("OPEN"),
    settledAt: timestamp("settled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("bill_splits_creator_listing_idx").on(t.creatorId, t.createdAt, t.id),
    userIdCheck("bill_splits_creator_id_check", t.creatorId),
    check("bill_splits_title_check", sql`char_length(${t.title}) between 1 and 255`),
    check("bill_splits_total_check", sql`${t.totalCents} between 1 and 100000000000`),
    check("bill_splits_currency_check", sql`${t.currency} = 'USD'`),
    check("bill_splits_status_check", sql`${t.status} in ('OPEN', 'SETTLED')`),
    check("bill_splits_settled_at_check", sql`(${t.status} = 'SETTLED') = (${t.settledAt} is not null)`),
  ],
);

/**
 * One share of a split. A PENDING share with a transaction id is a payment held for fraud review.
 * `paymentAttempt` numbers the payment attempts: each attempt has its own idempotency key, and a
 * new one starts only after the previous attempt was refused (so nothing moved) or its payment
 * was reversed (so the money went back).
 */
export const splitParticipants = pgTable(
  "split_participants",
  {
    id: uuid("id").primaryKey(),
    splitId: uuid("split_id").notNull(),
    userId: text("user_id").notNull(),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    status: text("status", { enum: ["PENDING", "PAID"] }).notNull().default("PENDING"),
    transactionId: text("transaction_id"),
    paymentAttempt: integer("payment_attempt").notNull().default(0),
    paidAt: timestamp("paid_at", { withTimezone: true }),
  },
  (t) => [
    foreignKey({ columns: [t.splitId], foreignColumns: [billSplits.id], name: "split_participants_split_id_fk" }).onDelete("cascade"),
    uniqueIndex("split_participants_split_user_key").on(t.splitId, t.userId),
    index("split_participants_user_idx").on(t.userId, t.splitId),
    userIdCheck("split_participants_user_id_check", t.userId),
    check("split_participants_amount_check", sql`${t.amountCents} between 1 and 100000000000`),
    check("split_participants_status_check", sql`${t.status} in ('PENDING', 'PAID')`),
    check("split_participants_paid_at_check", sql`(${t.status} = 'PAID') = (${t.paidAt} is not null)`),
    check("split_participants_attempt_check", sql`${t.paymentAttempt} >= 0`),
  ],
);

/**
 * Share payments an admin reversed. A reversed transfer never pays its share again, whatever
 * arrives later: its completion event redelivered after the reversal, or a pay call replaying the
 * key that made it. Rows exist only for transfers that paid (or were paying) a share of ours.
 */
export const reversedSharePayments = pgTable(
  "reversed_share_payments",
  {
    transactionId: text("transaction_id").primaryKey(),
    splitId: uuid("split_id").notNull(),
    userId: text("user_id").notNull(),
    reversedAt: timestamp("reversed_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.splitId], foreignColumns: [billSplits.id], name: "reversed_share_payments_split_id_fk" }).onDelete("cascade"),
    userIdCheck("reversed_share_payments_user_id_check", t.userId),
  ],
);
