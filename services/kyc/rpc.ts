import { kycContract } from "../../proto-like-schemas/kyc.ts";
import type { Database } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import type { Handlers } from "../../shared/rpc/server.ts";
import type { Documents } from "./documents.ts";
import type { Limits } from "./limits.ts";
import { getOrCreateProfile, listPending, profileView, stateOf } from "./profiles.ts";
import type { DecisionInput, DecisionResult, Review } from "./review.ts";

export function kycRpcHandlers(deps: { db: Database; review: Review; limits: Limits; documents: Documents }): Handlers<typeof kycContract> {
  const { db, review, limits, documents } = deps;

  /** A decision asked for over RPC: a repeat returns the profile; anything but a pending profile is refused. */
  async function decide(profileId: string, input: DecisionInput) {
    const result: DecisionResult = await db.transaction((tx) => review.decide(tx, { id: profileId }, input));
    if (result.outcome === "not_found") throw new AppError("NOT_FOUND", "KYC profile not found");
    if (result.outcome === "not_pending") {
      throw new AppError("FAILED_PRECONDITION", `Profile is not pending review (tier ${result.row.tier}, status ${result.row.status})`);
    }
    return profileView(db, result.row);
  }

  return {
    getTier: async ({ userId }) => stateOf(await getOrCreateProfile(db, userId)),
    getLimits: ({ userId }) => limits.forUser(userId),
    getProfile: async ({ userId }) => profileView(db, await getOrCreateProfile(db, userId)),
    listPending: ({ limit, offset }) => listPending(db, limit, offset),
    approve: ({ profileId, adminId, notes }) => decide(profileId, { decision: "approve", reviewerId: adminId, notes }),
    reject: ({ profileId, adminId, reason }) => decide(profileId, { decision: "reject", reviewerId: adminId, reason }),
    documentUrl: ({ documentId, adminId }) => documents.documentUrl(documentId, adminId),
    getLimitsTable: () => limits.table(),
    setLimits: ({ tier, limits: values, adminId }) => limits.set(tier, values, adminId),
  };
}
