import type { PendingActionStatus } from "../db/schema.ts";

export interface ApprovalState {
  status: PendingActionStatus;
  requestedBy: string;
  decidedBy: string | null;
  expiresAt: Date;
}

/** A PENDING action past its deadline is EXPIRED even before the sweep writes it so. */
export const effectiveStatus = (a: ApprovalState, now: Date): PendingActionStatus => (a.status === "PENDING" && a.expiresAt.getTime() <= now.getTime() ? "EXPIRED" : a.status);

export type Decision = "approve" | "reject";

/**
 * Why this admin may not take this decision now, or null. The admin who already took the decision
 * may take it again (a retry after an outage or a lost answer): an approval resumes an unfinished
 * run or answers the finished one, a rejection answers the rejected action.
 */
export type DecisionRefusal = { code: "PERMISSION_DENIED" | "FAILED_PRECONDITION" | "CONFLICT"; message: string } | null;

export function decisionRefusal(a: ApprovalState, adminId: string, decision: Decision, now: Date): DecisionRefusal {
  const status = effectiveStatus(a, now);
  if (a.requestedBy === adminId) {
    return { code: "PERMISSION_DENIED", message: decision === "approve" ? "An admin cannot approve their own request: another admin must" : "An admin cannot reject their own request: another admin decides" };
  }
  if (status === "PENDING") return null;
  if (status === "EXPIRED") return { code: "FAILED_PRECONDITION", message: "The request expired before a second admin decided; ask again" };
  if (a.decidedBy === adminId && (decision === "approve" ? ["APPROVED", "EXECUTED", "FAILED"] : ["REJECTED"]).includes(status)) return null;
  const by = a.decidedBy === adminId ? "you" : "another admin";
  return { code: "CONFLICT", message: `The request was already decided by ${by} (${status})` };
}
