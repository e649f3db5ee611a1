import { z } from "@hono/zod-openapi";
import { documentSummary } from "../../../proto-like-schemas/kyc.ts";
import { kycTier } from "../../../proto-like-schemas/money.ts";
import { userSummary } from "../../../proto-like-schemas/auth.ts";
import { AppError } from "../../../shared/errors.ts";
import type { Clock } from "../clock.ts";
import type { Downstream } from "../downstream.ts";
import { fromKyc } from "../domain/limits.ts";
import { userRef } from "../http/common.ts";
import type { People } from "../people.ts";
import { kycProfileView, tierLimitsView } from "./shapes.ts";

export const kycQueueEntry = z
  .object({ profileId: z.string(), user: userRef, tier: kycTier, submittedAt: z.string(), waitingSeconds: z.number().int().openapi({ description: "Since submission" }) })
  .openapi("KycQueueEntry");

/** Submissions waiting for review, oldest first, with who sent them and how long they have waited. */
export async function kycQueue(deps: { down: Downstream; people: People; clock: Clock }, offset: number, limit: number) {
  const page = await deps.down.kyc.listPending({ limit, offset });
  const names = await deps.people.names(page.items.map((i) => i.userId));
  const now = deps.clock.now().getTime();
  return {
    items: page.items.map((i) => ({ profileId: i.profileId, user: names.of(i.userId)!, tier: i.tier, submittedAt: i.submittedAt, waitingSeconds: Math.max(0, Math.floor((now - Date.parse(i.submittedAt)) / 1000)) })),
    total: page.total,
  };
}

export const kycReviewView = z
  .object({ user: userSummary, profile: kycProfileView, limits: tierLimitsView.extend({ tier: kycTier }) })
  .openapi("KycReview");

/** A user's KYC profile with its documents (metadata only: each file is seen through its own audited link). */
export async function kycReview(deps: { down: Downstream; people: People }, userId: string) {
  const user = await deps.down.auth.getUser({ userId });
  const [profile, limits] = await Promise.all([deps.down.kyc.getProfile({ userId }), deps.down.kyc.getLimits({ userId })]);
  const names = await deps.people.names([profile.reviewedBy]);
  return { user, profile: { ...profile, reviewedBy: names.of(profile.reviewedBy) }, limits: { tier: limits.tier, ...fromKyc(limits) } };
}

export const documentLinkView = z
  .object({
    document: documentSummary,
    url: z.string().openapi({ description: "Same-origin, short-lived link that serves the file inline (img src or object data); needs no other credential" }),
    expiresAt: z.string(),
  })
  .openapi("DocumentLink");

/** The document of this user's profile (NOT_FOUND for another user's document). */
export async function documentOf(down: Downstream, userId: string, documentId: string) {
  await down.auth.getUser({ userId });
  const profile = await down.kyc.getProfile({ userId });
  const document = profile.documents.find((d) => d.id === documentId);
  if (!document) throw new AppError("NOT_FOUND", "Document not found");
  return { profile, document };
}
