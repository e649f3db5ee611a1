import { AckPolicy, DeliverPolicy, nanos, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from "nats";
import type { z } from "zod";
import { sql } from "drizzle-orm";
import type { Database, Transaction } from "../db/connect.ts";
import { hotStatement } from "../db/statement.ts";
import { deadLetters, inbox } from "../db/tables.ts";
import { isOutage } from "../errors.ts";
import type { Logger } from "../log.ts";
import { safeErrorMessage } from "../safe-error.ts";
import { extractFrom, SpanKind, withSpan, type HeaderBag } from "../telemetry.ts";
import { domainSubjects, envelopeSchema, streamOf, subjectOf, type Envelope, type EventCatalog } from "./envelope.ts";

/** What a handler may ask of the runtime beyond its transaction. */
export interface HandlerHooks {
  /**
   * Runs after the transaction commits (never if it rolls back): publishing to `live.*`, waking a
   * worker. It may be lost in a crash, so it must only speed up what durable state already ensures.
   */
  afterCommit(fn: () => void | Promise<void>): void;
  /**
   * Runs in the transaction once every handler of the batch has run: a handler can gather what the
   * events of a batch write and write it in one statement. A failure rolls the batch back like a
   * handler's own.
   */
  beforeCommit(fn: () => Promise<void>): void;
}

/**
 * Handles one event inside the consumer's transaction. Several events may share one transaction
 * (the runtime batches what is waiting), so a handler must not assume it is alone in `tx`.
 */
export type EventHandler<D = unknown> = (event: Envelope<D>, tx: Transaction, hooks: HandlerHooks) => Promise<void>;

export type EventHandlers<Catalog extends EventCatalog, Types extends keyof Catalog = keyof Catalog> = {
  [T in Types]: EventHandler<z.output<Catalog[T]>>;
};

export interface ConsumerSettings {
  /** Deliveries after which an event whose handling keeps failing becomes a dead letter. */
  maxDeliver: number;
  /** Delay before each redelivery after a failure; the last value repeats. */
  backoffMs: number[];
  ackWaitMs: number;
  /** Most messages handled in one database transaction when several are waiting. */
  batchSize: number;
}

export const DEFAULT_CONSUMER_SETTINGS: ConsumerSettings = {
  maxDeliver: 6,
  backoffMs: [1_000, 5_000, 15_000, 60_000, 300_000],
  ackWaitMs: 30_000,
  batchSize: 64,
};

export interface RunningConsumer {
  readonly name: string;
  stop(): Promise<void>;
}

const decoder = new TextDecoder();
/**
 * Longest wait before trying an event again after an outage (the database connection lost, or a
 * service the handler needs answered UNAVAILABLE or timed out): that is not the event's fault, so
 * its retries neither stretch out to the poison schedule nor count towards a dead letter.
 */
const OUTAGE_RETRY_MAX_MS = 5_000;

/** The event ids not handled before by this consumer, recorded as handled: one statement, built once, whatever the batch's size. */
const recordInInbox = hotStatement<{ consumer: string; ids: string[] }, { id: string }[]>("record in inbox", (ex) =>
  ex
    .insert(inbox)
    .select(sql`select ${sql.placeholder("consumer")}::text, id, now() from unnest(${sql.placeholder("ids")}::uuid[]) as id`)
    .onConflictDoNothing()
    .returning({ id: inbox.eventId }),
);
const SUBJECT_PREFIX = subjectOf("");

/**
 * One durable pull consumer per (service, domain). Each message is handled in one database
 * transaction that also records the event id in the inbox, so a redelivered duplicate changes
 * nothing; the ack follows the commit. A failure is retried with backoff; after maxDeliver
 * deliveries the message is stored as a dead letter and terminated. An outage (lost database
 * connection, a needed service UNAVAILABLE) is retried for as long as it lasts: the server
 * redelivers without limit (max_deliver -1), and the dead-letter decision is this runtime's, so
 * an outage longer than the backoff schedule never leaves events that no one will deliver again.
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
  // One type handled: only its messages are delivered (a server without several filters per
  // consumer can do no better for two or more, which come with the rest of the domain).
  const handled = Object.keys(opts.handlers);
  const config = {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: handled.length === 1 ? subjectOf(handled[0]!) : domainSubjects(opts.domain),
    max_deliver: -1,
    ack_wait: nanos(settings.ackWaitMs),
  };
  try {
    await opts.jsm.consumers.info(stream, durable);
    await opts.jsm.consumers.update(stream, durable, { max_deliver: config.max_deliver, ack_wait: config.ack_wait, filter_subject: config.filter_subject });
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

  interface Parsed {
    msg: JsMsg;
    envelope: Envelope;
    handler: EventHandler<any>;
  }

  /** Envelope and data checked; unreadable messages become dead letters, unhandled types are acked. */
  async function parse(msg: JsMsg): Promise<Parsed | undefined> {
    // The subject names the type: a type this service does not handle is acked unread.
    if (!opts.handlers[msg.subject.slice(SUBJECT_PREFIX.length)]) {
      msg.ack();
      return undefined;
    }
    let envelope: Envelope;
    try {
      envelope = envelopeSchema.parse(JSON.parse(decoder.decode(msg.data))) as Envelope;
    } catch (err) {
      await recordDeadLetter(msg, undefined, `Unreadable envelope: ${(err as Error).message}`);
      return undefined;
    }
    const handler = opts.handlers[envelope.type];
    if (!handler) {
      msg.ack();
      return undefined;
    }
    return { msg, envelope, handler };
  }

  const spanOptions = (p: Parsed) => ({
    kind: SpanKind.CONSUMER,
    parent: extractFrom(p.msg.headers as unknown as HeaderBag | undefined),
    attributes: { "messaging.system": "nats", "messaging.consumer.group.name": consumerName, "messaging.message.id": p.envelope.id },
  });

  /**
   * One transaction for the whole batch: the inbox rows of all of them, then each fresh event's
   * handler, then the ack of every message after the commit. Any failure rolls the batch back and
   * the caller retries its messages one by one, so one bad event cannot hold back the others.
   */
  async function handleBatch(batch: Parsed[]): Promise<boolean> {
    const afterCommit: Array<() => void | Promise<void>> = [];
    try {
      await opts.db.transaction(async (tx) => {
        const ids = [...new Set(batch.map((p) => p.envelope.id))];
        const fresh = new Set((await recordInInbox(tx, { consumer: consumerName, ids })).map((r) => r.id));
        const hooks = hooksFor(afterCommit);
        for (const p of batch) {
          if (!fresh.delete(p.envelope.id)) continue;
          const data = opts.catalog[p.envelope.type]?.parse(p.envelope.data) ?? p.envelope.data;
          await withSpan(`consume ${p.envelope.type}`, spanOptions(p), () => p.handler({ ...p.envelope, data }, tx, hooks));
        }
        await hooks.settle();
      });
    } catch (err) {
      opts.log.debug("batch rolled back; handling its messages one by one", { consumer: consumerName, size: batch.length, error: safeErrorMessage(err) });
      return false;
    }
    for (const p of batch) p.msg.ack();
    await runAfterCommit(afterCommit);
    return true;
  }

  /** The hooks of one transaction; settle() runs its before-commit steps, in the order they were asked for. */
  function hooksFor(afterCommit: Array<() => void | Promise<void>>): HandlerHooks & { settle(): Promise<void> } {
    const beforeCommit: Array<() => Promise<void>> = [];
    return {
      afterCommit: (fn) => afterCommit.push(fn),
      beforeCommit: (fn) => beforeCommit.push(fn),
      async settle() {
        for (const fn of beforeCommit) await fn();
      },
    };
  }

  async function runAfterCommit(fns: Array<() => void | Promise<void>>): Promise<void> {
    for (const fn of fns) {
      try {
        await fn();
      } catch (err) {
        opts.log.warn("after-commit step failed", { consumer: consumerName, error: safeErrorMessage(err) });
      }
    }
  }

  async function handleOne(p: Parsed): Promise<void> {
    const { msg, envelope } = p;
    await withSpan(`consume ${envelope.type}`, spanOptions(p), async () => {
      const afterCommit: Array<() => void | Promise<void>> = [];
      try {
        const data = opts.catalog[envelope.type]?.parse(envelope.data) ?? envelope.data;
        await opts.db.transaction(async (tx) => {
          const fresh = await recordInInbox(tx, { consumer: consumerName, ids: [envelope.id] });
          if (fresh.length === 0) return;
          const hooks = hooksFor(afterCommit);
          await p.handler({ ...envelope, data }, tx, hooks);
          await hooks.settle();
        });
        msg.ack();
        await runAfterCommit(afterCommit);
      } catch (err) {
        const deliveries = msg.info.redeliveryCount;
        // Also what the dead letter keeps: never the failed statement's values.
        const message = safeErrorMessage(err);
        const outage = isOutage(err);
        if (!outage && deliveries >= settings.maxDeliver) {
          await recordDeadLetter(msg, envelope, message);
          return;
        }
        const scheduled = settings.backoffMs[Math.min(deliveries - 1, settings.backoffMs.length - 1)] ?? 1_000;
        const delay = outage ? Math.min(scheduled, OUTAGE_RETRY_MAX_MS) : scheduled;
        opts.log.warn("event handling failed; will retry", { consumer: consumerName, eventId: envelope.id, type: envelope.type, deliveries, retryInMs: delay, outage, error: message });
        msg.nak(delay);
      }
    });
  }

  async function handle(msgs: JsMsg[]): Promise<void> {
    const parsed = (await Promise.all(msgs.map(parse))).filter((p): p is Parsed => p !== undefined);
    if (parsed.length === 0) return;
    if (parsed.length > 1 && (await handleBatch(parsed))) return;
    for (const p of parsed) await handleOne(p);
  }

  // The iterator hands over messages one at a time; what piles up while a batch is being handled
  // becomes the next batch. The pump pauses when a few batches wait, so messages are not held
  // past their ack deadline.
  const waiting: JsMsg[] = [];
  let wakeWorker: (() => void) | undefined;
  let wakePump: (() => void) | undefined;
  let finished = false;
  const pump = (async () => {
    for await (const msg of messages) {
      waiting.push(msg);
      wakeWorker?.();
      while (waiting.length >= settings.batchSize * 2 && !finished) await new Promise<void>((resolve) => (wakePump = resolve));
    }
  })().finally(() => {
    finished = true;
    wakeWorker?.();
  });
  const loop = (async () => {
    while (true) {
      if (waiting.length === 0) {
        if (finished) return;
        await new Promise<void>((resolve) => (wakeWorker = resolve));
        wakeWorker = undefined;
        continue;
      }
      const batch = waiting.splice(0, settings.batchSize);
      wakePump?.();
      wakePump = undefined;
      current = handle(batch).catch((err) => {
        opts.log.error("consumer failed to settle messages", { consumer: consumerName, err });
        for (const msg of batch) msg.nak(1_000);
      });
      await current;
    }
  })();

  return {
    name: consumerName,
    async stop() {
      await messages.close().catch(() => {});
      await pump.catch(() => {});
      await current;
      await loop.catch(() => {});
    },
  };
}
