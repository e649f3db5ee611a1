export * from "../../../shared/db/tables.ts";

import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * One row per (event, user told). Ids are UUIDv7, so ordering by id is ordering by creation time:
 * the feed pages on it and SSE replays `id > Last-Event-ID`. A row is unread while read_at is null.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey(),
    userId: text("user_id").notNull(),
    type: text("type").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>(),
    /** The event it came from and when that event happened (the lag of live delivery is measured from it). */
    sourceEventId: uuid("source_event_id").notNull(),
    sourceOccurredAt: timestamp("source_occurred_at", { withTimezone: true }).notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The inbox already makes handling exactly-once; this keeps one event from ever telling a user twice.
    uniqueIndex("notifications_source_user_key").on(t.sourceEventId, t.userId),
    index("notifications_user_id_idx").on(t.userId, t.id),
    index("notifications_user_unread_idx").on(t.userId, t.id).where(sql`${t.readAt} is null`),
    check("notifications_type_check", sql`${t.type} ~ '^[a-z]+\\.[a-z_]+$' and char_length(${t.type}) <= 60`),
    check("notifications_user_id_check", sql`char_length(${t.userId}) between 1 and 64`),
  ],
);

/**
 * A local copy of who a user is, from auth.user_registered (and refreshed on auth.user_verified),
 * so e-mails can be addressed and counterparties named without asking auth for every event.
 */
export const users = pgTable("notification_users", {
  userId: text("user_id").primaryKey(),
  email: text("email").notNull(),
  name: text("name"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A user's choices; no row means the defaults (e-mail on). */
export const preferences = pgTable("notification_preferences", {
  userId: text("user_id").primaryKey(),
  emailEnabled: boolean("email_enabled").notNull().default(true),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const MAIL_STATUSES = ["PENDING", "SENT", "FAILED", "SKIPPED"] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/**
 * E-mails to send, written in the transaction that creates their notification (so none is lost in
 * a crash) and sent by a job. A claimed row's next_attempt_at is pushed out by a lease, so a
 * sender that dies mid-send leaves it to be retried once the lease runs out.
 */
export const mails = pgTable(
  "notification_mails",
  {
    id: uuid("id").primaryKey(),
    notificationId: uuid("notification_id").notNull().references(() => notifications.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    template: text("template").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    status: text("status").$type<MailStatus>().notNull().default("PENDING"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    /** The address it went to (resolved when sending: the address may be learnt after the event). */
    sentTo: text("sent_to"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("notification_mails_notification_key").on(t.notificationId),
    index("notification_mails_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'PENDING'`),
    check("notification_mails_status_check", sql`${t.status} in ('PENDING', 'SENT', 'FAILED', 'SKIPPED')`),
    check("notification_mails_attempts_check", sql`${t.attempts} >= 0`),
  ],
);
