import type { consumption } from "../../proto-like-schemas/consumption.ts";
import type { EventData } from "../../proto-like-schemas/events/index.ts";
import type { Transaction } from "../../shared/db/connect.ts";
import type { EventHandler } from "../../shared/events/consumer.ts";
import type { Envelope } from "../../shared/events/envelope.ts";
import type { Ingest } from "./ingest.ts";

type Consumed = (typeof consumption.analytics)[number];

/**
 * The analytics row of the consumption table; each handler runs in the inbox transaction (exactly
 * once). The completed transfers of a transaction are ingested together just before it commits.
 */
export function analyticsConsumers(ingest: Ingest): { [T in Consumed]: EventHandler<EventData<T>> } {
  const gathered = new WeakMap<Transaction, Envelope<EventData<"transaction.completed">>[]>();
  return {
    "transaction.completed": async (event, tx, hooks) => {
      const batch = gathered.get(tx);
      if (batch) return void batch.push(event);
      const events = [event];
      gathered.set(tx, events);
      hooks.beforeCommit(() => ingest.completed(events, tx));
    },
    "transaction.reversed": (event, tx) => ingest.reversed(event, tx),
  };
}
