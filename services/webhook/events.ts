import { consumption } from "../../proto-like-schemas/consumption.ts";
import type { EventHandler } from "../../shared/events/consumer.ts";
import type { Deliveries } from "./deliveries.ts";
import type { DeliveryWorker } from "./worker.ts";

type Consumed = (typeof consumption.webhook)[number];

/**
 * Every event a user can subscribe to fans out the same way: in the consumer's transaction (with
 * its inbox row, so a redelivered event adds nothing) one delivery per subscribed endpoint of every
 * user in subjectUserIds, both parties of a transfer included; after the commit their first
 * attempts start in this replica (or go on the work queue when it is busy; if they are lost in a
 * crash, the scheduler publishes them).
 */
export function webhookConsumers(deps: { deliveries: Deliveries; worker: DeliveryWorker }): Record<Consumed, EventHandler<unknown>> {
  const fanOut: EventHandler<unknown> = async (event, tx, hooks) => {
    const items = await deps.deliveries.createForEvent(tx, event);
    if (items.length) hooks.afterCommit(() => deps.worker.dispatch(items));
  };
  return Object.fromEntries(consumption.webhook.map((type) => [type, fanOut])) as Record<Consumed, EventHandler<unknown>>;
}
