export * from "../../../shared/db/tables.ts";

import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const tiers = sql.raw(`('UNVERIFIED', 'BASIC', 'VERIFIED')`);
const statuses = sql.raw(`('NONE', 'PENDING_REVIEW', 'APPROVED', 'REJECTED')`);

/** One profile per user. userId comes from auth and is only ever compared, so it stays text. */
export const profiles = pgTable(
  "kyc_profiles",
  {
    id: uuid("id").primaryKey(),
    userId: text("user_id").notNull(),
    tier: text("tier").notNull().default("UNVERIFIED"),
    status: text("status").notNull().default("NONE"),
    rejectionReason: text("rejection_reason"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    reviewedBy: text("reviewed_by"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewNotes: text("review_notes"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("kyc_profiles_user_id_key").on(t.userId),
    check("kyc_profiles_user_id_check", sql`char_length(${t.userId}) between 1 and 64`),
    // The review queue: pending profiles, oldest submission first.
    index("kyc_profiles_pending_idx").on(t.submittedAt, t.id).where(sql`${t.status} = 'PENDING_REVIEW'`),
    check("kyc_profiles_tier_check", sql`${t.tier} in ${tiers}`),
    check("kyc_profiles_status_check", sql`${t.status} in ${statuses}`),
    check("kyc_profiles_pending_submitted_check", sql`${t.status} <> 'PENDING_REVIEW' or ${t.submittedAt} is not null`),
    check("kyc_profiles_verified_at_check", sql`${t.tier} <> 'VERIFIED' or ${t.verifiedAt} is not null`),
    check("kyc_profiles_rejection_reason_check", sql`char_length(${t.rejectionReason}) <= 1000`),
  ],
);

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** The current document of each type; a re-upload replaces the row (and, after commit, the object). */
export const documents = pgTable(
  "kyc_documents",
  {
    id: uuid("id").primaryKey(),
    profileId: uuid("profile_id").notNull().references(() => profiles.id, { onDelete: "restrict" }),
    type: text("type").notNull(),
    docName: text("doc_name"),
    storageKey: text("storage_key").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    status: text("status").notNull().default("PENDING"),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("kyc_documents_profile_type_key").on(t.profileId, t.type),
    uniqueIndex("kyc_documents_storage_key_key").on(t.storageKey),
    check("kyc_documents_type_check", sql`${t.type} in ('PASSPORT', 'DRIVERS_LICENSE', 'SELFIE', 'UTILITY_BILL', 'OTHER')`),
    check("kyc_documents_status_check", sql`${t.status} in ('PENDING', 'ACCEPTED', 'REJECTED')`),
    check("kyc_documents_content_type_check", sql`${t.contentType} in ('image/jpeg', 'image/png', 'application/pdf')`),
    check("kyc_documents_size_check", sql`${t.sizeBytes} between 1 and ${sql.raw(String(MAX_DOCUMENT_BYTES))}`),
    check("kyc_documents_sha256_check", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check("kyc_documents_doc_name_check", sql`${t.docName} is null or char_length(${t.docName}) between 1 and 200`),
  ],
);

/**
 * Objects to remove from storage once their time comes: an upload in flight is registered here
 * first (so a crash before its row commits cannot leave an unreferenced ID document behind), and a
 * replaced object is registered in the transaction that replaces its row.
 */
export const objectCleanup = pgTable(
  "kyc_object_cleanup",
  {
    storageKey: text("storage_key").primaryKey(),
    deleteAfter: timestamp("delete_after", { withTimezone: true }).notNull(),
  },
  (t) => [index("kyc_object_cleanup_due_idx").on(t.deleteAfter)],
);

/** Who looked at which document, and when (documents are only reachable through presigned URLs). */
export const documentAccessLog = pgTable(
  "kyc_document_access_log",
  {
    id: uuid("id").primaryKey(),
    documentId: uuid("document_id").notNull(),
    profileId: uuid("profile_id").notNull(),
    storageKey: text("storage_key").notNull(),
    adminId: text("admin_id").notNull(),
    accessedAt: timestamp("accessed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("kyc_document_access_log_document_idx").on(t.documentId, t.accessedAt)],
);

/** Limits per tier in cents; seeded by a migration, changed at run time by an admin. */
export const tierLimits = pgTable(
  "tier_limits",
  {
    tier: text("tier").primaryKey(),
    perTxnCents: bigint("per_txn_cents", { mode: "number" }).notNull(),
    dailyCents: bigint("daily_cents", { mode: "number" }).notNull(),
    monthlyCents: bigint("monthly_cents", { mode: "number" }).notNull(),
    depositPerTxnCents: bigint("deposit_per_txn_cents", { mode: "number" }).notNull(),
    depositDailyCents: bigint("deposit_daily_cents", { mode: "number" }).notNull(),
    updatedBy: text("updated_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("tier_limits_tier_check", sql`${t.tier} in ${tiers}`),
    check("tier_limits_positive_check", sql`${t.perTxnCents} > 0 and ${t.depositPerTxnCents} > 0`),
    check("tier_limits_transfer_order_check", sql`${t.perTxnCents} <= ${t.dailyCents} and ${t.dailyCents} <= ${t.monthlyCents}`),
    check("tier_limits_deposit_order_check", sql`${t.depositPerTxnCents} <= ${t.depositDailyCents}`),
  ],
);

/** Provider webhook deliveries already applied, by signature: a replayed request changes nothing. */
export const webhookReceipts = pgTable(
  "kyc_webhook_receipts",
  {
    signatureHash: text("signature_hash").primaryKey(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("kyc_webhook_receipts_received_idx").on(t.receivedAt)],
);
