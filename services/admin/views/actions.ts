import { z } from "@hono/zod-openapi";
import { PENDING_ACTION_KINDS } from "../../../proto-like-schemas/events/admin.ts";
import type { Clock } from "../clock.ts";
import { PENDING_ACTION_STATUSES, type PendingActionRow } from "../db/schema.ts";
import { effectiveStatus } from "../domain/approval.ts";
import type { Names, People } from "../people.ts";
import { userRef } from "../http/common.ts";

export const pendingActionView = z
  .object({
    id: z.string(),
    kind: z.enum(PENDING_ACTION_KINDS).openapi({ description: "REVERSE or FORCE_COMPLETE a transaction above the threshold, or PROMOTE a user to ADMIN" }),
    status: z.enum(PENDING_ACTION_STATUSES).openapi({ description: "PENDING (waiting), APPROVED (running), EXECUTED, FAILED (the owning service refused it), REJECTED, EXPIRED" }),
    target: z.object({ type: z.enum(["transaction", "user"]), id: z.string() }),
    targetUsers: z.array(userRef),
    amountCents: z.number().int().nullable(),
    params: z.record(z.string(), z.unknown()),
    reason: z.string(),
    requestedBy: userRef,
    requestedAt: z.string(),
    expiresAt: z.string(),
    decidedBy: userRef.nullable(),
    decidedAt: z.string().nullable(),
    rejectionReason: z.string().nullable(),
    executedAt: z.string().nullable(),
    result: z.unknown().openapi({ description: "What the owning service answered (EXECUTED)" }),
    error: z.object({ code: z.string(), message: z.string() }).nullable().openapi({ description: "Why it FAILED" }),
    lastError: z.string().nullable().openapi({ description: "APPROVED: the outage it is waiting out (it runs again)" }),
  })
  .openapi("PendingAction");
export type PendingActionView = z.infer<typeof pendingActionView>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function actionView(row: PendingActionRow, names: Names, now: Date): PendingActionView {
  return {
    id: row.id,
    kind: row.kind as PendingActionView["kind"],
    status: effectiveStatus(row, now),
    target: { type: row.kind === "PROMOTE" ? "user" : "transaction", id: row.targetId },
    targetUsers: row.targetUserIds.map((id) => names.of(id)!),
    amountCents: row.amount,
    params: row.params,
    reason: row.reason,
    requestedBy: names.of(row.requestedBy)!,
    requestedAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    decidedBy: names.of(row.decidedBy),
    decidedAt: iso(row.decidedAt),
    rejectionReason: row.rejectionReason,
    executedAt: iso(row.executedAt),
    result: row.result ?? null,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? "" } : null,
    lastError: row.status === "APPROVED" ? row.lastError : null,
  };
}

/** Rows with every person they name looked up in one call. */
export async function actionViews(rows: PendingActionRow[], people: People, clock: Clock): Promise<PendingActionView[]> {
  const names = await people.names(rows.flatMap((r) => [r.requestedBy, r.decidedBy, ...r.targetUserIds]));
  return rows.map((r) => actionView(r, names, clock.now()));
}
