import { consumption } from "../../proto-like-schemas/consumption.ts";
import type { Transaction } from "../../shared/db/connect.ts";
import type { EventHandler } from "../../shared/events/consumer.ts";
import type { Envelope } from "../../shared/events/envelope.ts";
import type { Deliveries } from "./deliveries.ts";
import type { DeliveryWorker } from "./worker.ts";

type Consumed = (typeof consumption.webhook)[number];

/**
 * Every event a user can subscribe to fans out the same way: in the consumer's transaction (with
 * its inbox row, so a redelivered event adds nothing) one delivery per subscribed endpoint of every
 * user in subjectUserIds, both parties of a transfer included, for all the events of the
 * transaction in two statements; after the commit their first
 * attempts start in this replica (or go on the work queue when it is busy; if they are lost in a
 * crash, the scheduler publishes them).
 */
export function webhookConsumers(deps: { deliveries: Deliveries; worker: DeliveryWorker }): Record<Consumed, EventHandler<unknown>> {
  // The events of one consumer transaction, fanned out together just before it commits.
  const gathered = new WeakMap<Transaction, Envelope[]>();
  const fanOut: EventHandler<unknown> = async (event, tx, hooks) => {
    const events = gathered.get(tx);
    if (events) return void events.push(event);
    const batch = [event];
    gathered.set(tx, batch);
    hooks.beforeCommit(async () => {
      const items = await deps.deliveries.createForEvents(tx, batch);
      if (items.length) hooks.afterCommit(() => deps.worker.dispatch(items));
    });
  };
  return Object.fromEntries(consumption.webhook.map((type) => [type, fanOut])) as Record<Consumed, EventHandler<unknown>>;
}
