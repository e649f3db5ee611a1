import { and, eq, sql } from "drizzle-orm";
import type { eventCatalog } from "../../proto-like-schemas/events/index.ts";
import type { Transaction } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import type { Emit } from "../../shared/events/outbox.ts";
import { documents, profiles } from "./db/schema.ts";
import type { DocumentType } from "./domain/documents.ts";
import { decisionOutcome, submitRefusal } from "./domain/review.ts";
import { getOrCreateProfile, lockProfile, stateOf, type ProfileRow } from "./profiles.ts";

type KycEmit = Emit<typeof eventCatalog>;

export type DecisionInput =
  | { decision: "approve"; reviewerId: string; notes?: string | null }
  | { decision: "reject"; reviewerId: string; reason: string | null };

export type DecisionResult =
  | { outcome: "applied" | "repeat"; row: ProfileRow }
  | { outcome: "not_pending"; row: ProfileRow }
  | { outcome: "not_found" };

/** State changes of a profile. Every function runs inside the caller's transaction, so the effect and its event commit together. */
export function createReview(emit: KycEmit) {
  const subject = (row: ProfileRow) => ({ actorId: row.userId, subjectUserIds: [row.userId] });

  return {
    /** E-mail verified: UNVERIFIED → BASIC. A repeat (or a user already past it) changes nothing. */
    async upgradeToBasic(tx: Transaction, userId: string): Promise<boolean> {
      await getOrCreateProfile(tx, userId);
      const [row] = await tx
        .update(profiles)
        .set({ tier: "BASIC", status: "APPROVED", updatedAt: sql`now()` })
        .where(and(eq(profiles.userId, userId), eq(profiles.tier, "UNVERIFIED")))
        .returning();
      if (!row) return false;
      await emit(tx, "kyc.tier_upgraded", { userId, profileId: row.id, previousTier: "UNVERIFIED", newTier: "BASIC" }, subject(row));
      return true;
    },

    /** BASIC with an ID document and a selfie → PENDING_REVIEW; every document goes back to PENDING for the reviewer. */
    async submit(tx: Transaction, userId: string): Promise<ProfileRow> {
      await getOrCreateProfile(tx, userId);
      const locked = (await lockProfile(tx, { userId }))!;
      const present = (await tx.select({ type: documents.type }).from(documents).where(eq(documents.profileId, locked.id))).map((d) => d.type as DocumentType);
      const refusal = submitRefusal(stateOf(locked), present);
      if (refusal) throw new AppError("FAILED_PRECONDITION", refusal.message, refusal.missing ? { details: { missingDocuments: refusal.missing } } : {});
      const [row] = await tx
        .update(profiles)
        .set({ status: "PENDING_REVIEW", submittedAt: sql`now()`, rejectionReason: null, reviewedBy: null, reviewedAt: null, reviewNotes: null, updatedAt: sql`now()` })
        .where(and(eq(profiles.id, locked.id), eq(profiles.tier, "BASIC"), sql`${profiles.status} <> 'PENDING_REVIEW'`))
        .returning();
      if (!row) throw new AppError("FAILED_PRECONDITION", "Already under review");
      await tx.update(documents).set({ status: "PENDING" }).where(eq(documents.profileId, row.id));
      await emit(tx, "kyc.submitted", { userId, profileId: row.id }, subject(row));
      return row;
    },

    /**
     * Approve (→ VERIFIED, documents ACCEPTED) or reject (→ REJECTED, documents REJECTED, tier kept)
     * a profile under review. Repeating the decision already taken is recognised, not an error.
     */
    async decide(tx: Transaction, where: { id: string } | { userId: string }, input: DecisionInput): Promise<DecisionResult> {
      const locked = await lockProfile(tx, where);
      if (!locked) return { outcome: "not_found" };
      const outcome = decisionOutcome(stateOf(locked), input.decision);
      if (outcome !== "apply") return { outcome, row: locked };

      const pending = and(eq(profiles.id, locked.id), eq(profiles.status, "PENDING_REVIEW"), eq(profiles.tier, "BASIC"));
      const reviewed = { reviewedBy: input.reviewerId, reviewedAt: sql`now()`, updatedAt: sql`now()` };
      const [row] =
        input.decision === "approve"
          ? await tx.update(profiles).set({ ...reviewed, tier: "VERIFIED", status: "APPROVED", verifiedAt: sql`now()`, reviewNotes: input.notes ?? null, rejectionReason: null }).where(pending).returning()
          : await tx.update(profiles).set({ ...reviewed, status: "REJECTED", rejectionReason: input.reason }).where(pending).returning();
      if (!row) return { outcome: "not_pending", row: locked };

      await tx.update(documents).set({ status: input.decision === "approve" ? "ACCEPTED" : "REJECTED" }).where(eq(documents.profileId, row.id));
      if (input.decision === "approve") {
        await emit(tx, "kyc.tier_upgraded", { userId: row.userId, profileId: row.id, previousTier: "BASIC", newTier: "VERIFIED" }, subject(row));
      } else {
        await emit(tx, "kyc.verification_failed", { userId: row.userId, profileId: row.id, reason: input.reason }, subject(row));
      }
      return { outcome: "applied", row };
    },
  };
}

export type Review = ReturnType<typeof createReview>;
