import type { consumption } from "../../proto-like-schemas/consumption.ts";
import type { EventData } from "../../proto-like-schemas/events/index.ts";
import type { EventHandler } from "../../shared/events/consumer.ts";
import { gatherInTransaction } from "../../shared/events/gather.ts";
import type { Envelope } from "../../shared/events/envelope.ts";
import type { Ingest } from "./ingest.ts";

type Consumed = (typeof consumption.analytics)[number];

/**
 * The analytics row of the consumption table; each handler runs in the inbox transaction (exactly
 * once). The completed transfers of a transaction are ingested together just before it commits.
 */
export function analyticsConsumers(ingest: Ingest): { [T in Consumed]: EventHandler<EventData<T>> } {
  const completed = gatherInTransaction<Envelope<EventData<"transaction.completed">>>((events, tx) => ingest.completed(events, tx));
  return {
    "transaction.completed": async (event, tx, hooks) => completed(event, tx, hooks),
    "transaction.reversed": (event, tx) => ingest.reversed(event, tx),
  };
}
