import type { z } from "zod";
import type { FraudCase, sanction } from "../../../proto-like-schemas/fraud.ts";
import type { profile } from "../../../proto-like-schemas/kyc.ts";
import { AppError } from "../../../shared/errors.ts";
import type { Downstream } from "../downstream.ts";
import { actionEventId } from "../domain/event-ids.ts";
import type { Outcome } from "./outcome.ts";

type Profile = z.infer<typeof profile>;
type Sanction = z.infer<typeof sanction>;

/** A profile of a user auth knows (kyc would otherwise open one for any id it is given). */
async function profileOf(down: Downstream, userId: string): Promise<Profile> {
  await down.auth.getUser({ userId });
  return down.kyc.getProfile({ userId });
}

/**
 * Reviewers' decisions: KYC submissions, fraud cases, the sanctions list. A decision is stamped by
 * the owning service (reviewedAt, addedAt) and repeating it returns the same stamp, so the
 * record's id is derived from it.
 */
export function reviewActions(down: Downstream) {
  return {
    async approveKyc(adminId: string, userId: string, notes: string | null): Promise<Outcome<Profile>> {
      const { profileId } = await profileOf(down, userId);
      const p = await down.kyc.approve({ profileId, adminId, ...(notes ? { notes } : {}) });
      return {
        result: p,
        record: { type: "admin.kyc_approved", data: { profileId, userId, approvedBy: adminId, notes }, actorId: adminId, subjectUserIds: [userId], id: actionEventId("kyc-approve", profileId, p.reviewedAt) },
      };
    },

    async rejectKyc(adminId: string, userId: string, reason: string): Promise<Outcome<Profile>> {
      const { profileId } = await profileOf(down, userId);
      const p = await down.kyc.reject({ profileId, adminId, reason });
      return {
        result: p,
        record: { type: "admin.kyc_rejected", data: { profileId, userId, rejectedBy: adminId, reason }, actorId: adminId, subjectUserIds: [userId], id: actionEventId("kyc-reject", profileId, p.reviewedAt) },
      };
    },

    /** Approve captures the held funds and completes the transfer; block releases them and cancels it (both through transactions). */
    async reviewFraudCase(adminId: string, caseId: string, outcome: "APPROVE" | "BLOCK", notes: string): Promise<Outcome<FraudCase>> {
      const c = await down.fraud.review({ caseId, adminId, outcome, notes }, { timeoutMs: 5_000 });
      const data = { caseId: c.caseId, transactionId: c.transactionId, userId: c.userId, recipientId: c.recipientId, amount: c.amount, notes };
      return {
        result: c,
        record: { type: c.outcome === "BLOCKED" ? "admin.fraud_case_blocked" : "admin.fraud_case_approved", data, actorId: adminId, subjectUserIds: [c.userId, c.recipientId], id: actionEventId("fraud-review", c.caseId) },
      };
    },

    async addSanction(adminId: string, userId: string, reason: string): Promise<Outcome<Sanction>> {
      await down.auth.getUser({ userId });
      const s = await down.fraud.sanctionsAdd({ userId, reason, adminId });
      return {
        result: s,
        record: { type: "admin.sanction_added", data: { userId, reason: s.reason }, actorId: adminId, subjectUserIds: [userId], id: actionEventId("sanction-add", userId, s.addedAt) },
      };
    },

    async removeSanction(adminId: string, userId: string, reason: string): Promise<Outcome<Sanction>> {
      const { sanction: removed } = await down.fraud.sanctionsRemove({ userId, adminId });
      if (!removed) throw new AppError("NOT_FOUND", "The user is not on the sanctions list");
      return {
        result: removed,
        record: { type: "admin.sanction_removed", data: { userId, reason, listedReason: removed.reason, listedAt: removed.addedAt }, actorId: adminId, subjectUserIds: [userId], id: actionEventId("sanction-remove", userId, removed.addedAt) },
      };
    },
  };
}
export type ReviewActions = ReturnType<typeof reviewActions>;
