import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export * from "../../../db/tables.ts";

export const notes = pgTable("notes", {
  id: uuid("id").primaryKey(),
  text: text("text").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** What the probe's consumer saw: one row per handled event, with the trace it arrived in. */
export const seen = pgTable("seen", {
  eventId: uuid("event_id").primaryKey(),
  noteId: uuid("note_id").notNull(),
  traceId: text("trace_id"),
  handledAt: timestamp("handled_at", { withTimezone: true }).notNull().defaultNow(),
});
