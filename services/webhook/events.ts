import { consumption } from "../../proto-like-schemas/consumption.ts";
import type { EventHandler } from "../../shared/events/consumer.ts";
import { gatherInTransaction } from "../../shared/events/gather.ts";
import type { Envelope } from "../../shared/events/envelope.ts";
import type { Deliveries } from "./deliveries.ts";
import type { DeliveryWorker } from "./worker.ts";

type Consumed = (typeof consumption.webhook)[number];

/**
 * Every event a user can subscribe to fans out the same way: in the consumer's transaction (with
 * its inbox row, so a redelivered event adds nothing) one delivery per subscribed endpoint of every
 * user in subjectUserIds, both parties of a transfer included, for all the events of the
 * transaction in two statements. As many as this replica has room for are created with their
 * first attempt already claimed, and it makes them after the commit; the rest go on the work
 * queue (if that publish is lost, the scheduler publishes them; if this replica dies, their
 * claims run out and the scheduler brings them back).
 */
export function webhookConsumers(deps: { deliveries: Deliveries; worker: DeliveryWorker }): Record<Consumed, EventHandler<unknown>> {
  // The events of one consumer transaction, fanned out together just before it commits.
  const gather = gatherInTransaction<Envelope>(async (events, tx, hooks) => {
    const { claimed, queued } = await deps.deliveries.createForEvents(tx, events, deps.worker.room());
    if (claimed.length) hooks.afterCommit(() => deps.worker.attemptClaimed(claimed));
    if (queued.length) hooks.afterCommit(() => deps.worker.publish(queued));
  });
  const fanOut: EventHandler<unknown> = async (event, tx, hooks) => gather(event, tx, hooks);
  return Object.fromEntries(consumption.webhook.map((type) => [type, fanOut])) as Record<Consumed, EventHandler<unknown>>;
}
