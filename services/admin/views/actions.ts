import type { PendingAction as PendingActionView } from "../../../proto-like-schemas/admin.ts";
import type { Clock } from "../clock.ts";
import type { PendingActionRow } from "../db/schema.ts";
import { effectiveStatus } from "../domain/approval.ts";
import type { Names, People } from "../people.ts";

export { pendingAction as pendingActionView } from "../../../proto-like-schemas/admin.ts";

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
