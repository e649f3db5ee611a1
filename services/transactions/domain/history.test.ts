import { describe, expect, test } from "bun:test";
import { partyHistory, statusHistory, type HistoryRow } from "./history.ts";

const t = (s: number) => new Date(Date.UTC(2030, 0, 1, 12, 0, s));
const row = (over: Partial<HistoryRow>): HistoryRow => ({
  status: "PENDING",
  statusReason: null,
  statusDetail: null,
  fraudDecision: null,
  reversedBy: null,
  createdAt: t(0),
  updatedAt: t(0),
  processingAt: null,
  heldAt: null,
  completedAt: null,
  ...over,
});

describe("status history", () => {
  test("a transfer that settled at once: created, processing, completed", () => {
    const steps = statusHistory(row({ status: "COMPLETED", processingAt: t(1), completedAt: t(2), updatedAt: t(2) }));
    expect(steps.map((s) => [s.step, s.status, s.at])).toEqual([
      ["CREATED", "PENDING", t(0).toISOString()],
      ["PROCESSING", "PROCESSING", t(1).toISOString()],
      ["COMPLETED", "COMPLETED", t(2).toISOString()],
    ]);
  });

  test("held for review, approved, then reversed by an admin with the reason", () => {
    const steps = statusHistory(row({ status: "REVERSED", statusReason: "ADMIN_REVERSAL", statusDetail: "chargeback", reversedBy: "admin-1", heldAt: t(1), completedAt: t(5), updatedAt: t(9) }));
    expect(steps.map((s) => s.step)).toEqual(["CREATED", "HELD", "COMPLETED", "REVERSED"]);
    expect(steps[1]).toMatchObject({ status: "PENDING", reason: "FRAUD_REVIEW" });
    expect(steps[3]).toMatchObject({ status: "REVERSED", reason: "ADMIN_REVERSAL", detail: "chargeback", by: "admin-1", at: t(9).toISOString() });
  });

  test("still held: the hold carries the row's reason; a failure ends with its reason", () => {
    expect(statusHistory(row({ statusReason: "FRAUD_REVIEW", heldAt: t(1), updatedAt: t(1) })).at(-1)).toMatchObject({ step: "HELD", reason: "FRAUD_REVIEW" });
    const failed = statusHistory(row({ status: "FAILED", statusReason: "INSUFFICIENT_FUNDS", statusDetail: "Insufficient funds", processingAt: t(1), updatedAt: t(2) }));
    expect(failed.map((s) => s.step)).toEqual(["CREATED", "PROCESSING", "FAILED"]);
    expect(failed.at(-1)).toMatchObject({ reason: "INSUFFICIENT_FUNDS", detail: "Insufficient funds" });
    const cancelled = statusHistory(row({ status: "CANCELLED", statusReason: "REVIEW_BLOCKED", heldAt: t(1), updatedAt: t(3) }));
    expect(cancelled.map((s) => [s.step, s.reason])).toEqual([["CREATED", null], ["HELD", "FRAUD_REVIEW"], ["CANCELLED", "REVIEW_BLOCKED"]]);
  });
});

describe("status history as a party reads it", () => {
  const approvedThenReversed = row({ status: "REVERSED", statusReason: "ADMIN_REVERSAL", statusDetail: "Blocked by admin-1: chargeback", reversedBy: "admin-1", fraudDecision: "REVIEW", heldAt: t(1), completedAt: t(5), updatedAt: t(9) });

  test("the sender sees the hold, the approval and the reversal with reason codes, never the admin's id or note", () => {
    const steps = partyHistory(approvedThenReversed, { isSender: true });
    expect(steps).toEqual([
      { status: "PENDING", step: "CREATED", at: t(0).toISOString(), reason: null },
      { status: "PENDING", step: "HELD", at: t(1).toISOString(), reason: "FRAUD_REVIEW" },
      { status: "COMPLETED", step: "COMPLETED", at: t(5).toISOString(), reason: "REVIEW_APPROVED" },
      { status: "REVERSED", step: "REVERSED", at: t(9).toISOString(), reason: "ADMIN_REVERSAL" },
    ]);
    expect(JSON.stringify(steps)).not.toContain("admin-1");
  });

  test("the recipient sees the steps and times without the sender's fraud screening", () => {
    expect(partyHistory(approvedThenReversed, { isSender: false })).toEqual([
      { status: "PENDING", step: "CREATED", at: t(0).toISOString(), reason: null },
      { status: "COMPLETED", step: "COMPLETED", at: t(5).toISOString(), reason: null },
      { status: "REVERSED", step: "REVERSED", at: t(9).toISOString(), reason: null },
    ]);
  });

  test("a blocked hold ends cancelled with its reason; a transfer never held completes without one", () => {
    const blocked = row({ status: "CANCELLED", statusReason: "REVIEW_BLOCKED", statusDetail: "Blocked by admin-1: looks like fraud", fraudDecision: "REVIEW", heldAt: t(1), updatedAt: t(3) });
    expect(partyHistory(blocked, { isSender: true }).map((s) => [s.step, s.reason])).toEqual([["CREATED", null], ["HELD", "FRAUD_REVIEW"], ["CANCELLED", "REVIEW_BLOCKED"]]);
    const settled = row({ status: "COMPLETED", processingAt: t(1), completedAt: t(2), updatedAt: t(2) });
    expect(partyHistory(settled, { isSender: true }).at(-1)).toEqual({ status: "COMPLETED", step: "COMPLETED", at: t(2).toISOString(), reason: null });
  });
});
