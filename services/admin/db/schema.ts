export * from "../../../shared/db/tables.ts";

import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const PENDING_ACTION_STATUSES = ["PENDING", "APPROVED", "EXECUTED", "FAILED", "REJECTED", "EXPIRED"] as const;
export type PendingActionStatus = (typeof PENDING_ACTION_STATUSES)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

/**
 * Actions that wait for a second admin (dual control). The only state the admin service keeps:
 * everything else it shows belongs to the services it asks. Every change of status is a guarded
 * UPDATE … WHERE status = expected, so two admins approving at once run the action once.
 *
 * PENDING → APPROVED (a second admin) → EXECUTED | FAILED (the owning service refused it);
 * PENDING → REJECTED | EXPIRED. APPROVED with a lapsed `run_lease_until` was left unfinished
 * (an outage, a crash) and is run again: every action it runs is idempotent.
 */
export const pendingActions = pgTable(
  "pending_actions",
  {
    id: uuid("id").primaryKey(),
    kind: text("kind").notNull(),
    /** The transaction (REVERSE, FORCE_COMPLETE) or the user (PROMOTE). */
    targetId: text("target_id").notNull(),
    targetUserIds: text("target_user_ids").array().notNull(),
    amount: bigint("amount", { mode: "number" }),
    /** What the action needs besides its target (e.g. `force` of a reversal). */
    params: jsonb("params").$type<Record<string, unknown>>().notNull(),
    reason: text("reason").notNull(),
    requestedBy: uuid("requested_by").notNull(),
    status: text("status").$type<PendingActionStatus>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
    /** The second admin: who approved or rejected it. */
    decidedBy: uuid("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true, precision: 3 }),
    rejectionReason: text("rejection_reason"),
    /** While APPROVED: a runner has it until then; after, anyone may run it again. */
    runLeaseUntil: timestamp("run_lease_until", { withTimezone: true, precision: 3 }),
    attempts: integer("attempts").notNull().default(0),
    /** The last outage that kept an APPROVED action from finishing (it is retried). */
    lastError: text("last_error"),
    executedAt: timestamp("executed_at", { withTimezone: true, precision: 3 }),
    /** What the owning service answered (EXECUTED), or its refusal (FAILED). */
    result: jsonb("result"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
  },
  (t) => [
    // One open action per target: a second request for it finds the first.
    uniqueIndex("pending_actions_open_target_key").on(t.targetId).where(sql`${t.status} in ('PENDING', 'APPROVED')`),
    index("pending_actions_status_idx").on(t.status, t.id),
    index("pending_actions_unfinished_idx").on(t.runLeaseUntil).where(sql`${t.status} = 'APPROVED'`),
    index("pending_actions_expiry_idx").on(t.expiresAt).where(sql`${t.status} = 'PENDING'`),
    check("pending_actions_kind_check", sql`${t.kind} in ('REVERSE', 'FORCE_COMPLETE', 'PROMOTE')`),
    check("pending_actions_status_check", sql`${t.status} in (${inList(PENDING_ACTION_STATUSES)})`),
    // Four eyes: whoever decides is never the admin who asked.
    check("pending_actions_four_eyes_check", sql`${t.decidedBy} is distinct from ${t.requestedBy}`),
    check("pending_actions_decided_check", sql`(${t.status} in ('PENDING', 'EXPIRED')) = (${t.decidedBy} is null)`),
    check("pending_actions_reason_check", sql`char_length(${t.reason}) between 1 and 1000`),
  ],
);
export type PendingActionRow = typeof pendingActions.$inferSelect;
