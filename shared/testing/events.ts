import type { NatsConnection } from "nats";
import type { EventData, EventType } from "../../proto-like-schemas/events/index.ts";
import { subjectOf, type Envelope } from "../events/envelope.ts";

/**
 * Publishes an event straight to JetStream, as its producer's relay would: tests use it to play a
 * service that is not running, or (with a new msgId and the same id) to force a redelivery.
 */
export async function publishEvent<T extends EventType>(nc: NatsConnection, type: T, data: EventData<T>, opts: { id?: string; msgId?: string; occurredAt?: Date; producer?: string; actorId?: string | null; subjectUserIds?: string[] } = {}): Promise<Envelope<EventData<T>>> {
  const envelope: Envelope<EventData<T>> = {
    id: opts.id ?? Bun.randomUUIDv7(),
    type,
    occurredAt: (opts.occurredAt ?? new Date()).toISOString(),
    producer: opts.producer ?? "test",
    actorId: opts.actorId ?? null,
    subjectUserIds: opts.subjectUserIds ?? [],
    traceparent: null,
    data,
  };
  await nc.jetstream().publish(subjectOf(type), JSON.stringify(envelope), { msgID: opts.msgId ?? envelope.id });
  return envelope;
}
