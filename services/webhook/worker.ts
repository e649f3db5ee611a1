import { and, eq, isNotNull, lte, sql } from "drizzle-orm";
import type { Database } from "../../shared/db/connect.ts";
import type { Logger } from "../../shared/log.ts";
import type { Clock } from "./clock.ts";
import { attempts, deliveries, endpoints } from "./db/schema.ts";
import { decideAfterAttempt, type Random } from "./domain/schedule.ts";
import { signedHeaders } from "./domain/signature.ts";
import type { Endpoints } from "./endpoints.ts";
import type { DeliveryQueue, WorkItem } from "./queue.ts";
import { sendAttempt, type AttemptReport } from "./sender.ts";
import type { TargetGuard } from "./target-guard.ts";

const SCAN_BATCH = 500;

export interface DeliveryWorker {
  /** Makes the attempt a work item names, if it is still due and nobody else claimed it. */
  handle(item: WorkItem): Promise<void>;
  /**
   * Publishes due attempts whose work item is missing (retries come due, a publish was lost in a
   * crash) and takes back claims whose worker vanished. Returns how many items it published.
   */
  schedule(): Promise<number>;
  /** Publishes after a commit; a failure is only logged because schedule() will publish again. */
  publish(items: WorkItem[]): Promise<void>;
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
  log: Logger;
}): DeliveryWorker {
  const { db, queue, clock, log } = deps;
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

  async function finishWithoutAttempt(id: string, reason: string) {
    await db.update(deliveries).set({ status: "FAILED", nextAttemptAt: null, queuedAt: null, lastError: reason }).where(and(eq(deliveries.id, id), eq(deliveries.status, "PENDING")));
  }

  async function handle(item: WorkItem) {
    const now = clock.now();
    const [found] = await db
      .select({ delivery: deliveries, endpoint: endpoints })
      .from(deliveries)
      .innerJoin(endpoints, eq(endpoints.id, deliveries.endpointId))
      .where(eq(deliveries.id, item.deliveryId));
    // Gone (endpoint deleted), already handled, or a stale duplicate of an earlier attempt's item.
    if (!found || found.delivery.status !== "PENDING" || found.delivery.attemptCount + 1 !== item.attempt) return;
    if (found.delivery.nextAttemptAt && found.delivery.nextAttemptAt.getTime() > now.getTime()) return;
    if (!found.endpoint.active) return finishWithoutAttempt(item.deliveryId, "Endpoint is disabled");

    // The claim: only one worker moves this attempt from PENDING to SENDING.
    const [claimed] = await db
      .update(deliveries)
      .set({ status: "SENDING", attemptCount: sql`${deliveries.attemptCount} + 1`, runAttempts: sql`${deliveries.runAttempts} + 1`, leaseUntil: new Date(now.getTime() + leaseMs), queuedAt: null })
      .where(and(eq(deliveries.id, item.deliveryId), eq(deliveries.status, "PENDING"), eq(deliveries.attemptCount, item.attempt - 1), lte(deliveries.nextAttemptAt, now)))
      .returning();
    if (!claimed) return;

    const startedAt = clock.now();
    let report: AttemptReport;
    const checked = await deps.guard.check(found.endpoint.url);
    if (!checked.ok) {
      report = { result: { kind: "error" }, responseStatus: null, responseBody: null, error: `Refused: ${checked.reason}`, durationMs: 0 };
    } else {
      let secrets: string[];
      try {
        secrets = deps.endpoints.signingSecrets(found.endpoint);
      } catch (err) {
        log.error("webhook secret cannot be decrypted (wrong WEBHOOK_SECRET_KEY?)", { endpointId: found.endpoint.id });
        throw err;
      }
      const headers = signedHeaders(secrets, `msg_${claimed.eventId}`, Math.floor(startedAt.getTime() / 1000), claimed.body);
      report = await sendAttempt({ checked: checked.value, headers: { ...headers }, body: claimed.body, timeoutMs: deps.timeoutMs });
    }
    await record(claimed, found.endpoint, startedAt, report);
  }

  async function record(claimed: typeof deliveries.$inferSelect, endpoint: typeof endpoints.$inferSelect, startedAt: Date, report: AttemptReport) {
    const now = clock.now();
    const failingSince = endpoint.failingSince ?? now;
    const decision = decideAfterAttempt({ result: report.result, runAttempts: claimed.runAttempts, failingSince, now, random: deps.random });
    const succeeded = decision.outcome === "succeeded";
    await db.transaction(async (tx) => {
      const outcome =
        decision.outcome === "succeeded"
          ? { status: "SUCCEEDED" as const, nextAttemptAt: null, deliveredAt: now }
          : decision.outcome === "retry"
            ? { status: "PENDING" as const, nextAttemptAt: decision.nextAttemptAt }
            : { status: "FAILED" as const, nextAttemptAt: null };
      // Delivery first, endpoint second: the same lock order as deleting an endpoint, so the two never deadlock.
      const [still] = await tx
        .update(deliveries)
        .set({ ...outcome, leaseUntil: null, queuedAt: null, lastAttemptAt: startedAt, lastResponseStatus: report.responseStatus, lastResponseBody: report.responseBody, lastDurationMs: report.durationMs, lastError: report.error })
        .where(and(eq(deliveries.id, claimed.id), eq(deliveries.status, "SENDING"), eq(deliveries.attemptCount, claimed.attemptCount)))
        .returning({ id: deliveries.id });
      // Deleted with its endpoint meanwhile, or taken back as abandoned: nothing left to record.
      if (!still) return;
      await tx
        .insert(attempts)
        .values({ deliveryId: claimed.id, attemptNumber: claimed.attemptCount, startedAt, durationMs: report.durationMs, succeeded, responseStatus: report.responseStatus, responseBody: report.responseBody, error: report.error })
        .onConflictDoNothing();
      // Only an endpoint that was failing changes: every success rewriting its row would queue deliveries to it on that row's lock.
      if (succeeded) await tx.update(endpoints).set({ failingSince: null }).where(and(eq(endpoints.id, endpoint.id), isNotNull(endpoints.failingSince)));
      else await tx.update(endpoints).set({ failingSince: sql`coalesce(${endpoints.failingSince}, ${now.toISOString()}::timestamptz)` }).where(eq(endpoints.id, endpoint.id));
      if (decision.outcome === "failed" && decision.disableEndpoint) {
        if (await deps.endpoints.disable(tx, endpoint, decision.disableEndpoint)) {
          log.info("webhook endpoint disabled", { endpointId: endpoint.id, reason: decision.disableEndpoint });
        }
      }
    });
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

  return { handle, schedule, publish };
}
