import { and, desc, eq, gt, inArray, lt, lte, ne, or, sql, type SQL } from "drizzle-orm";
import type { PendingActionKind } from "./domain/kinds.ts";
import type { Database } from "../../shared/db/connect.ts";
import { AppError, isOutage } from "../../shared/errors.ts";
import { isUuid } from "../../shared/ids.ts";
import type { Logger } from "../../shared/log.ts";
import type { Approval, Outcome } from "./actions/outcome.ts";
import type { Clock } from "./clock.ts";
import { pendingActions, type PendingActionRow, type PendingActionStatus } from "./db/schema.ts";
import { decisionRefusal, effectiveStatus } from "./domain/approval.ts";
import { actionEventId } from "./domain/event-ids.ts";
import type { Recorder } from "./record.ts";

/** Runs what a pending action asks for, as the approving admin; every action it runs is idempotent. */
export type Runner = (action: PendingActionRow, approval: Approval) => Promise<Outcome<unknown>>;

export interface PendingRequest {
  kind: PendingActionKind;
  targetId: string;
  targetUserIds: string[];
  amount: number | null;
  params: Record<string, unknown>;
  reason: string;
  requestedBy: string;
}

/** A runner has an approved action this long before anyone else may run it again. */
const RUN_LEASE_MS = 60_000;
/** An unexpected fault (neither an outage nor a refusal) is retried this many times before the action is FAILED. */
const MAX_ATTEMPTS = 10;
const retryDelayMs = (attempts: number) => Math.min(5 * 60_000, 5_000 * 2 ** Math.max(0, attempts - 1));

const sameParams = (a: Record<string, unknown>, b: Record<string, unknown>) => JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());

/**
 * Dual control. A request waits as PENDING until another admin approves it (it then runs, once)
 * or rejects it, or it expires. Every change of status is a guarded UPDATE, so two approvals
 * racing each other run the action once; an approved action left unfinished by an outage or a
 * crash is run again by the sweep (or by its approver asking again) and finishes once.
 */
export function createApprovals(deps: { db: Database; clock: Clock; recorder: Recorder; run: Runner; ttlMs: number; log: Logger }) {
  const { db, clock, recorder, run, log } = deps;
  const at = (ms = 0) => new Date(clock.now().getTime() + ms);

  async function load(id: string): Promise<PendingActionRow> {
    const [row] = isUuid(id) ? await db.select().from(pendingActions).where(eq(pendingActions.id, id)).limit(1) : [];
    if (!row) throw new AppError("NOT_FOUND", "Pending action not found");
    return row;
  }

  /** Marks a pending action past its deadline EXPIRED (guarded: only if it is still PENDING). */
  const expire = (id: string) => db.update(pendingActions).set({ status: "EXPIRED" }).where(and(eq(pendingActions.id, id), eq(pendingActions.status, "PENDING"), lte(pendingActions.expiresAt, at())));

  async function refuse(row: PendingActionRow, adminId: string, decision: "approve" | "reject"): Promise<never> {
    const refusal = decisionRefusal(row, adminId, decision, clock.now())!;
    if (effectiveStatus(row, clock.now()) === "EXPIRED") await expire(row.id);
    throw new AppError(refusal.code, refusal.message, { details: { actionId: row.id, actionStatus: effectiveStatus(row, clock.now()) } });
  }

  /** Ends an APPROVED action (guarded), writing its record in the same transaction; answers the row as it now is. */
  async function finish(id: string, patch: Partial<PendingActionRow> & { status: PendingActionStatus }, record: Parameters<Recorder["write"]>[1] | null): Promise<PendingActionRow> {
    const done = await db.transaction(async (tx) => {
      const [row] = await tx.update(pendingActions).set(patch).where(and(eq(pendingActions.id, id), eq(pendingActions.status, "APPROVED"))).returning();
      if (row && record) await recorder.write(tx, record);
      return row;
    });
    return done ?? load(id);
  }

  async function execute(row: PendingActionRow): Promise<PendingActionRow> {
    const approval = { actionId: row.id, requestedBy: row.requestedBy, approvedBy: row.decidedBy! };
    try {
      const outcome = await run(row, approval);
      return await finish(row.id, { status: "EXECUTED", executedAt: at(), result: outcome.result as object, lastError: null, runLeaseUntil: null }, outcome.record);
    } catch (err) {
      // An outage is waited out however long it lasts; only a fault that keeps recurring gives up.
      const outage = isOutage(err);
      const refused = err instanceof AppError && !outage;
      if (refused || (!outage && row.attempts >= MAX_ATTEMPTS)) {
        const code = err instanceof AppError ? err.code : "INTERNAL";
        const message = err instanceof AppError ? err.message : "The action kept failing";
        log.warn("approved action failed", { actionId: row.id, kind: row.kind, code });
        return finish(row.id, { status: "FAILED", executedAt: at(), errorCode: code, errorMessage: message, runLeaseUntil: null }, {
          type: "admin.approval_failed",
          data: { actionId: row.id, kind: row.kind as PendingActionKind, targetId: row.targetId, requestedBy: row.requestedBy, approvedBy: row.decidedBy!, code, message },
          actorId: row.decidedBy!,
          subjectUserIds: row.targetUserIds,
          id: actionEventId("approval-failed", row.id),
        });
      }
      // An outage (or an unexpected fault): the action stays APPROVED and runs again later.
      await db
        .update(pendingActions)
        .set({ lastError: err instanceof Error ? err.message.slice(0, 500) : "failed", runLeaseUntil: at(retryDelayMs(row.attempts)) })
        .where(and(eq(pendingActions.id, row.id), eq(pendingActions.status, "APPROVED")));
      throw err;
    }
  }

  /**
   * Opens a pending action, recording the request. A target has at most one open action: the same
   * request again (same admin, kind and parameters) answers the open one; any other is a conflict.
   */
  async function request(r: PendingRequest): Promise<{ action: PendingActionRow; created: boolean }> {
    const now = at();
    const created = await db.transaction(async (tx) => {
      // A pending action past its deadline no longer holds the target, even before the sweep marks it.
      await tx.update(pendingActions).set({ status: "EXPIRED" }).where(and(eq(pendingActions.targetId, r.targetId), eq(pendingActions.status, "PENDING"), lte(pendingActions.expiresAt, now)));
      const [row] = await tx
        .insert(pendingActions)
        .values({ id: Bun.randomUUIDv7(), ...r, status: "PENDING", createdAt: now, expiresAt: at(deps.ttlMs) })
        .onConflictDoNothing({ target: pendingActions.targetId, where: sql`${pendingActions.status} in ('PENDING', 'APPROVED')` })
        .returning();
      if (row) {
        await recorder.write(tx, {
          type: "admin.approval_requested",
          data: { actionId: row.id, kind: r.kind, targetId: r.targetId, targetUserIds: r.targetUserIds, amount: r.amount, reason: r.reason, expiresAt: row.expiresAt.toISOString() },
          actorId: r.requestedBy,
          subjectUserIds: r.targetUserIds,
          id: actionEventId("approval-requested", row.id),
        });
      }
      return row;
    });
    if (created) return { action: created, created: true };
    const [open] = await db
      .select()
      .from(pendingActions)
      .where(and(eq(pendingActions.targetId, r.targetId), sql`${pendingActions.status} in ('PENDING', 'APPROVED')`))
      .limit(1);
    // The open one was decided between the insert and this read: try again.
    if (!open) return request(r);
    if (open.kind === r.kind && open.requestedBy === r.requestedBy && sameParams(open.params, r.params) && effectiveStatus(open, now) === "PENDING") return { action: open, created: false };
    throw new AppError("CONFLICT", `Another action on this ${r.kind === "PROMOTE" ? "user" : "transaction"} is waiting for approval`, { details: { actionId: open.id, actionStatus: effectiveStatus(open, now) } });
  }

  return {
    load,
    request,

    /** Another admin approves: the action runs now, once. The approver asking again resumes an unfinished run. */
    async approve(id: string, adminId: string): Promise<PendingActionRow> {
      const now = at();
      const [claimed] = isUuid(id)
        ? await db
            .update(pendingActions)
            .set({ status: "APPROVED", decidedBy: adminId, decidedAt: now, runLeaseUntil: at(RUN_LEASE_MS), attempts: sql`${pendingActions.attempts} + 1` })
            .where(and(eq(pendingActions.id, id), eq(pendingActions.status, "PENDING"), gt(pendingActions.expiresAt, now), ne(pendingActions.requestedBy, adminId)))
            .returning()
        : [];
      if (claimed) return execute(claimed);
      const current = await load(id);
      if (decisionRefusal(current, adminId, "approve", now)) return refuse(current, adminId, "approve");
      if (current.status !== "APPROVED") return current;
      const [resumed] = await db
        .update(pendingActions)
        .set({ runLeaseUntil: at(RUN_LEASE_MS), attempts: sql`${pendingActions.attempts} + 1` })
        .where(and(eq(pendingActions.id, id), eq(pendingActions.status, "APPROVED")))
        .returning();
      return resumed ? execute(resumed) : load(id);
    },

    async reject(id: string, adminId: string, reason: string): Promise<PendingActionRow> {
      const now = at();
      const rejected = await db.transaction(async (tx) => {
        const [row] = isUuid(id)
          ? await tx
              .update(pendingActions)
              .set({ status: "REJECTED", decidedBy: adminId, decidedAt: now, rejectionReason: reason })
              .where(and(eq(pendingActions.id, id), eq(pendingActions.status, "PENDING"), gt(pendingActions.expiresAt, now), ne(pendingActions.requestedBy, adminId)))
              .returning()
          : [];
        if (row) {
          await recorder.write(tx, {
            type: "admin.approval_rejected",
            data: { actionId: row.id, kind: row.kind as PendingActionKind, targetId: row.targetId, requestedBy: row.requestedBy, rejectedBy: adminId, reason },
            actorId: adminId,
            subjectUserIds: row.targetUserIds,
            id: actionEventId("approval-rejected", row.id),
          });
        }
        return row;
      });
      if (rejected) return rejected;
      const current = await load(id);
      if (decisionRefusal(current, adminId, "reject", now)) return refuse(current, adminId, "reject");
      return current;
    },

    /** Newest first; EXPIRED includes pending ones past their deadline that the sweep has not marked yet. */
    async list(f: { status?: PendingActionStatus; cursor?: string; limit: number }): Promise<{ items: PendingActionRow[]; nextCursor: string | null }> {
      const now = at();
      const where: SQL[] = [];
      const pendingLate = and(eq(pendingActions.status, "PENDING"), lte(pendingActions.expiresAt, now))!;
      if (f.status === "PENDING") where.push(eq(pendingActions.status, "PENDING"), gt(pendingActions.expiresAt, now));
      else if (f.status === "EXPIRED") where.push(or(eq(pendingActions.status, "EXPIRED"), pendingLate)!);
      else if (f.status) where.push(eq(pendingActions.status, f.status));
      if (f.cursor) where.push(lt(pendingActions.id, f.cursor));
      const rows = await db.select().from(pendingActions).where(and(...where)).orderBy(desc(pendingActions.id)).limit(f.limit + 1);
      const page = rows.slice(0, f.limit);
      return { items: page, nextCursor: rows.length > f.limit ? page.at(-1)!.id : null };
    },

    async countWaiting(): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(pendingActions)
        .where(and(eq(pendingActions.status, "PENDING"), gt(pendingActions.expiresAt, at())));
      return row?.n ?? 0;
    },

    /** The open action on a target, if any (a transaction's or a user's page shows it). */
    async openFor(targetId: string): Promise<PendingActionRow | null> {
      const [row] = await db.select().from(pendingActions).where(and(eq(pendingActions.targetId, targetId), sql`${pendingActions.status} in ('PENDING', 'APPROVED')`)).limit(1);
      return row ?? null;
    },

    /** The sweep: pending actions past their deadline become EXPIRED. */
    async expireDue(batch = 200): Promise<number> {
      const due = db.select({ id: pendingActions.id }).from(pendingActions).where(and(eq(pendingActions.status, "PENDING"), lte(pendingActions.expiresAt, at()))).limit(batch);
      const rows = await db.update(pendingActions).set({ status: "EXPIRED" }).where(and(inArray(pendingActions.id, due), eq(pendingActions.status, "PENDING"))).returning({ id: pendingActions.id });
      return rows.length;
    },

    /** The sweep: approved actions whose run lapsed (an outage, a crash) run again, each claimed by one replica. */
    async resumeDue(batch = 20): Promise<number> {
      const claimed = await db.transaction(async (tx) => {
        const due = await tx
          .select({ id: pendingActions.id })
          .from(pendingActions)
          .where(and(eq(pendingActions.status, "APPROVED"), lte(pendingActions.runLeaseUntil, at())))
          .limit(batch)
          .for("update", { skipLocked: true });
        if (due.length === 0) return [];
        return tx
          .update(pendingActions)
          .set({ runLeaseUntil: at(RUN_LEASE_MS), attempts: sql`${pendingActions.attempts} + 1` })
          .where(and(inArray(pendingActions.id, due.map((d) => d.id)), eq(pendingActions.status, "APPROVED")))
          .returning();
      });
      for (const row of claimed) await execute(row).catch((err) => log.warn("approved action not finished yet; will retry", { actionId: row.id, error: (err as Error).message }));
      return claimed.length;
    },
  };
}
export type Approvals = ReturnType<typeof createApprovals>;
