import { and, asc, count, eq, sql } from "drizzle-orm";
import type { FraudCase } from "../../proto-like-schemas/fraud.ts";
import type { Database, Executor } from "../../shared/db/connect.ts";
import { AppError } from "../../shared/errors.ts";
import { fraudCases } from "./db/schema.ts";
import type { CaseRow, Settlement } from "./settlement.ts";
import { isUuid } from "../../shared/ids.ts";


export function toFraudCase(row: CaseRow): FraudCase {
  return {
    caseId: row.id,
    transactionId: row.transactionId,
    userId: row.userId,
    recipientId: row.recipientId,
    amount: row.amount,
    decision: row.decision as FraudCase["decision"],
    score: row.score,
    rulesFired: row.rulesFired,
    status: row.status as FraudCase["status"],
    outcome: row.outcome as FraudCase["outcome"],
    reviewedBy: row.reviewedBy,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    notes: row.notes,
    createdAt: row.createdAt.toISOString(),
    settledAt: row.settledAt?.toISOString() ?? null,
    settlementError: row.settledAt ? null : row.settleError,
  };
}

const notFound = () => new AppError("NOT_FOUND", "Fraud case not found");

/**
 * The transfer of a case still waiting for review failed (its funds could not be held): the case
 * leaves the queue as CLOSED, since no decision can change anything now. Other cases are left alone.
 */
export async function closeUnreviewedCase(tx: Executor, transactionId: string, code: string): Promise<void> {
  await tx
    .update(fraudCases)
    .set({ status: "CLOSED", reviewedAt: sql`now()`, notes: `The transfer failed before review (${code.slice(0, 60)})` })
    .where(and(eq(fraudCases.transactionId, transactionId), eq(fraudCases.status, "OPEN")));
}

/** The review queue and the reviewer's decision on a case. */
export function createCases(deps: { db: Database; settlement: Settlement }) {
  const { db, settlement } = deps;

  async function caseById(caseId: string): Promise<CaseRow | undefined> {
    if (!isUuid(caseId)) return undefined;
    return (await db.select().from(fraudCases).where(eq(fraudCases.id, caseId)).limit(1))[0];
  }

  return {
    /** REVIEW cases nobody has decided yet, oldest first. */
    async listQueue({ limit, offset, userId }: { limit: number; offset: number; userId?: string }) {
      const open = and(eq(fraudCases.status, "OPEN"), eq(fraudCases.decision, "REVIEW"), userId === undefined ? undefined : eq(fraudCases.userId, userId));
      const [rows, [total]] = await Promise.all([
        db.select().from(fraudCases).where(open).orderBy(asc(fraudCases.createdAt), asc(fraudCases.id)).limit(limit).offset(offset),
        db.select({ n: count() }).from(fraudCases).where(open),
      ]);
      return { items: rows.map(toFraudCase), total: total?.n ?? 0 };
    },

    async getCase(caseId: string): Promise<FraudCase> {
      const row = await caseById(caseId);
      if (!row) throw notFound();
      return toFraudCase(row);
    },

    /**
     * Records the outcome (OPEN → REVIEWED, guarded in SQL), then settles the held transfer. The
     * same outcome again returns the case and retries an unfinished settlement; another outcome
     * on a reviewed case is refused. If the transactions service cannot be reached, the outcome
     * stands and the settle job finishes it later.
     */
    async review(req: { caseId: string; adminId: string; outcome: "APPROVE" | "BLOCK"; notes?: string }, deadline: number): Promise<FraudCase> {
      const outcome = req.outcome === "APPROVE" ? "APPROVED" : "BLOCKED";
      let row: CaseRow | undefined;
      if (isUuid(req.caseId)) {
        [row] = await db
          .update(fraudCases)
          .set({
            status: "REVIEWED",
            outcome,
            reviewedBy: req.adminId,
            reviewedAt: sql`now()`,
            notes: req.notes ?? null,
            // The job stays away while this call makes the first attempt; if we crash, it takes over.
            nextSettleAt: sql`now() + ${settlement.leaseMs} * interval '1 millisecond'`,
          })
          .where(and(eq(fraudCases.id, req.caseId), eq(fraudCases.status, "OPEN")))
          .returning();
      }
      if (!row) {
        row = await caseById(req.caseId);
        if (!row) throw notFound();
        if (row.status === "CLOSED") {
          throw new AppError("FAILED_PRECONDITION", "The transfer of this fraud case failed before review; there is nothing to decide", { details: { caseId: row.id, status: row.status } });
        }
        if (row.outcome !== outcome) {
          throw new AppError("FAILED_PRECONDITION", `Fraud case was already ${row.reviewedBy ? "reviewed" : "closed by the engine"} with outcome ${row.outcome}`, {
            details: { caseId: row.id, outcome: row.outcome },
          });
        }
      }
      return toFraudCase(await settlement.settle(row, deadline));
    },
  };
}
export type Cases = ReturnType<typeof createCases>;
