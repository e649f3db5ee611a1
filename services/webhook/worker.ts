import { and, eq, getTableColumns, lte, sql } from "drizzle-orm";
import pLimit from "p-limit";
import type { Database } from "../../shared/db/connect.ts";
import type { Logger } from "../../shared/log.ts";
import type { Clock } from "./clock.ts";
import { deliveries, endpoints } from "./db/schema.ts";
import type { Random } from "./domain/schedule.ts";
import { signedHeaders } from "./domain/signature.ts";
import type { Endpoints } from "./endpoints.ts";
import type { DeliveryQueue, WorkItem } from "./queue.ts";
import { sendAttempt, type AttemptReport } from "./sender.ts";
import { createOutcomes, stillClaimed } from "./outcomes.ts";
import type { TargetGuard } from "./target-guard.ts";

const SCAN_BATCH = 500;
/** First attempts waiting here per slot before further ones go to the shared queue instead. */
const LOCAL_WAITING_PER_SLOT = 4;

export interface DeliveryWorker {
  /**
   * Publishes due attempts whose work item is missing (retries come due, a publish was lost in a
   * crash) and takes back claims whose worker vanished. Returns how many items it published.
   */
  schedule(): Promise<number>;
  /** Publishes to the queue; a failure is only logged because schedule() will publish again. */
  publish(items: WorkItem[]): Promise<void>;
  /**
   * After a commit: attempts the items in this replica while it has room, the rest through the
   * queue. The first attempt skips the broker's round trips; a crash before it is covered by the
   * scheduler as a lost publish is.
   */
  dispatch(items: WorkItem[]): Promise<void>;
  /** Makes the attempt a queued work item names, if it is still due and nobody else claimed it, in one of the replica's slots. */
  run(item: WorkItem): Promise<void>;
  /**
   * How many new deliveries this replica takes on now, and the lease their first attempt is born
   * with: long enough to wait for a slot behind every attempt that can be ahead of it, then run.
   */
  room(): { count: number; leaseUntil: Date };
  /** After a commit: makes the first attempts of deliveries created already claimed by this replica. */
  attemptClaimed(claimed: ClaimedAttempt[]): void;
  /** Hands the items still waiting for a slot to the queue and waits for the attempts in flight. */
  stop(): Promise<void>;
}

/** A delivery whose attempt this replica holds the claim of, with its endpoint as it was when claimed. */
export interface ClaimedAttempt {
  delivery: typeof deliveries.$inferSelect;
  endpoint: typeof endpoints.$inferSelect;
}

export function createDeliveryWorker(deps: {
  db: Database;
  queue: DeliveryQueue;
  endpoints: Endpoints;
  guard: TargetGuard;
  clock: Clock;
  random: Random;
  timeoutMs: number;
  requeueGraceMs: number;
  /** Attempts in flight at once in this replica, first attempts and queued ones together. */
  concurrency: number;
  log: Logger;
}): DeliveryWorker {
  const { db, queue, clock, log } = deps;
  const outcomes = createOutcomes(deps);
  // Long enough that a claim outlives any attempt; a claim older than this belongs to a dead worker.
  const leaseMs = deps.timeoutMs + 60_000;

  // All at once: one after the other, a batch of events waited a broker round trip per item.
  async function publish(items: WorkItem[]) {
    await Promise.all(
      items.map((item) =>
        queue.enqueue(item).catch((err) => log.warn("webhook work item not published; the scheduler will retry", { deliveryId: item.deliveryId, error: (err as Error).message })),
      ),
    );
  }

  /** The claim: only one worker moves this attempt from PENDING to SENDING, and only while its endpoint is on. */
  async function claim(item: WorkItem, now: Date) {
    const [claimed] = await db
      .update(deliveries)
      .set({ status: "SENDING", attemptCount: sql`${deliveries.attemptCount} + 1`, runAttempts: sql`${deliveries.runAttempts} + 1`, leaseUntil: new Date(now.getTime() + leaseMs), queuedAt: null })
      .from(endpoints)
      .where(and(eq(deliveries.id, item.deliveryId), eq(endpoints.id, deliveries.endpointId), eq(endpoints.active, true), ...dueAttempt(item, now)))
      .returning({ delivery: getTableColumns(deliveries), endpoint: getTableColumns(endpoints) });
    return claimed;
  }

  /** The attempt the item names is the next one and is due: otherwise the item is a stale duplicate or early. */
  const dueAttempt = (item: WorkItem, now: Date) => [eq(deliveries.status, "PENDING"), eq(deliveries.attemptCount, item.attempt - 1), lte(deliveries.nextAttemptAt, now)];

  /** An attempt that is due but whose endpoint was turned off ends the delivery without being made. */
  async function finishIfEndpointDisabled(item: WorkItem, now: Date) {
    await db
      .update(deliveries)
      .set({ status: "FAILED", nextAttemptAt: null, queuedAt: null, lastError: "Endpoint is disabled" })
      .where(and(eq(deliveries.id, item.deliveryId), ...dueAttempt(item, now), sql`not exists (select 1 from ${endpoints} where ${endpoints.id} = ${deliveries.endpointId} and ${endpoints.active})`));
  }

  async function handle(item: WorkItem) {
    const now = clock.now();
    const found = await claim(item, now);
    // Not claimed: gone (endpoint deleted), already handled, a stale duplicate, not due yet, or its endpoint is off.
    if (!found) return finishIfEndpointDisabled(item, now);
    await attempt(found);
  }

  /** Makes the claimed attempt and records how it went. */
  async function attempt({ delivery: claimed, endpoint }: ClaimedAttempt) {
    const startedAt = clock.now();
    let report: AttemptReport;
    const checked = await deps.guard.check(endpoint.url);
    if (!checked.ok) {
      report = { result: { kind: "error" }, responseStatus: null, responseBody: null, error: `Refused: ${checked.reason}`, durationMs: 0 };
    } else {
      let secrets: string[];
      try {
        secrets = deps.endpoints.signingSecrets(endpoint);
      } catch (err) {
        log.error("webhook secret cannot be decrypted (wrong WEBHOOK_SECRET_KEY?)", { endpointId: endpoint.id });
        throw err;
      }
      const headers = signedHeaders(secrets, `msg_${claimed.eventId}`, Math.floor(startedAt.getTime() / 1000), claimed.body);
      report = await sendAttempt({ checked: checked.value, headers: { ...headers }, body: claimed.body, timeoutMs: deps.timeoutMs });
    }
    await outcomes.record(claimed, endpoint, startedAt, report);
  }

  async function schedule(): Promise<number> {
    const now = clock.now();
    // Claims whose worker died mid-attempt: the attempt counts as made (it may have reached the receiver).
    const abandoned = await db.execute<{ id: string; attempt_count: number }>(sql`
      update ${deliveries} set status = 'PENDING', next_attempt_at = ${now.toISOString()}::timestamptz, lease_until = null, queued_at = null,
        last_error = 'The worker stopped before the attempt finished'
      where ${deliveries.id} in (
        select id from ${deliveries} where status = 'SENDING' and lease_until < ${now.toISOString()}::timestamptz
        order by lease_until limit ${SCAN_BATCH} for update skip locked)
      returning id, attempt_count`);
    if (abandoned.length) log.warn("webhook attempts abandoned by a stopped worker rescheduled", { count: abandoned.length });

    const graceEdge = new Date(now.getTime() - deps.requeueGraceMs);
    const due = await db.execute<{ id: string; attempt_count: number }>(sql`
      update ${deliveries} set queued_at = ${now.toISOString()}::timestamptz
      where ${deliveries.id} in (
        select id from ${deliveries}
        where status = 'PENDING' and next_attempt_at <= ${now.toISOString()}::timestamptz
          and (queued_at is null or queued_at <= ${graceEdge.toISOString()}::timestamptz)
        order by next_attempt_at limit ${SCAN_BATCH} for update skip locked)
      returning id, attempt_count`);
    const items = [...due].map((r) => ({ deliveryId: r.id, attempt: r.attempt_count + 1 }));
    await publish(items);
    return items.length;
  }

  // One set of slots for the replica's attempts, whether they came from a commit here or from the queue.
  const slots = pLimit(deps.concurrency);
  const waitingHere = new Set<WorkItem>();
  const claimedWaiting = new Set<ClaimedAttempt>();
  const started = new Set<Promise<void>>();
  let stopping = false;
  const waitingCapacity = deps.concurrency * LOCAL_WAITING_PER_SLOT;
  // Ahead of a new attempt: every waiting one (the room may be taken by both streams' consumers
  // before either commits, so twice the capacity) and one from the queue per slot, each up to its timeout.
  const bornLeaseMs = leaseMs + (2 * LOCAL_WAITING_PER_SLOT + 1) * deps.timeoutMs;

  const run = (item: WorkItem) => slots(() => handle(item));

  function inSlot(work: () => Promise<void>, onError: (err: unknown) => Promise<void> | void) {
    const task = slots(work)
      .catch(onError)
      .finally(() => started.delete(task));
    started.add(task);
  }

  function attemptHere(item: WorkItem) {
    waitingHere.add(item);
    inSlot(
      async () => {
        // Handed to the queue by stop() while it waited.
        if (!waitingHere.delete(item)) return;
        await handle(item);
      },
      // The queue retries it at once; without the queue, the scheduler does after the grace period.
      (err) => {
        log.warn("webhook attempt failed here; handed to the queue", { deliveryId: item.deliveryId, error: (err as Error)?.message });
        return publish([item]);
      },
    );
  }

  function attemptClaimed(claimed: ClaimedAttempt[]) {
    for (const c of claimed) {
      claimedWaiting.add(c);
      inSlot(
        async () => {
          if (!claimedWaiting.delete(c)) return;
          await attempt(c);
        },
        // The claim's lease runs out and the scheduler makes the attempt again.
        (err) => void log.warn("webhook attempt failed here; retried when its claim expires", { deliveryId: c.delivery.id, error: (err as Error)?.message }),
      );
    }
  }

  async function dispatch(items: WorkItem[]) {
    const room = stopping ? 0 : Math.max(0, waitingCapacity - slots.pendingCount);
    for (const item of items.slice(0, room)) attemptHere(item);
    if (items.length > room) await publish(items.slice(room));
  }

  /** Gives claims never acted on back (the attempt was not made) and queues them for whoever runs. */
  async function unclaim(claimed: ClaimedAttempt[]): Promise<WorkItem[]> {
    if (claimed.length === 0) return [];
    const back = await Promise.all(
      claimed.map(async ({ delivery: d }) => {
        const [row] = await db
          .update(deliveries)
          .set({ status: "PENDING", attemptCount: d.attemptCount - 1, runAttempts: d.runAttempts - 1, leaseUntil: null, nextAttemptAt: clock.now(), queuedAt: clock.now() })
          .where(stillClaimed(d))
          .returning({ id: deliveries.id, attemptCount: deliveries.attemptCount });
        return row ? [{ deliveryId: row.id, attempt: row.attemptCount + 1 }] : [];
      }),
    );
    return back.flat();
  }

  async function stop() {
    stopping = true;
    const handOver = [...waitingHere];
    waitingHere.clear();
    const claimed = [...claimedWaiting];
    claimedWaiting.clear();
    await publish([...handOver, ...(await unclaim(claimed).catch(() => []))]);
    await Promise.allSettled([...started]);
  }

  function room() {
    return { count: stopping ? 0 : Math.max(0, waitingCapacity - slots.pendingCount), leaseUntil: new Date(clock.now().getTime() + bornLeaseMs) };
  }

  return { schedule, publish, dispatch, run, stop, room, attemptClaimed };
}
