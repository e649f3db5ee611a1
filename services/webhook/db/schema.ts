export * from "../../../shared/db/tables.ts";

import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * A user's endpoint. Secrets are stored encrypted (AES-256-GCM, bound to the endpoint id); during a
 * rotation the previous secret keeps signing until previous_secret_expires_at.
 */
export const endpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey(),
    userId: text("user_id").notNull(),
    url: text("url").notNull(),
    description: text("description"),
    eventTypes: text("event_types").array().notNull(),
    active: boolean("active").notNull().default(true),
    secretEncrypted: text("secret_encrypted").notNull(),
    previousSecretEncrypted: text("previous_secret_encrypted"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
    /** Why the system (not the owner) turned it off: GONE (answered 410) or FAILING (5 days of failures). */
    disabledReason: text("disabled_reason"),
    /** First failed attempt since the last success; null while the endpoint is healthy. */
    failingSince: timestamp("failing_since", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("webhook_endpoints_user_idx").on(t.userId, t.createdAt),
    // Fan-out looks up the active endpoints of the users an event concerns.
    index("webhook_endpoints_active_user_idx").on(t.userId).where(sql`${t.active}`),
    check("webhook_endpoints_user_id_check", sql`char_length(${t.userId}) between 1 and 64`),
    check("webhook_endpoints_url_check", sql`char_length(${t.url}) between 1 and 2048`),
    check("webhook_endpoints_description_check", sql`${t.description} is null or char_length(${t.description}) <= 500`),
    check("webhook_endpoints_event_types_check", sql`cardinality(${t.eventTypes}) between 1 and 100`),
    check("webhook_endpoints_disabled_reason_check", sql`${t.disabledReason} is null or (${t.disabledReason} in ('GONE', 'FAILING') and not ${t.active})`),
  ],
);

export const DELIVERY_STATUSES = ["PENDING", "SENDING", "SUCCEEDED", "FAILED"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One message (an event, or a ping) for one endpoint; user_id is the endpoint's owner. PENDING waits for its next attempt,
 * SENDING is claimed by one worker until lease_until, SUCCEEDED and FAILED are final (FAILED can be
 * redelivered by hand). attempt_count counts every attempt ever made (attempt numbers are unique);
 * run_attempts counts those since the last manual redelivery and drives the retry schedule.
 */
export const deliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey(),
    endpointId: uuid("endpoint_id").notNull().references(() => endpoints.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    eventId: uuid("event_id").notNull(),
    eventType: text("event_type").notNull(),
    /** The exact JSON body sent on every attempt: { type, timestamp, data }. */
    body: text("body").notNull(),
    status: text("status").$type<DeliveryStatus>().notNull().default("PENDING"),
    attemptCount: integer("attempt_count").notNull().default(0),
    runAttempts: integer("run_attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    /** When the work item of the pending attempt was published; the scheduler re-publishes it if it goes missing. */
    queuedAt: timestamp("queued_at", { withTimezone: true }),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    lastResponseStatus: integer("last_response_status"),
    lastResponseBody: text("last_response_body"),
    lastDurationMs: integer("last_duration_ms"),
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    // A redelivered event never makes a second delivery to the same endpoint.
    uniqueIndex("webhook_deliveries_endpoint_event_key").on(t.endpointId, t.eventId),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt, t.id),
    // The scheduler's scans: waiting deliveries by due time, and claims whose worker vanished.
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'PENDING'`),
    index("webhook_deliveries_lease_idx").on(t.leaseUntil).where(sql`${t.status} = 'SENDING'`),
    check("webhook_deliveries_status_check", sql`${t.status} in ('PENDING', 'SENDING', 'SUCCEEDED', 'FAILED')`),
    check("webhook_deliveries_attempts_check", sql`${t.attemptCount} >= 0 and ${t.runAttempts} >= 0 and ${t.runAttempts} <= ${t.attemptCount}`),
    check("webhook_deliveries_pending_check", sql`${t.status} <> 'PENDING' or ${t.nextAttemptAt} is not null`),
    check("webhook_deliveries_sending_check", sql`${t.status} <> 'SENDING' or ${t.leaseUntil} is not null`),
  ],
);

/** Every attempt of a delivery, as the receiver answered it (body cut to 1 KB). */
export const attempts = pgTable(
  "webhook_attempts",
  {
    deliveryId: uuid("delivery_id").notNull().references(() => deliveries.id, { onDelete: "cascade" }),
    attemptNumber: integer("attempt_number").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    succeeded: boolean("succeeded").notNull(),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    error: text("error"),
  },
  (t) => [uniqueIndex("webhook_attempts_delivery_attempt_key").on(t.deliveryId, t.attemptNumber)],
);
