import type { consumption } from "../../proto-like-schemas/consumption.ts";
import type { EventData } from "../../proto-like-schemas/events/index.ts";
import type { EventHandler } from "../../shared/events/consumer.ts";
import type { Ingest } from "./ingest.ts";

type Consumed = (typeof consumption.analytics)[number];

/** The analytics row of the consumption table; each handler runs in the inbox transaction (exactly once). */
export function analyticsConsumers(ingest: Ingest): { [T in Consumed]: EventHandler<EventData<T>> } {
  return {
    "transaction.completed": (event, tx) => ingest.completed(event, tx),
    "transaction.reversed": (event, tx) => ingest.reversed(event, tx),
  };
}
