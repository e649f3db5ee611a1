import { z } from "zod";
import { id, isoTime, kycTier } from "../money.ts";
import { roleSchema } from "./auth.ts";

const note = z.string().max(1000);

/** When a second admin approved the action (dual control): both admins. */
const approval = z.object({ actionId: id, requestedBy: id, approvedBy: id }).nullable().default(null);

/** One tier's limits as the back office states them, in cents. */
export const adminTierLimits = z.object({
  perTransactionCents: z.number().int(),
  dailyCents: z.number().int(),
  monthlyCents: z.number().int(),
  depositPerTransactionCents: z.number().int(),
  depositDailyCents: z.number().int(),
});

/** What a pending (dual-control) action would do. */
export const PENDING_ACTION_KINDS = ["REVERSE", "FORCE_COMPLETE", "PROMOTE"] as const;
export const pendingActionKind = z.enum(PENDING_ACTION_KINDS);

const money = { transactionId: id, senderId: id, recipientId: id.nullable(), amount: z.number().int() };

/**
 * Events of the admin service (stream ADMIN): one per admin action and per view of someone's
 * personal data, so the audit log holds exactly one entry for each. actorId is the admin who
 * acted (for an action run after a second admin's approval, the approving admin; both are in
 * `approval`); subjectUserIds are the users concerned. Nothing acts on these events: the change
 * itself was made over RPC by the service that owns it, which records its own event too.
 */
export const adminEvents = {
  "admin.user_viewed": z.object({ userId: id }),
  "admin.kyc_viewed": z.object({ userId: id, profileId: id }),
  /** A short-lived link to a document was handed out. */
  "admin.kyc_document_viewed": z.object({ userId: id, profileId: id, documentId: id, documentType: z.string(), expiresAt: isoTime }),
  "admin.user_frozen": z.object({ userId: id, walletId: id, reason: note }),
  "admin.user_unfrozen": z.object({ userId: id, walletId: id, reason: note }),
  "admin.role_changed": z.object({ userId: id, role: roleSchema, previousRole: roleSchema, reason: note, approval }),
  "admin.kyc_approved": z.object({ profileId: id, userId: id, approvedBy: id, notes: note.nullable() }),
  "admin.kyc_rejected": z.object({ profileId: id, userId: id, rejectedBy: id, reason: note }),
  "admin.fraud_case_approved": z.object({ caseId: id, transactionId: id, userId: id, recipientId: id, amount: z.number().int(), notes: note }),
  "admin.fraud_case_blocked": z.object({ caseId: id, transactionId: id, userId: id, recipientId: id, amount: z.number().int(), notes: note }),
  "admin.sanction_added": z.object({ userId: id, reason: note }),
  "admin.sanction_removed": z.object({ userId: id, reason: note, listedReason: z.string(), listedAt: isoTime }),
  "admin.transaction_reversed": z.object({ ...money, reason: note, force: z.boolean(), approval }),
  /** `outcome`: the status the wallet's answer led to (COMPLETED if the money had moved, else FAILED or CANCELLED). */
  "admin.transaction_force_completed": z.object({ ...money, reason: note, outcome: z.string(), approval }),
  "admin.limits_changed": z.object({ changes: z.array(z.object({ tier: kycTier, previous: adminTierLimits, limits: adminTierLimits })).min(1), reason: note }),
  /** An action above the dual-control threshold (or a promotion) waits for a second admin. */
  "admin.approval_requested": z.object({ actionId: id, kind: pendingActionKind, targetId: id, targetUserIds: z.array(id), amount: z.number().int().nullable(), reason: note, expiresAt: isoTime }),
  "admin.approval_rejected": z.object({ actionId: id, kind: pendingActionKind, targetId: id, requestedBy: id, rejectedBy: id, reason: note }),
  /** The second admin approved, but the action was refused when it ran (e.g. the payee no longer holds the money). */
  "admin.approval_failed": z.object({ actionId: id, kind: pendingActionKind, targetId: id, requestedBy: id, approvedBy: id, code: z.string(), message: z.string() }),
} as const;
