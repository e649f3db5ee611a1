import { eventCatalog, type EventType } from "../../proto-like-schemas/events/index.ts";
import type { EventHandler } from "../../shared/events/consumer.ts";
import type { AuditAppender } from "./appender.ts";

/**
 * One handler for every event type there is, built from the catalog, so a type added to any
 * stream is recorded without touching this service. The handlers run in the consumer's
 * transaction together with its inbox row: a redelivered event adds no second row.
 */
export function auditConsumers(appender: AuditAppender): Record<EventType, EventHandler<unknown>> {
  const record: EventHandler<unknown> = (event, tx, hooks) => appender.append(tx, event, hooks);
  return Object.fromEntries(Object.keys(eventCatalog).map((type) => [type, record])) as Record<EventType, EventHandler<unknown>>;
}
