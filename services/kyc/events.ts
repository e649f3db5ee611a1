import type { consumption } from "../../proto-like-schemas/consumption.ts";
import type { EventData } from "../../proto-like-schemas/events/index.ts";
import type { EventHandler } from "../../shared/events/consumer.ts";
import type { Logger } from "../../shared/log.ts";
import { getOrCreateProfile } from "./profiles.ts";
import type { Review } from "./review.ts";

type Consumed = (typeof consumption.kyc)[number];

/**
 * What kyc does with other services' events. Each handler runs in the consumer's transaction
 * (with the inbox insert), so a redelivery changes nothing. Admin decisions arrive over RPC
 * (approve, reject), never as events: the admin service's events record decisions already taken.
 */
export function kycConsumers(deps: { review: Review; log: Logger }): { [T in Consumed]: EventHandler<EventData<T>> } {
  const { review } = deps;
  return {
    "auth.user_registered": async (event, tx) => {
      await getOrCreateProfile(tx, event.data.userId);
    },
    "auth.user_verified": async (event, tx) => {
      await review.upgradeToBasic(tx, event.data.userId);
    },
  };
}
