import type { KycTier } from "../../../proto-like-schemas/money.ts";
import type { KYC_STATUSES } from "../../../proto-like-schemas/kyc.ts";
import type { DocumentType } from "./documents.ts";

export type KycStatus = (typeof KYC_STATUSES)[number];

export interface ProfileState {
  tier: KycTier;
  status: KycStatus;
}

/** Documents are frozen while a reviewer looks at them, and no longer needed once VERIFIED. */
export function uploadRefusal(p: ProfileState): string | null {
  if (p.status === "PENDING_REVIEW") return "Documents cannot be changed while they are under review";
  if (p.tier === "VERIFIED") return "Identity is already verified; no more documents are needed";
  return null;
}

export const ID_DOCUMENTS: readonly DocumentType[] = ["PASSPORT", "DRIVERS_LICENSE"];

/** What a submission for BASIC → VERIFIED still lacks, in the order the user should fix it. */
export function missingDocuments(present: readonly DocumentType[]): string[] {
  const missing: string[] = [];
  if (!ID_DOCUMENTS.some((t) => present.includes(t))) missing.push("PASSPORT or DRIVERS_LICENSE");
  if (!present.includes("SELFIE")) missing.push("SELFIE");
  return missing;
}

export type SubmitRefusal = { message: string; missing?: string[] };

export function submitRefusal(p: ProfileState, present: readonly DocumentType[]): SubmitRefusal | null {
  if (p.status === "PENDING_REVIEW") return { message: "Already under review" };
  if (p.tier === "VERIFIED") return { message: "Identity is already verified" };
  if (p.tier !== "BASIC") return { message: "Must be BASIC tier to submit for VERIFIED review" };
  const missing = missingDocuments(present);
  if (missing.length) return { message: `Missing required document: ${missing[0]}`, missing };
  return null;
}

export type Decision = "approve" | "reject";

/**
 * What a review decision does to a profile: apply it (only from PENDING_REVIEW), recognise a
 * repeat of the decision already taken, or refuse.
 */
export function decisionOutcome(p: ProfileState, decision: Decision): "apply" | "repeat" | "not_pending" {
  if (p.status === "PENDING_REVIEW" && p.tier === "BASIC") return "apply";
  if (decision === "approve" && p.tier === "VERIFIED" && p.status === "APPROVED") return "repeat";
  if (decision === "reject" && p.status === "REJECTED") return "repeat";
  return "not_pending";
}
