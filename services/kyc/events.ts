import type { consumption } from "../../proto-like-schemas/consumption.ts";
import type { EventData } from "../../proto-like-schemas/events/index.ts";
import type { Transaction } from "../../shared/db/connect.ts";
import type { EventHandler } from "../../shared/events/consumer.ts";
import type { Logger } from "../../shared/log.ts";
import { getOrCreateProfile } from "./profiles.ts";
import type { DecisionInput, Review } from "./review.ts";

type Consumed = (typeof consumption.kyc)[number];

/**
 * What kyc does with other services' events. Each handler runs in the consumer's transaction
 * (with the inbox insert), so a redelivery changes nothing. Admin decisions that no longer apply
 * are logged and acknowledged: retrying them could never succeed.
 */
export function kycConsumers(deps: { review: Review; log: Logger }): { [T in Consumed]: EventHandler<EventData<T>> } {
  const { review, log } = deps;

  const decide = async (tx: Transaction, eventId: string, profileId: string, input: DecisionInput) => {
    const result = await review.decide(tx, { id: profileId }, input);
    if (result.outcome === "not_found") log.warn("admin decision for an unknown KYC profile ignored", { eventId, profileId });
    else if (result.outcome === "not_pending") log.warn("admin decision for a profile not under review ignored", { eventId, profileId, status: result.row.status, tier: result.row.tier });
  };

  return {
    "auth.user_registered": async (event, tx) => {
      await getOrCreateProfile(tx, event.data.userId);
    },
    "auth.user_verified": async (event, tx) => {
      await review.upgradeToBasic(tx, event.data.userId);
    },
    "admin.kyc_approved": (event, tx) => decide(tx, event.id, event.data.profileId, { decision: "approve", reviewerId: event.data.approvedBy }),
    "admin.kyc_rejected": (event, tx) =>
      decide(tx, event.id, event.data.profileId, { decision: "reject", reviewerId: event.data.rejectedBy, reason: event.data.reason.trim().slice(0, 1000) || null }),
  };
}
