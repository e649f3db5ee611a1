import type { eventCatalog } from "../../proto-like-schemas/events/index.ts";
import type { Database, Executor } from "../../shared/db/connect.ts";
import { hotStatement } from "../../shared/db/statement.ts";
import { inTransaction } from "../../shared/db/transaction.ts";
import type { SQL } from "drizzle-orm";
import type { Emit, PendingEvent } from "../../shared/events/outbox.ts";
import type { Logger } from "../../shared/log.ts";
import { REASONS, type Reason } from "./domain/outcome.ts";
import type { Status } from "./domain/state-machine.ts";
import { completionOfProcessing, loadTransaction, MOVED, recordHeld, recordReviewDecision, StaleTransitionError, startProcessing, transition, transitionAnnounced, type FraudVerdict, type TransitionPatch, type TxnRow } from "./store.ts";

export interface LifecycleDeps {
  db: Database;
  emit: Emit<typeof eventCatalog>;
  log: Logger;
}

type Category = "FOOD" | "TRANSPORT" | "ENTERTAINMENT" | "UTILITIES" | "OTHER";

type BaseFields = Pick<TxnRow, "id" | "type" | "senderId" | "recipientId" | "amount" | "requestId" | "splitId">;

const base = (row: BaseFields) => ({
  transactionId: row.id,
  type: row.type,
  senderId: row.senderId,
  recipientId: row.recipientId,
  amount: row.amount,
  currency: "USD" as const,
  requestId: row.requestId,
  splitId: row.splitId,
});
const parties = (row: Pick<TxnRow, "senderId" | "recipientId">) => (row.recipientId ? [row.senderId, row.recipientId] : [row.senderId]);
const rules = (row: TxnRow) => row.fraudRules ?? [];

const completedEvent = (next: TxnRow): PendingEvent<typeof eventCatalog, "transaction.completed"> => ({
  type: "transaction.completed",
  data: {
    ...base(next),
    description: next.description,
    merchant: next.merchant,
    category: next.category as Category | null,
    fraudDecision: next.fraudDecision === "ALLOW" || next.fraudDecision === "REVIEW" ? next.fraudDecision : null,
    fraudScore: next.fraudScore,
    completedAt: next.completedAt!.toISOString(),
  },
  options: { actorId: next.senderId, subjectUserIds: parties(next) },
});

export type Lifecycle = ReturnType<typeof createLifecycle>;

/**
 * Every status change with its event, written in one database transaction (outbox). Each method
 * returns the row as it now is: when another actor (sweeper, retry, admin) moved the transaction
 * first, the guarded update matches nothing and the current row is returned instead, so callers
 * answer with whatever really happened.
 */
export function createLifecycle({ db, emit, log }: LifecycleDeps) {
  /**
   * Runs a status change; `alone` marks one that is a single statement without an event, which
   * is atomic by itself and so is sent without BEGIN and COMMIT (two round trips fewer).
   */
  async function change(row: TxnRow, name: string, fn: (tx: Executor) => Promise<TxnRow>, opts: { alone?: boolean } = {}): Promise<TxnRow> {
    try {
      return opts.alone ? await fn(db) : await inTransaction(db, name, fn);
    } catch (err) {
      if (!(err instanceof StaleTransitionError)) throw err;
      const current = await loadTransaction(db, row.id);
      if (!current) throw err;
      log.info("transaction moved concurrently", { transactionId: row.id, attempted: name, status: current.status });
      return current;
    }
  }

  const announceCompleted = emit.preparedClause("transaction.completed", "announced", MOVED);
  const completeProcessing = hotStatement<Record<string, string>, TxnRow[]>("transaction completed", (ex) => {
    const next = completionOfProcessing(ex);
    return ex.with(next, announceCompleted.cte).select().from(next);
  });

  return {
    /**
     * transaction.created as part of the insert of the row, written only where `inserted` holds,
     * for a statement built once; `values` gives its placeholders' values for a row.
     */
    created(inserted: SQL) {
      const clause = emit.preparedClause("transaction.created", "created", inserted);
      return {
        cte: clause.cte,
        values: (row: BaseFields) => clause.fill(base(row), { actorId: row.senderId, subjectUserIds: [row.senderId] }).values,
      };
    },

    /** A payment refused before it started, inside the transaction that records the refusal. */
    async refused(tx: Executor, row: TxnRow): Promise<void> {
      await emit(tx, "transaction.failed", { ...base(row), code: row.statusReason ?? "REFUSED", reason: row.statusDetail ?? "The payment was refused" }, { actorId: row.senderId, subjectUserIds: [row.senderId] });
    },

    startProcessing(row: TxnRow, fraud: FraudVerdict): Promise<TxnRow> {
      return change(row, "transaction processing", (ex) => startProcessing(ex, row.id, fraud), { alone: true });
    },

    recordReview(row: TxnRow, fraud: Pick<TxnRow, "fraudScore" | "fraudRules" | "fraudCaseId">): Promise<TxnRow> {
      return change(row, "transaction review decision", (ex) => recordReviewDecision(ex, row.id, fraud), { alone: true });
    },

    held(row: TxnRow): Promise<TxnRow> {
      return change(row, "transaction held", async (tx) => {
        const next = await recordHeld(tx, row.id);
        await emit(tx, "transaction.held", { ...base(next), score: next.fraudScore ?? 0, rulesFired: rules(next) }, { actorId: next.senderId, subjectUserIds: [next.senderId] });
        return next;
      });
    },

    /**
     * From PROCESSING, where nothing but a status change can alter the row, the event is built
     * from the row as it will be and written by the same statement: no transaction of its own.
     */
    complete(row: TxnRow, from: Status, patch: TransitionPatch = {}): Promise<TxnRow> {
      if (from === "PROCESSING" && Object.keys(patch).length === 0) {
        // Every settled payment ends here: the statement is built once.
        const at = new Date();
        const event = completedEvent({ ...row, completedAt: at });
        return change(row, "transaction completed", async (ex) => {
          const [next] = await completeProcessing(ex, { id: row.id, at: at.toISOString(), ...announceCompleted.fill(event.data, event.options).values });
          if (!next) throw new StaleTransitionError(row.id, from, "COMPLETED");
          return next;
        }, { alone: true });
      }
      if (from === "PROCESSING") {
        const at = new Date();
        return change(row, "transaction completed", (ex) => transitionAnnounced(ex, row.id, from, "COMPLETED", patch, at, (moved) => emit.clause([completedEvent({ ...row, ...patch, completedAt: at })], moved).cte), { alone: true });
      }
      return change(row, "transaction completed", async (tx) => {
        const next = await transition(tx, row.id, from, "COMPLETED", patch);
        await emit.all(tx, [completedEvent(next)]);
        return next;
      });
    },

    /** A fraud block is announced as transaction.fraud_blocked; every other failure as transaction.failed. */
    fail(row: TxnRow, from: Status, reason: Reason, detail: string, patch: TransitionPatch = {}): Promise<TxnRow> {
      return change(row, "transaction failed", async (tx) => {
        const next = await transition(tx, row.id, from, "FAILED", { ...patch, statusReason: reason, statusDetail: detail });
        if (reason === REASONS.FRAUD_BLOCK) {
          await emit(tx, "transaction.fraud_blocked", { ...base(next), score: next.fraudScore ?? 0, rulesFired: rules(next), reason: detail }, { actorId: next.senderId, subjectUserIds: [next.senderId] });
        } else {
          await emit(tx, "transaction.failed", { ...base(next), code: reason, reason: detail }, { actorId: next.senderId, subjectUserIds: [next.senderId] });
        }
        return next;
      });
    },

    cancel(row: TxnRow, reason: Reason, detail: string): Promise<TxnRow> {
      return change(row, "transaction cancelled", async (tx) => {
        const next = await transition(tx, row.id, "PENDING", "CANCELLED", { statusReason: reason, statusDetail: detail });
        await emit(tx, "transaction.cancelled", { ...base(next), reason: detail }, { actorId: next.senderId, subjectUserIds: parties(next) });
        return next;
      });
    },

    reverse(row: TxnRow, adminId: string, reason: string, forced: boolean): Promise<TxnRow> {
      return change(row, "transaction reversed", async (tx) => {
        const next = await transition(tx, row.id, "COMPLETED", "REVERSED", { statusReason: REASONS.ADMIN_REVERSAL, statusDetail: reason, reversedBy: adminId });
        await emit(tx, "transaction.reversed", { ...base(next), reason, reversedBy: adminId, forced }, { actorId: adminId, subjectUserIds: parties(next) });
        return next;
      });
    },
  };
}
