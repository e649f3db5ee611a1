import { eventCatalog, type EventType } from "../../proto-like-schemas/events/index.ts";
import type { EventHandler } from "../../shared/events/consumer.ts";
import type { Envelope } from "../../shared/events/envelope.ts";
import { gatherInTransaction } from "../../shared/events/gather.ts";
import type { AuditAppender } from "./appender.ts";

/**
 * One handler for every event type there is, built from the catalog, so a type added to any
 * stream is recorded without touching this service. The handlers run in the consumer's
 * transaction together with its inbox row: a redelivered event adds no second row.
 */
export function auditConsumers(appender: AuditAppender): Record<EventType, EventHandler<unknown>> {
  // The events of one consumer transaction are appended together just before it commits.
  const gather = gatherInTransaction<Envelope<unknown>>((events, tx) => appender.appendAll(tx, events));
  const record: EventHandler<unknown> = async (event, tx, hooks) => gather(event, tx, hooks);
  return Object.fromEntries(Object.keys(eventCatalog).map((type) => [type, record])) as Record<EventType, EventHandler<unknown>>;
}
