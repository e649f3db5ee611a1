import { AckPolicy, DeliverPolicy, nanos, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from "nats";
import type { z } from "zod";
import type { Database, Transaction } from "../db/connect.ts";
import { deadLetters, inbox } from "../db/tables.ts";
import type { Logger } from "../log.ts";
import { extractFrom, SpanKind, withSpan, type HeaderBag } from "../telemetry.ts";
import { domainSubjects, envelopeSchema, streamOf, type Envelope, type EventCatalog } from "./envelope.ts";

export type EventHandler<D = unknown> = (event: Envelope<D>, tx: Transaction) => Promise<void>;

export type EventHandlers<Catalog extends EventCatalog, Types extends keyof Catalog = keyof Catalog> = {
  [T in Types]: EventHandler<z.output<Catalog[T]>>;
};

export interface ConsumerSettings {
  maxDeliver: number;
  /** Delay before each redelivery after a failure; the last value repeats. */
  backoffMs: number[];
  ackWaitMs: number;
}

export const DEFAULT_CONSUMER_SETTINGS: ConsumerSettings = {
  maxDeliver: 6,
  backoffMs: [1_000, 5_000, 15_000, 60_000, 300_000],
  ackWaitMs: 30_000,
};

export interface RunningConsumer {
  readonly name: string;
  stop(): Promise<void>;
}

const decoder = new TextDecoder();

/**
 * One durable pull consumer per (service, domain). Each message is handled in one database
 * transaction that also records the event id in the inbox, so a redelivered duplicate changes
 * nothing; the ack follows the commit. A failure is retried with backoff; after maxDeliver
 * deliveries the message is stored as a dead letter and terminated.
 */
export async function startConsumer(opts: {
  service: string;
  domain: string;
  js: JetStreamClient;
  jsm: JetStreamManager;
  db: Database;
  catalog: EventCatalog;
  handlers: Record<string, EventHandler<any>>;
  settings?: Partial<ConsumerSettings>;
  log: Logger;
}): Promise<RunningConsumer> {
  const settings = { ...DEFAULT_CONSUMER_SETTINGS, ...opts.settings };
  const stream = streamOf(opts.domain);
  const durable = `${opts.service}-${opts.domain}`;
  const consumerName = `${opts.service}:${opts.domain}`;
  const config = {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: domainSubjects(opts.domain),
    max_deliver: settings.maxDeliver,
    ack_wait: nanos(settings.ackWaitMs),
  };
  try {
    await opts.jsm.consumers.info(stream, durable);
    await opts.jsm.consumers.update(stream, durable, { max_deliver: config.max_deliver, ack_wait: config.ack_wait });
  } catch {
    try {
      await opts.jsm.consumers.add(stream, config);
    } catch (err) {
      if (!/already|exists/i.test(String((err as Error).message))) throw err;
    }
  }

  const consumer = await opts.js.consumers.get(stream, durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 64, expires: 5_000 });
  let current: Promise<void> = Promise.resolve();

  async function recordDeadLetter(msg: JsMsg, envelope: Partial<Envelope> | undefined, error: string): Promise<void> {
    await opts.db.insert(deadLetters).values({
      id: Bun.randomUUIDv7(),
      consumer: consumerName,
      eventId: envelope?.id ?? null,
      type: envelope?.type ?? null,
      subject: msg.subject,
      payload: decoder.decode(msg.data),
      error: error.slice(0, 2_000),
      deliveries: msg.info.redeliveryCount,
    });
    opts.log.error("event moved to dead letters", { consumer: consumerName, eventId: envelope?.id, type: envelope?.type, error });
    msg.term();
  }

  async function handle(msg: JsMsg): Promise<void> {
    let envelope: Envelope;
    try {
      envelope = envelopeSchema.parse(JSON.parse(decoder.decode(msg.data))) as Envelope;
    } catch (err) {
      await recordDeadLetter(msg, undefined, `Unreadable envelope: ${(err as Error).message}`);
      return;
    }
    const handler = opts.handlers[envelope.type];
    if (!handler) {
      msg.ack();
      return;
    }
    await withSpan(`consume ${envelope.type}`, { kind: SpanKind.CONSUMER, parent: extractFrom(msg.headers as unknown as HeaderBag | undefined), attributes: { "messaging.system": "nats", "messaging.consumer.group.name": consumerName, "messaging.message.id": envelope.id } }, async () => {
      try {
        const schema = opts.catalog[envelope.type];
        const data = schema ? schema.parse(envelope.data) : envelope.data;
        await opts.db.transaction(async (tx) => {
          const fresh = await tx.insert(inbox).values({ consumer: consumerName, eventId: envelope.id }).onConflictDoNothing().returning({ id: inbox.eventId });
          if (fresh.length === 0) return;
          await handler({ ...envelope, data }, tx);
        });
        msg.ack();
      } catch (err) {
        const deliveries = msg.info.redeliveryCount;
        const message = (err as Error)?.message ?? String(err);
        if (deliveries >= settings.maxDeliver) {
          await recordDeadLetter(msg, envelope, message);
          return;
        }
        const delay = settings.backoffMs[Math.min(deliveries - 1, settings.backoffMs.length - 1)] ?? 1_000;
        opts.log.warn("event handling failed; will retry", { consumer: consumerName, eventId: envelope.id, type: envelope.type, deliveries, retryInMs: delay, error: message });
        msg.nak(delay);
      }
    });
  }

  const loop = (async () => {
    for await (const msg of messages) {
      current = handle(msg).catch((err) => {
        opts.log.error("consumer failed to settle a message", { consumer: consumerName, err });
        msg.nak(1_000);
      });
      await current;
    }
  })();

  return {
    name: consumerName,
    async stop() {
      await messages.close().catch(() => {});
      await current;
      await loop.catch(() => {});
    },
  };
}
