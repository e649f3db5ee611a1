import { and, asc, eq, isNull, lte, sql } from "drizzle-orm";
import type { transactionsContract } from "../../proto-like-schemas/transactions.ts";
import type { Database } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import type { Logger } from "../../shared/log.ts";
import type { RpcClient } from "../../shared/rpc/client.ts";
import { fraudCases } from "./db/schema.ts";
import { afterFailure, type RetryPolicy } from "./domain/settle-policy.ts";

export type CaseRow = typeof fraudCases.$inferSelect;

export interface SettlementSettings {
  timeoutMs: number;
  retry: RetryPolicy;
}

const BATCH = 20;
/** Time kept back from the caller's deadline to record the result and answer. */
const ANSWER_MARGIN_MS = 150;
const BLOCK_REASON_MAX = 500;

const after = (ms: number) => sql`now() + ${ms} * interval '1 millisecond'`;

/**
 * Applies a recorded review outcome to the held transfer: approve → transactions.approveHeld
 * (capture), block → transactions.blockHeld (release). Both are idempotent there, so calling
 * again after a crash, a timeout or from a second replica is safe. The outcome is always
 * recorded first; this only drives it home, now or later from the job.
 */
export function createSettlement(deps: { db: Database; transactions: RpcClient<typeof transactionsContract>; settings: SettlementSettings; log: Logger; shutdown: AbortSignal }) {
  const { db, transactions, settings, log } = deps;

  async function call(row: CaseRow, deadline: number): Promise<void> {
    const adminId = row.reviewedBy!;
    if (row.outcome === "APPROVED") {
      await transactions.approveHeld({ transactionId: row.transactionId, adminId }, { deadline });
    } else {
      const reason = (row.notes || "Blocked by fraud review").slice(0, BLOCK_REASON_MAX);
      await transactions.blockHeld({ transactionId: row.transactionId, adminId, reason }, { deadline });
    }
  }

  async function recordSuccess(row: CaseRow): Promise<CaseRow> {
    const [updated] = await db
      .update(fraudCases)
      .set({ settledAt: sql`now()`, nextSettleAt: null, settleError: null, settleGaveUpAt: null })
      .where(and(eq(fraudCases.id, row.id), isNull(fraudCases.settledAt)))
      .returning();
    return updated ?? (await db.select().from(fraudCases).where(eq(fraudCases.id, row.id)))[0]!;
  }

  async function recordFailure(row: CaseRow, err: AppError): Promise<CaseRow> {
    const next = afterFailure(err.code, row.settleAttempts + 1, settings.retry);
    const giveUp = "giveUp" in next;
    const [updated] = await db
      .update(fraudCases)
      .set({
        settleAttempts: sql`${fraudCases.settleAttempts} + 1`,
        settleError: `${err.code}: ${err.message}`.slice(0, 1_000),
        nextSettleAt: giveUp ? null : after(next.retryInMs),
        settleGaveUpAt: giveUp ? sql`now()` : null,
      })
      .where(and(eq(fraudCases.id, row.id), isNull(fraudCases.settledAt)))
      .returning();
    const fields = { caseId: row.id, transactionId: row.transactionId, outcome: row.outcome, code: err.code, error: err.message };
    if (giveUp) log.error("review outcome could not be applied; left for a person", fields);
    else log.warn("review outcome not applied yet; will retry", { ...fields, retryInMs: next.retryInMs });
    return updated ?? (await db.select().from(fraudCases).where(eq(fraudCases.id, row.id)))[0]!;
  }

  /** One attempt; failures are recorded on the case, never thrown (the outcome itself stands). */
  async function settle(row: CaseRow, callerDeadline?: number): Promise<CaseRow> {
    if (row.settledAt || row.status !== "REVIEWED") return row;
    const ownDeadline = Date.now() + settings.timeoutMs;
    const deadline = callerDeadline === undefined ? ownDeadline : Math.min(ownDeadline, callerDeadline - ANSWER_MARGIN_MS);
    try {
      await call(row, deadline);
    } catch (err) {
      return recordFailure(row, err instanceof AppError ? err : new AppError("INTERNAL", (err as Error).message));
    }
    return recordSuccess(row);
  }

  return {
    settle,
    /** How long a fresh review keeps the job away while its own call is in flight. */
    leaseMs: settings.timeoutMs + 1_000,

    /** The job: drive reviewed cases whose transfer is not settled yet and whose retry time has come. */
    async redriveDue(): Promise<number> {
      const due = await db
        .select()
        .from(fraudCases)
        .where(and(eq(fraudCases.status, "REVIEWED"), isNull(fraudCases.settledAt), isNull(fraudCases.settleGaveUpAt), lte(fraudCases.nextSettleAt, sql`now()`)))
        .orderBy(asc(fraudCases.nextSettleAt))
        .limit(BATCH);
      let settled = 0;
      for (const row of due) {
        if (deps.shutdown.aborted) break;
        if ((await settle(row)).settledAt) settled++;
      }
      return settled;
    },
  };
}
export type Settlement = ReturnType<typeof createSettlement>;
