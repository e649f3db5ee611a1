import type { consumption } from "../../proto-like-schemas/consumption.ts";
import type { EventData } from "../../proto-like-schemas/events/index.ts";
import type { EventHandler } from "../../shared/events/consumer.ts";
import type { OnBehalf } from "./on-behalf.ts";

type Consumed = (typeof consumption.transactions)[number];

/**
 * Accepting a money request starts the transfer that pays it. The handler runs in the consumer's
 * transaction; a failure of ours (a dependency down) throws, so the event comes back later and
 * the derived key continues the same payment.
 */
export function transactionsConsumers(onBehalf: OnBehalf): { [T in Consumed]: EventHandler<EventData<T>> } {
  return {
    "social.money_request_accepted": (event, tx) => onBehalf.payMoneyRequest(event.data, tx),
  };
}
