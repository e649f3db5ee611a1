import { AppError } from "../../../shared/errors.ts";
import type { Clock } from "../clock.ts";
import type { Downstream } from "../downstream.ts";
import { fromKyc } from "../domain/limits.ts";
import type { People } from "../people.ts";

export { documentLink as documentLinkView, kycQueueEntry, kycReview as kycReviewView } from "../../../proto-like-schemas/admin.ts";

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

/** A user's KYC profile with its documents (metadata only: each file is seen through its own audited link). */
export async function kycReview(deps: { down: Downstream; people: People }, userId: string) {
  const user = await deps.down.auth.getUser({ userId });
  const [profile, limits] = await Promise.all([deps.down.kyc.getProfile({ userId }), deps.down.kyc.getLimits({ userId })]);
  const names = await deps.people.names([profile.reviewedBy]);
  return { user, profile: { ...profile, reviewedBy: names.of(profile.reviewedBy) }, limits: { tier: limits.tier, ...fromKyc(limits) } };
}

/** The document of this user's profile (NOT_FOUND for another user's document). */
export async function documentOf(down: Downstream, userId: string, documentId: string) {
  await down.auth.getUser({ userId });
  const profile = await down.kyc.getProfile({ userId });
  const document = profile.documents.find((d) => d.id === documentId);
  if (!document) throw new AppError("NOT_FOUND", "Document not found");
  return { profile, document };
}
