import { z } from "zod";
import { defineContract, method } from "../shared/rpc/contract.ts";
import { cents, id, isoTime, kycTier } from "./money.ts";

export const KYC_STATUSES = ["NONE", "PENDING_REVIEW", "APPROVED", "REJECTED"] as const;
export const kycStatus = z.enum(KYC_STATUSES);
export const DOCUMENT_TYPES = ["PASSPORT", "DRIVERS_LICENSE", "SELFIE", "UTILITY_BILL", "OTHER"] as const;
export const documentType = z.enum(DOCUMENT_TYPES);

/** Limits of one tier, in cents. Transfers and deposits (top-ups) are counted apart. */
export const tierLimits = z.object({
  perTxnCents: cents.min(1),
  dailyCents: cents.min(1),
  monthlyCents: cents.min(1),
  depositPerTxnCents: cents.min(1),
  depositDailyCents: cents.min(1),
});
export type TierLimits = z.infer<typeof tierLimits>;

export const limitsResponse = tierLimits.extend({ tier: kycTier, currency: z.literal("USD") });

export const documentSummary = z.object({
  id,
  type: documentType,
  status: z.enum(["PENDING", "ACCEPTED", "REJECTED"]),
  contentType: z.enum(["image/jpeg", "image/png", "application/pdf"]),
  sizeBytes: z.number().int(),
  sha256: z.string().length(64),
  docName: z.string().nullable(),
  uploadedAt: isoTime,
});

export const profile = z.object({
  profileId: id,
  userId: id,
  tier: kycTier,
  status: kycStatus,
  submittedAt: isoTime.nullable(),
  verifiedAt: isoTime.nullable(),
  rejectionReason: z.string().nullable(),
  reviewedBy: id.nullable(),
  reviewedAt: isoTime.nullable(),
  documents: z.array(documentSummary),
});

export const limitsTable = z.object({ UNVERIFIED: tierLimits, BASIC: tierLimits, VERIFIED: tierLimits });

/** Every tier's limits, lowest tier first: what a user can reach and what each step unlocks. */
export const tiersResponse = z.object({ currency: z.literal("USD"), tiers: z.array(tierLimits.extend({ tier: kycTier })) });

export const kycContract = defineContract("kyc", {
  getTier: method({ request: z.object({ userId: id }), response: z.object({ tier: kycTier, status: kycStatus }), idempotent: true }),
  /** The user's limits from their tier (cached briefly by callers). */
  getLimits: method({ request: z.object({ userId: id }), response: limitsResponse, idempotent: true }),
  getProfile: method({ request: z.object({ userId: id }), response: profile, idempotent: true }),
  /** Profiles waiting for review, oldest submission first. */
  listPending: method({
    request: z.object({ limit: z.number().int().min(1).max(100).default(50), offset: z.number().int().min(0).default(0) }),
    response: z.object({ items: z.array(z.object({ profileId: id, userId: id, tier: kycTier, submittedAt: isoTime })), total: z.number().int() }),
    idempotent: true,
  }),
  /** PENDING_REVIEW → VERIFIED; FAILED_PRECONDITION from any other state (repeating an approval returns the profile). */
  approve: method({ request: z.object({ profileId: id, adminId: id, notes: z.string().max(1000).optional() }), response: profile, idempotent: true }),
  /** PENDING_REVIEW → REJECTED with the reason; the tier stays. */
  reject: method({ request: z.object({ profileId: id, adminId: id, reason: z.string().min(1).max(1000) }), response: profile, idempotent: true }),
  /** A short-lived presigned URL so an admin can look at a document; the access is recorded. */
  documentUrl: method({ request: z.object({ documentId: id, adminId: id }), response: z.object({ url: z.url(), expiresAt: isoTime }), idempotent: true }),
  getLimitsTable: method({ request: z.object({}), response: limitsTable, idempotent: true }),
  /** Changes one tier's limits at run time (the admin "global limits"); effective at once. */
  setLimits: method({ request: z.object({ tier: kycTier, limits: tierLimits, adminId: id }), response: limitsTable, idempotent: true }),
});
