import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Tables every service with a database carries. Each service's db/schema.ts re-exports them so
 * drizzle-kit writes them into that service's own migrations.
 */

/** Events written in the same transaction as the state change; the relay publishes and marks them. */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey(),
    type: text("type").notNull(),
    subject: text("subject").notNull(),
    envelope: jsonb("envelope").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [index("outbox_unpublished_idx").on(t.id).where(sql`published_at is null`)],
);

/** One row per (consumer, event) handled: inserting it in the effect's transaction makes handling exactly-once. */
export const inbox = pgTable(
  "inbox",
  {
    consumer: text("consumer").notNull(),
    eventId: uuid("event_id").notNull(),
    processedAt: timestamp("processed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
);

/** Messages that exhausted their deliveries (or could not be parsed), kept for an admin to inspect and replay. */
export const deadLetters = pgTable(
  "dead_letters",
  {
    id: uuid("id").primaryKey(),
    consumer: text("consumer").notNull(),
    eventId: text("event_id"),
    type: text("type"),
    subject: text("subject").notNull(),
    payload: text("payload").notNull(),
    error: text("error").notNull(),
    deliveries: integer("deliveries").notNull(),
    failedAt: timestamp("failed_at", { withTimezone: true }).notNull().defaultNow(),
    replayedAt: timestamp("replayed_at", { withTimezone: true }),
  },
  (t) => [index("dead_letters_consumer_idx").on(t.consumer, t.failedAt)],
);
