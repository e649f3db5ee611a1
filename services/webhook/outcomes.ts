import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Database } from "../../shared/db/connect.ts";
import { hotStatement } from "../../shared/db/statement.ts";
import type { Logger } from "../../shared/log.ts";
import type { Clock } from "./clock.ts";
import { attempts, deliveries, endpoints } from "./db/schema.ts";
import { decideAfterAttempt, type Random } from "./domain/schedule.ts";
import type { Endpoints } from "./endpoints.ts";
import type { AttemptReport } from "./sender.ts";

/** Still ours: the claim of this attempt was not taken back meanwhile (nor the delivery deleted with its endpoint). */
export const stillClaimed = (claimed: typeof deliveries.$inferSelect) => and(eq(deliveries.id, claimed.id), eq(deliveries.status, "SENDING"), eq(deliveries.attemptCount, claimed.attemptCount));

/**
 * The usual outcome of an attempt in one statement, built once (every delivery ends here): the
 * delivery succeeded, its attempt is logged, and an endpoint that was failing is healthy again
 * (delivery first, endpoint second: the lock order of deleting an endpoint, so the two never deadlock).
 */
const recordSucceeded = hotStatement<{ id: string; attempt: number; endpointId: string; now: string; startedAt: string; status: number | null; body: string | null; durationMs: number }, unknown>(
  "delivery succeeded",
  (ex) => {
    const p = (name: string, type: string) => sql`${sql.placeholder(name)}::${sql.raw(type)}`;
    const still = ex.$with("still").as(
      ex
        .update(deliveries)
        .set({
          status: "SUCCEEDED",
          nextAttemptAt: null,
          deliveredAt: p("now", "timestamptz"),
          leaseUntil: null,
          queuedAt: null,
          lastAttemptAt: p("startedAt", "timestamptz"),
          lastResponseStatus: p("status", "int"),
          lastResponseBody: p("body", "text"),
          lastDurationMs: p("durationMs", "int"),
          lastError: null,
        })
        .where(and(eq(deliveries.id, sql.placeholder("id")), eq(deliveries.status, "SENDING"), eq(deliveries.attemptCount, sql.placeholder("attempt"))))
        .returning({ id: deliveries.id }),
    );
    const healed = ex.$with("healed").as(
      ex
        .update(endpoints)
        .set({ failingSince: null })
        .where(and(eq(endpoints.id, sql.placeholder("endpointId")), isNotNull(endpoints.failingSince), sql`exists (select 1 from ${still})`))
        .returning({ id: endpoints.id }),
    );
    return ex
      .with(still, healed)
      .insert(attempts)
      .select(sql`select ${still.id}, ${p("attempt", "int")}, ${p("startedAt", "timestamptz")}, ${p("durationMs", "int")}, true, ${p("status", "int")}, ${p("body", "text")}, null::text from ${still}`)
      .onConflictDoNothing();
  },
);

/** What follows an attempt, written where the attempt was claimed: the delivery's new state, the attempt's record, the endpoint's health. */
export function createOutcomes(deps: { db: Database; endpoints: Endpoints; clock: Clock; random: Random; log: Logger }) {
  const { db, clock, log } = deps;

  async function recordSuccess(claimed: typeof deliveries.$inferSelect, endpointId: string, startedAt: Date, report: AttemptReport, now: Date) {
    await recordSucceeded(db, {
      id: claimed.id,
      attempt: claimed.attemptCount,
      endpointId,
      now: now.toISOString(),
      startedAt: startedAt.toISOString(),
      status: report.responseStatus,
      body: report.responseBody,
      durationMs: report.durationMs,
    });
  }

  async function record(claimed: typeof deliveries.$inferSelect, endpoint: typeof endpoints.$inferSelect, startedAt: Date, report: AttemptReport) {
    const now = clock.now();
    const failingSince = endpoint.failingSince ?? now;
    const decision = decideAfterAttempt({ result: report.result, runAttempts: claimed.runAttempts, failingSince, now, random: deps.random });
    if (decision.outcome === "succeeded") return recordSuccess(claimed, endpoint.id, startedAt, report, now);
    const outcome = decision.outcome === "retry" ? { status: "PENDING" as const, nextAttemptAt: decision.nextAttemptAt } : { status: "FAILED" as const, nextAttemptAt: null };
    await db.transaction(async (tx) => {
      // Delivery first, endpoint second: the same lock order as deleting an endpoint, so the two never deadlock.
      const [still] = await tx
        .update(deliveries)
        .set({ ...outcome, leaseUntil: null, queuedAt: null, lastAttemptAt: startedAt, lastResponseStatus: report.responseStatus, lastResponseBody: report.responseBody, lastDurationMs: report.durationMs, lastError: report.error })
        .where(stillClaimed(claimed))
        .returning({ id: deliveries.id });
      // Deleted with its endpoint meanwhile, or taken back as abandoned: nothing left to record.
      if (!still) return;
      await tx
        .insert(attempts)
        .values({ deliveryId: claimed.id, attemptNumber: claimed.attemptCount, startedAt, durationMs: report.durationMs, succeeded: false, responseStatus: report.responseStatus, responseBody: report.responseBody, error: report.error })
        .onConflictDoNothing();
      await tx.update(endpoints).set({ failingSince: sql`coalesce(${endpoints.failingSince}, ${now.toISOString()}::timestamptz)` }).where(eq(endpoints.id, endpoint.id));
      if (decision.outcome === "failed" && decision.disableEndpoint) {
        if (await deps.endpoints.disable(tx, endpoint, decision.disableEndpoint)) {
          log.info("webhook endpoint disabled", { endpointId: endpoint.id, reason: decision.disableEndpoint });
        }
      }
    });
  }

  return { record };
}
