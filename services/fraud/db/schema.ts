export * from "../../../shared/db/tables.ts";

import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { FiredRule } from "../domain/rules.ts";

const at = (name: string) => timestamp(name, { withTimezone: true });

/** One row per scored transaction: a retried score call returns this row instead of scoring again. */
export const scorings = pgTable(
  "scorings",
  {
    transactionId: text("transaction_id").primaryKey(),
    userId: text("user_id").notNull(),
    recipientId: text("recipient_id").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    transactionType: text("transaction_type").notNull(),
    country: text("country"),
    decision: text("decision").notNull(),
    score: integer("score").notNull(),
    rulesFired: jsonb("rules_fired").$type<FiredRule[]>().notNull(),
    reason: text("reason").notNull(),
    caseId: uuid("case_id"),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [
    check("scorings_amount_check", sql`${t.amount} > 0`),
    check("scorings_decision_check", sql`${t.decision} in ('ALLOW', 'REVIEW', 'BLOCK')`),
    check("scorings_case_check", sql`(${t.decision} = 'ALLOW') = (${t.caseId} is null)`),
    check("scorings_country_check", sql`${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

/**
 * A case for every REVIEW and BLOCK decision. REVIEW cases start OPEN (the review queue); BLOCK
 * cases are stored already REVIEWED with outcome BLOCKED and no reviewer (the engine decided, the
 * transfer failed at once, there is nothing to settle), so they never enter the queue. An OPEN
 * case whose transfer failed before anyone reviewed it (its funds could not be held) is CLOSED,
 * with no outcome: there is nothing left to decide.
 */
export const fraudCases = pgTable(
  "fraud_cases",
  {
    id: uuid("id").primaryKey(),
    transactionId: text("transaction_id").notNull().unique("fraud_cases_transaction_key"),
    userId: text("user_id").notNull(),
    recipientId: text("recipient_id").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    decision: text("decision").notNull(),
    score: integer("score").notNull(),
    rulesFired: jsonb("rules_fired").$type<FiredRule[]>().notNull(),
    reason: text("reason").notNull(),
    status: text("status").notNull(),
    outcome: text("outcome"),
    reviewedBy: text("reviewed_by"),
    reviewedAt: at("reviewed_at"),
    notes: text("notes"),
    /** When the transactions service confirmed the outcome (capture or release of the hold). */
    settledAt: at("settled_at"),
    settleAttempts: integer("settle_attempts").notNull().default(0),
    /** When the settle job may try next; null while nothing is due. */
    nextSettleAt: at("next_settle_at"),
    settleError: text("settle_error"),
    /** Set when the transactions service refused the outcome for good; the job stops trying. */
    settleGaveUpAt: at("settle_gave_up_at"),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [
    check("fraud_cases_amount_check", sql`${t.amount} > 0`),
    check("fraud_cases_decision_check", sql`${t.decision} in ('REVIEW', 'BLOCK')`),
    check("fraud_cases_status_check", sql`${t.status} in ('OPEN', 'REVIEWED', 'CLOSED')`),
    check("fraud_cases_outcome_check", sql`${t.outcome} in ('APPROVED', 'BLOCKED')`),
    check("fraud_cases_open_check", sql`(${t.status} = 'REVIEWED') = (${t.outcome} is not null)`),
    check("fraud_cases_reviewed_at_check", sql`(${t.status} = 'OPEN') = (${t.reviewedAt} is null)`),
    check("fraud_cases_block_check", sql`${t.decision} <> 'BLOCK' or (${t.status} = 'REVIEWED' and ${t.outcome} = 'BLOCKED')`),
    check("fraud_cases_reviewer_check", sql`${t.decision} <> 'REVIEW' or ${t.status} <> 'REVIEWED' or ${t.reviewedBy} is not null`),
    check("fraud_cases_settled_check", sql`${t.settledAt} is null or ${t.status} = 'REVIEWED'`),
    index("fraud_cases_queue_idx").on(t.status, t.decision, t.createdAt, t.id),
    index("fraud_cases_settle_idx").on(t.nextSettleAt).where(sql`${t.status} = 'REVIEWED' and ${t.settledAt} is null and ${t.settleGaveUpAt} is null`),
  ],
);

/** Welford statistics of each sender's completed transfers; mean and M2 are exact decimals. */
export const senderStats = pgTable(
  "sender_stats",
  {
    userId: text("user_id").primaryKey(),
    count: bigint("count", { mode: "number" }).notNull().default(0),
    mean: numeric("mean").notNull().default("0"),
    m2: numeric("m2").notNull().default("0"),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [check("sender_stats_count_check", sql`${t.count} >= 0`), check("sender_stats_m2_check", sql`${t.m2} >= 0`)],
);

/**
 * Transfers already added to the statistics, so a second event about one transfer counts once
 * (G-19). A reversed transfer stays, marked, so it is never counted again and the statistics can
 * be derived from the rest; rows from before recipients were kept have none.
 */
export const countedTransfers = pgTable(
  "counted_transfers",
  {
    transactionId: text("transaction_id").primaryKey(),
    userId: text("user_id").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    recipientId: text("recipient_id"),
    countedAt: at("counted_at").notNull().defaultNow(),
    reversedAt: at("reversed_at"),
  },
  (t) => [index("counted_transfers_user_idx").on(t.userId, t.recipientId)],
);

/** Recipients a sender has completed a transfer to. */
export const knownRecipients = pgTable(
  "known_recipients",
  {
    userId: text("user_id").notNull(),
    recipientId: text("recipient_id").notNull(),
    firstPaidAt: at("first_paid_at").notNull().defaultNow(),
    lastPaidAt: at("last_paid_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.recipientId] })],
);

/**
 * Contacts mirrored from social events; never expire (G-18). A removal keeps the row inactive so
 * that an older "added" delivered late cannot bring the contact back: the newest event wins.
 */
export const contacts = pgTable(
  "contacts",
  {
    ownerId: text("owner_id").notNull(),
    contactId: text("contact_id").notNull(),
    active: boolean("active").notNull(),
    /** occurredAt of the event that set `active`. */
    changedAt: at("changed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.contactId] })],
);

/** Countries a user's transfers came from, counted at scoring time; the most seen is the usual one. */
export const userCountries = pgTable(
  "user_countries",
  {
    userId: text("user_id").notNull(),
    country: text("country").notNull(),
    count: integer("count").notNull().default(0),
    firstSeenAt: at("first_seen_at").notNull().defaultNow(),
    lastSeenAt: at("last_seen_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.country] }), check("user_countries_country_check", sql`${t.country} ~ '^[A-Z]{2}$'`)],
);

/** The sanctions list; Redis holds a copy rebuilt from this table (G-21). */
export const sanctions = pgTable("sanctions", {
  userId: text("user_id").primaryKey(),
  reason: text("reason").notNull(),
  addedBy: text("added_by").notNull(),
  addedAt: at("added_at").notNull().defaultNow(),
});
