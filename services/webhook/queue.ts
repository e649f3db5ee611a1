import { AckPolicy, DeliverPolicy, DiscardPolicy, RetentionPolicy, StorageType, nanos, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from "nats";
import type { Logger } from "../../shared/log.ts";

/**
 * The work queue of due delivery attempts: JetStream stream WEBHOOK_DELIVERIES (work-queue
 * retention), one subject and one durable consumer per webhook database, shared by that
 * database's replicas. A work item only says "attempt n of delivery d is due"; the database row is
 * the truth, so a lost item is re-published by the scheduler and a duplicate one finds nothing to claim.
 */
export const DELIVERY_STREAM = "WEBHOOK_DELIVERIES";
const SUBJECT_ROOT = "webhook.deliver";

export interface WorkItem {
  deliveryId: string;
  attempt: number;
}

export interface DeliveryQueue {
  enqueue(item: WorkItem): Promise<void>;
  /** Handles items with at most `concurrency` in flight until stop(). */
  consume(handle: (item: WorkItem) => Promise<void>, concurrency: number): Promise<{ stop(): Promise<void> }>;
}

/** One queue per database: a token NATS accepts in a subject and a consumer name. */
export const partitionOf = (databaseName: string) => databaseName.replace(/[^A-Za-z0-9_-]/g, "_");

export async function openDeliveryQueue(opts: { js: JetStreamClient; jsm: JetStreamManager; partition: string; ackWaitMs: number; log: Logger }): Promise<DeliveryQueue> {
  const { js, jsm, log } = opts;
  const subject = `${SUBJECT_ROOT}.${opts.partition}`;
  const durable = `webhook-worker-${opts.partition}`;
  try {
    await jsm.streams.info(DELIVERY_STREAM);
  } catch {
    try {
      await jsm.streams.add({
        name: DELIVERY_STREAM,
        subjects: [`${SUBJECT_ROOT}.>`],
        retention: RetentionPolicy.Workqueue,
        storage: StorageType.File,
        discard: DiscardPolicy.Old,
        duplicate_window: nanos(2 * 60_000),
      });
    } catch (err) {
      if (!/already in use|exists/i.test(String((err as Error).message))) throw err;
    }
  }
  const consumerConfig = {
    durable_name: durable,
    filter_subject: subject,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(opts.ackWaitMs),
    // Redelivery only follows a worker that died mid-item; the row's claim makes a repeat harmless.
    max_deliver: 20,
    // A queue whose database is gone (a test run's) disappears; a live one is recreated at start, items kept.
    inactive_threshold: nanos(7 * 24 * 3_600_000),
  };
  try {
    await jsm.consumers.info(DELIVERY_STREAM, durable);
    await jsm.consumers.update(DELIVERY_STREAM, durable, { ack_wait: consumerConfig.ack_wait, max_deliver: consumerConfig.max_deliver });
  } catch {
    try {
      await jsm.consumers.add(DELIVERY_STREAM, consumerConfig);
    } catch (err) {
      if (!/already|exists/i.test(String((err as Error).message))) throw err;
    }
  }

  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  return {
    async enqueue(item) {
      // Same attempt, same message id: JetStream drops a re-publish within its duplicate window.
      await js.publish(subject, encoder.encode(JSON.stringify(item)), { msgID: `${item.deliveryId}:${item.attempt}` });
    },

    async consume(handle, concurrency) {
      const consumer = await js.consumers.get(DELIVERY_STREAM, durable);
      const messages: ConsumerMessages = await consumer.consume({ max_messages: concurrency, expires: 5_000 });
      const inFlight = new Set<Promise<void>>();

      const run = async (msg: JsMsg) => {
        let item: WorkItem;
        try {
          item = JSON.parse(decoder.decode(msg.data)) as WorkItem;
          if (typeof item.deliveryId !== "string" || !Number.isInteger(item.attempt)) throw new Error("malformed work item");
        } catch (err) {
          log.error("unreadable webhook work item dropped", { error: (err as Error).message });
          msg.term();
          return;
        }
        try {
          await handle(item);
          msg.ack();
        } catch (err) {
          log.warn("webhook work item failed; will be redelivered", { deliveryId: item.deliveryId, attempt: item.attempt, error: (err as Error)?.message });
          msg.nak(1_000);
        }
      };

      const pump = (async () => {
        for await (const msg of messages) {
          const task = run(msg).finally(() => inFlight.delete(task));
          inFlight.add(task);
          if (inFlight.size >= concurrency) await Promise.race(inFlight);
        }
      })();

      return {
        async stop() {
          await messages.close().catch(() => {});
          await pump.catch(() => {});
          await Promise.allSettled([...inFlight]);
        },
      };
    },
  };
}
