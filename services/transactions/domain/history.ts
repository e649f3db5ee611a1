import type { Status } from "./state-machine.ts";

export interface HistoryRow {
  status: Status;
  statusReason: string | null;
  statusDetail: string | null;
  fraudDecision: string | null;
  reversedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  processingAt: Date | null;
  heldAt: Date | null;
  completedAt: Date | null;
}

export type StepName = "CREATED" | "HELD" | "PROCESSING" | "COMPLETED" | "FAILED" | "CANCELLED" | "REVERSED";

export interface HistoryStep {
  status: Status;
  step: StepName;
  at: string;
  reason: string | null;
  detail: string | null;
  by: string | null;
}

/**
 * A transaction's steps as its row dates them: created, held for review, processing, completed,
 * and how it ended. Every status change is a guarded update that stamps its own column (the last
 * one `updated_at`), so the steps are exact; only the reason of the last change is kept, so an
 * earlier step shows the reason the row still holds when it is the one that set it.
 */
export function statusHistory(row: HistoryRow): HistoryStep[] {
  const step = (status: Status, name: StepName, at: Date, reason: string | null = null, detail: string | null = null, by: string | null = null): HistoryStep => ({
    status,
    step: name,
    at: at.toISOString(),
    reason,
    detail,
    by,
  });
  const last = { reason: row.statusReason, detail: row.statusDetail };
  const steps: HistoryStep[] = [step("PENDING", "CREATED", row.createdAt)];
  if (row.heldAt) steps.push(row.status === "PENDING" ? step("PENDING", "HELD", row.heldAt, last.reason, last.detail) : step("PENDING", "HELD", row.heldAt, "FRAUD_REVIEW"));
  if (row.processingAt) steps.push(step("PROCESSING", "PROCESSING", row.processingAt));
  if (row.completedAt) steps.push(row.status === "COMPLETED" ? step("COMPLETED", "COMPLETED", row.completedAt, last.reason, last.detail) : step("COMPLETED", "COMPLETED", row.completedAt));
  if (row.status === "FAILED" || row.status === "CANCELLED") steps.push(step(row.status, row.status, row.updatedAt, last.reason, last.detail));
  if (row.status === "REVERSED") steps.push(step("REVERSED", "REVERSED", row.updatedAt, last.reason, last.detail, row.reversedBy));
  return steps.sort((a, b) => a.at.localeCompare(b.at));
}

/** A step as a party to the transaction reads it: what happened, when, and the reason code. */
export type PartyStep = Pick<HistoryStep, "status" | "step" | "at" | "reason">;

/**
 * The steps as a user who is a party to the transaction may read them. The free text (an admin's
 * note, which names the admin) and the admin's id stay in the back office: a user reads what
 * happened and when, with a reason code the page turns into words. A hold that was captured is an
 * approval, so its completion says so even after a later reversal has replaced the row's reason.
 * The recipient does not see the sender's fraud screening (the hold, the reasons), just as the
 * transaction itself hides the sender's status reason from them.
 */
export function partyHistory(row: HistoryRow, viewer: { isSender: boolean }): PartyStep[] {
  const steps = statusHistory(row).map(({ status, step, at, reason }): PartyStep => ({
    status,
    step,
    at,
    reason: step === "COMPLETED" && row.heldAt ? "REVIEW_APPROVED" : reason,
  }));
  if (viewer.isSender) return steps;
  return steps.filter((s) => s.step !== "HELD").map((s) => ({ ...s, reason: null }));
}
