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

/** One row per run of the probe's singleton job, to prove runs never overlap across replicas. */
export const jobRuns = pgTable("job_runs", {
  id: uuid("id").primaryKey(),
  replica: text("replica").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true, precision: 6 }).notNull(),
  endedAt: timestamp("ended_at", { withTimezone: true, precision: 6 }).notNull(),
});
