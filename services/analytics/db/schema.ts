export * from "../../../shared/db/tables.ts";

import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid, varchar } from "drizzle-orm/pg-core";

const at = (name: string) => timestamp(name, { withTimezone: true });
const cents = (name: string) => bigint(name, { mode: "number" });
const categoryCheck = (column: unknown) => sql`${column} in ('FOOD', 'TRANSPORT', 'ENTERTAINMENT', 'UTILITIES', 'OTHER')`;

/**
 * Every completed transfer as seen by each party: the sender's SPEND and the recipient's RECEIVE.
 * The source of truth the aggregates are derived from (and rebuilt from). A reversed transfer keeps
 * its rows, marked with `reversed_at`, and stops counting.
 */
export const spendEvents = pgTable(
  "spend_events",
  {
    id: uuid("id").primaryKey(),
    transactionId: text("transaction_id").notNull(),
    userId: text("user_id").notNull(),
    direction: text("direction").notNull(),
    /** The other party: the recipient of a SPEND, the sender of a RECEIVE. */
    counterpartyId: text("counterparty_id").notNull(),
    transactionType: text("transaction_type").notNull(),
    amountCents: cents("amount_cents").notNull(),
    category: text("category").notNull(),
    /** USER when the payer chose the category, KEYWORD when the classifier found one, DEFAULT otherwise. */
    categorySource: text("category_source").notNull(),
    merchant: text("merchant"),
    /** Case- and space-insensitive grouping key of `merchant`. */
    merchantKey: text("merchant_key"),
    description: text("description"),
    occurredAt: at("occurred_at").notNull(),
    /** UTC month of occurred_at, "YYYY-MM". */
    yearMonth: varchar("year_month", { length: 7 }).notNull(),
    /** The transaction.completed event this row came from. */
    eventId: uuid("event_id").notNull(),
    reversedAt: at("reversed_at"),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [
    unique("spend_events_transaction_party_key").on(t.transactionId, t.userId, t.direction),
    index("spend_events_user_month_idx").on(t.userId, t.yearMonth),
    check("spend_events_direction_check", sql`${t.direction} in ('SPEND', 'RECEIVE')`),
    check("spend_events_amount_check", sql`${t.amountCents} > 0`),
    check("spend_events_category_check", categoryCheck(t.category)),
    check("spend_events_category_source_check", sql`${t.categorySource} in ('USER', 'KEYWORD', 'DEFAULT')`),
    check("spend_events_year_month_check", sql`${t.yearMonth} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check("spend_events_merchant_check", sql`(${t.merchant} is null) = (${t.merchantKey} is null)`),
  ],
);

/**
 * Reversed transactions, kept apart from spend_events so that a reversal handled before its
 * completion (redelivery after a failure can reorder them) still wins when the completion arrives.
 */
export const reversals = pgTable("reversals", {
  transactionId: text("transaction_id").primaryKey(),
  reversedAt: at("reversed_at").notNull(),
  eventId: uuid("event_id").notNull(),
});

/** Totals per user, UTC month, direction and category of the spend events that still count. */
export const monthlyAggregates = pgTable(
  "monthly_aggregates",
  {
    userId: text("user_id").notNull(),
    yearMonth: varchar("year_month", { length: 7 }).notNull(),
    direction: text("direction").notNull(),
    category: text("category").notNull(),
    totalCents: cents("total_cents").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.yearMonth, t.direction, t.category] }),
    check("monthly_aggregates_direction_check", sql`${t.direction} in ('SPEND', 'RECEIVE')`),
    check("monthly_aggregates_category_check", categoryCheck(t.category)),
    check("monthly_aggregates_positive_check", sql`${t.totalCents} > 0 and ${t.count} > 0`),
  ],
);

/** Spending per user, UTC month and merchant (SPEND only: merchants are where money goes). */
export const merchantAggregates = pgTable(
  "merchant_aggregates",
  {
    userId: text("user_id").notNull(),
    yearMonth: varchar("year_month", { length: 7 }).notNull(),
    merchantKey: text("merchant_key").notNull(),
    /** One spelling seen for the key (the byte-wise least, so it does not depend on arrival order). */
    merchant: text("merchant").notNull(),
    totalCents: cents("total_cents").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.yearMonth, t.merchantKey] }),
    check("merchant_aggregates_positive_check", sql`${t.totalCents} > 0 and ${t.count} > 0`),
  ],
);

/** A monthly spending budget per user and category (one per category; POST replaces it). */
export const budgets = pgTable(
  "budgets",
  {
    id: uuid("id").primaryKey(),
    userId: text("user_id").notNull(),
    category: text("category").notNull(),
    limitCents: cents("limit_cents").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: at("created_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    unique("budgets_user_category_key").on(t.userId, t.category),
    check("budgets_category_check", categoryCheck(t.category)),
    check("budgets_limit_check", sql`${t.limitCents} > 0`),
  ],
);

/**
 * Budget alerts raised: the primary key is the claim that makes each threshold fire once per
 * user, category and month (inserted in the same transaction as the event's outbox row).
 */
export const budgetAlerts = pgTable(
  "budget_alerts",
  {
    userId: text("user_id").notNull(),
    category: text("category").notNull(),
    yearMonth: varchar("year_month", { length: 7 }).notNull(),
    thresholdPercent: integer("threshold_percent").notNull(),
    budgetId: uuid("budget_id").notNull(),
    usedCents: cents("used_cents").notNull(),
    limitCents: cents("limit_cents").notNull(),
    eventId: uuid("event_id").notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.category, t.yearMonth, t.thresholdPercent] }),
    check("budget_alerts_threshold_check", sql`${t.thresholdPercent} in (80, 100)`),
    check("budget_alerts_category_check", categoryCheck(t.category)),
  ],
);
