import { isUuid } from "../../shared/ids.ts";
import { asc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Executor } from "../../shared/db/connect.ts";
import type { documentSummary, profile } from "../../proto-like-schemas/kyc.ts";
import type { KycTier } from "../../proto-like-schemas/money.ts";
import { documents, profiles } from "./db/schema.ts";
import type { DocumentContentType, DocumentType } from "./domain/documents.ts";
import type { KycStatus } from "./domain/review.ts";

export type ProfileRow = typeof profiles.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;
export type Profile = z.input<typeof profile>;
export type DocumentSummary = z.input<typeof documentSummary>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const stateOf = (row: ProfileRow) => ({ tier: row.tier as KycTier, status: row.status as KycStatus });

/** The profile of a user, created (UNVERIFIED, NONE) on first touch: users who signed up before kyc ran still work. */
export async function getOrCreateProfile(db: Executor, userId: string): Promise<ProfileRow> {
  const [existing] = await db.select().from(profiles).where(eq(profiles.userId, userId)).limit(1);
  if (existing) return existing;
  const [created] = await db.insert(profiles).values({ id: Bun.randomUUIDv7(), userId }).onConflictDoNothing({ target: profiles.userId }).returning();
  if (created) return created;
  const [raced] = await db.select().from(profiles).where(eq(profiles.userId, userId)).limit(1);
  return raced!;
}

/** Locks the profile row for the rest of the transaction: uploads, submission and review decisions take turns. */
export async function lockProfile(tx: Executor, where: { id: string } | { userId: string }): Promise<ProfileRow | undefined> {
  if ("id" in where && !isUuid(where.id)) return undefined;
  const condition = "id" in where ? eq(profiles.id, where.id) : eq(profiles.userId, where.userId);
  const [row] = await tx.select().from(profiles).where(condition).for("update");
  return row;
}

export const toDocumentSummary = (d: DocumentRow): DocumentSummary => ({
  id: d.id,
  type: d.type as DocumentType,
  status: d.status as DocumentSummary["status"],
  contentType: d.contentType as DocumentContentType,
  sizeBytes: d.sizeBytes,
  sha256: d.sha256,
  docName: d.docName,
  uploadedAt: d.uploadedAt.toISOString(),
});

/** The profile as other services and the owner see it: document metadata only, never storage keys. */
export async function profileView(db: Executor, row: ProfileRow): Promise<Profile> {
  const docs = await db.select().from(documents).where(eq(documents.profileId, row.id)).orderBy(asc(documents.type));
  return {
    profileId: row.id,
    userId: row.userId,
    tier: row.tier as KycTier,
    status: row.status as KycStatus,
    submittedAt: iso(row.submittedAt),
    verifiedAt: iso(row.verifiedAt),
    rejectionReason: row.rejectionReason,
    reviewedBy: row.reviewedBy,
    reviewedAt: iso(row.reviewedAt),
    documents: docs.map(toDocumentSummary),
  };
}

/** Profiles waiting for a reviewer, oldest submission first. */
export async function listPending(db: Executor, limit: number, offset: number) {
  const pending = eq(profiles.status, "PENDING_REVIEW");
  const [rows, [count]] = await Promise.all([
    db.select().from(profiles).where(pending).orderBy(asc(profiles.submittedAt), asc(profiles.id)).limit(limit).offset(offset),
    db.select({ n: sql<number>`count(*)::int` }).from(profiles).where(pending),
  ]);
  return {
    items: rows.map((r) => ({ profileId: r.id, userId: r.userId, tier: r.tier as KycTier, submittedAt: r.submittedAt!.toISOString() })),
    total: count?.n ?? 0,
  };
}
