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
  await republish(nc, envelope, opts.msgId ?? envelope.id);
  return envelope;
}

/**
 * Sends an envelope again under a fresh message id, so JetStream's de-duplication lets it through
 * and the consumer sees a true redelivery of the same event.
 */
export async function republish(nc: NatsConnection, envelope: Envelope<unknown>, msgId: string = Bun.randomUUIDv7()): Promise<void> {
  await nc.jetstream().publish(subjectOf(envelope.type), JSON.stringify(envelope), { msgID: msgId });
}

/** A transaction.completed payload: a TRANSFER between two fresh users unless told otherwise. */
export const completedTransfer = (over: Partial<EventData<"transaction.completed">> = {}): EventData<"transaction.completed"> => ({
  transactionId: crypto.randomUUID(),
  type: "TRANSFER",
  senderId: crypto.randomUUID(),
  recipientId: crypto.randomUUID(),
  amount: 1_000,
  currency: "USD",
  requestId: null,
  splitId: null,
  description: null,
  merchant: null,
  category: null,
  fraudDecision: "ALLOW",
  fraudScore: 0,
  completedAt: new Date().toISOString(),
  ...over,
});
