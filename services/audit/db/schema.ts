export * from "../../../shared/db/tables.ts";

import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The role every read and append runs under (`SET LOCAL ROLE`): INSERT and SELECT on audit_log,
 * nothing else. Created by migration 0001, which also installs the immutability trigger.
 */
export const AUDIT_WRITER_ROLE = "mint_audit_writer";

/**
 * One row per event of every stream, never changed or removed. `seq` is the chain position:
 * assigned as head + 1 while the chain lock is held, so it has no gaps and a missing row shows.
 * `hash = sha256(prev_hash ‖ canonical row)` (see domain/canonical.ts); `prev_hash` is the hash of
 * row seq - 1 (64 zeros for the first row). Times have millisecond precision, the precision the
 * canonical row states them in, so what is hashed is exactly what is stored.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    eventId: uuid("event_id").notNull().unique("audit_log_event_id_key"),
    type: text("type").notNull(),
    producer: text("producer").notNull(),
    actorId: text("actor_id"),
    subjectUserIds: text("subject_user_ids").array().notNull(),
    traceId: text("trace_id"),
    /** When the producer says it happened (its clock); kept, never trusted for ordering. */
    occurredAt: timestamp("occurred_at", { withTimezone: true, precision: 3 }).notNull(),
    /** When audit appended it (the database's clock, under the chain lock). */
    recordedAt: timestamp("recorded_at", { withTimezone: true, precision: 3 }).notNull(),
    payload: jsonb("payload").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_log_actor_idx").on(t.actorId, t.seq),
    index("audit_log_type_idx").on(t.type, t.seq),
    index("audit_log_recorded_at_idx").on(t.recordedAt),
    // Who an entry concerns (the back office's "target user"), and the transaction it is about.
    index("audit_log_subjects_idx").using("gin", t.subjectUserIds),
    index("audit_log_transaction_idx").on(sql`(${t.payload} ->> 'transactionId')`, t.seq).where(sql`${t.payload} ? 'transactionId'`),
    check("audit_log_seq_check", sql`${t.seq} >= 1`),
    check("audit_log_trace_id_check", sql`${t.traceId} ~ '^[0-9a-f]{32}$'`),
    check("audit_log_hash_check", sql`${t.hash} ~ '^[0-9a-f]{64}$' and ${t.prevHash} ~ '^[0-9a-f]{64}$'`),
  ],
);
export type AuditRow = typeof auditLog.$inferSelect;
