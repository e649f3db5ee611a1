import { describe, expect, test } from "bun:test";
import { counterpartyLine, counterpartyName, flowOf, signedCents, statusBadge, stepText, transactionDetailView, transactionRowView, transactionTitle, visibleSteps, type TxnLike } from "./transaction-view.ts";

const ME = "me";
const ada = { id: "ada-id", name: "Ada Lovelace", email: "ada@example.com" };
const txn = (over: Partial<TxnLike>): TxnLike => ({
  type: "TRANSFER",
  status: "COMPLETED",
  statusReason: null,
  amount: 1234,
  senderId: ME,
  recipientId: "ada-id",
  description: null,
  counterparty: ada,
  ...over,
});

describe("a transaction as its viewer reads it", () => {
  test("which way the money went, and its sign", () => {
    expect(flowOf(txn({ type: "TOPUP", recipientId: null }), ME)).toBe("deposit");
    expect(flowOf(txn({}), ME)).toBe("sent");
    expect(flowOf(txn({ senderId: "ada-id", recipientId: ME }), ME)).toBe("received");
    expect(signedCents(txn({}), ME)).toBe(-1234);
    expect(signedCents(txn({ senderId: "ada-id", recipientId: ME }), ME)).toBe(1234);
    expect(signedCents(txn({ type: "TOPUP", recipientId: null }), ME)).toBe(1234);
  });

  test("titles: the description, else the kind of movement", () => {
    expect(transactionTitle(txn({ description: "  Pizza night " }), ME)).toBe("Pizza night");
    expect(transactionTitle(txn({ description: "  " }), ME)).toBe("Money sent");
    expect(transactionTitle(txn({ senderId: "ada-id", recipientId: ME }), ME)).toBe("Money received");
    expect(transactionTitle(txn({ type: "TOPUP", recipientId: null, counterparty: null }), ME)).toBe("Deposit");
    expect(transactionTitle(txn({ type: "REQUEST_PAYMENT" }), ME)).toBe("Paid a money request");
    expect(transactionTitle(txn({ type: "SPLIT_PAYMENT", senderId: "ada-id", recipientId: ME }), ME)).toBe("Bill-split share received");
  });

  test("the other party by name, never by id", () => {
    expect(counterpartyLine(txn({}), ME)).toBe("To Ada Lovelace");
    expect(counterpartyLine(txn({ senderId: "ada-id", recipientId: ME }), ME)).toBe("From Ada Lovelace");
    expect(counterpartyLine(txn({ type: "TOPUP", recipientId: null, counterparty: null }), ME)).toBe("Added to your wallet");
    expect(counterpartyName({ id: "x", name: null, email: "bo@example.com" })).toBe("bo@example.com");
    expect(counterpartyName({ id: "x", name: null, email: null })).toBe("Name unavailable");
    expect(counterpartyName(undefined)).toBe("Name unavailable");
  });

  test("status in words, with held for review told apart from pending", () => {
    expect(statusBadge({ status: "PENDING", statusReason: "FRAUD_REVIEW" })).toEqual({ label: "Held for review", tone: "warning" });
    expect(statusBadge({ status: "PENDING", statusReason: null })).toEqual({ label: "Pending", tone: "warning" });
    expect(statusBadge({ status: "FAILED", statusReason: "INSUFFICIENT_FUNDS" })).toEqual({ label: "Failed", tone: "danger" });
    expect(statusBadge({ status: "REVERSED", statusReason: "ADMIN_REVERSAL" }).label).toBe("Reversed");
  });
});

describe("the status history in words", () => {
  const at = "2026-03-03T12:00:00.000Z";
  test("held, approved, blocked, reversed", () => {
    expect(stepText({ step: "HELD", status: "PENDING", at, reason: "FRAUD_REVIEW" }, "sent").title).toBe("Held for review");
    expect(stepText({ step: "COMPLETED", status: "COMPLETED", at, reason: "REVIEW_APPROVED" }, "sent").title).toBe("Approved after review");
    expect(stepText({ step: "COMPLETED", status: "COMPLETED", at, reason: null }, "received")).toEqual({ title: "Completed", text: null });
    expect(stepText({ step: "CANCELLED", status: "CANCELLED", at, reason: "REVIEW_BLOCKED" }, "sent").title).toBe("Blocked after review");
    expect(stepText({ step: "FAILED", status: "FAILED", at, reason: "FRAUD_BLOCK" }, "sent")).toEqual({ title: "Declined", text: "Declined by fraud screening. No money was sent." });
    expect(stepText({ step: "REVERSED", status: "REVERSED", at, reason: "ADMIN_REVERSAL" }, "sent").text).toStartWith("The money is back in your wallet.");
    expect(stepText({ step: "REVERSED", status: "REVERSED", at, reason: null }, "received").text).toBe("The money was taken back from your wallet.");
  });

  test("processing shows only while it is the current step", () => {
    const step = (name: string) => ({ step: name, status: name, at, reason: null });
    expect(visibleSteps([step("CREATED"), step("PROCESSING"), step("COMPLETED")]).map((s) => s.step)).toEqual(["CREATED", "COMPLETED"]);
    expect(visibleSteps([step("CREATED"), step("PROCESSING")]).map((s) => s.step)).toEqual(["CREATED", "PROCESSING"]);
  });
});

describe("a list row", () => {
  test("everything the row shows, worked out for the viewer and their zone", () => {
    const sent = transactionRowView({ ...txn({ description: "Pizza" }), id: "t1", createdAt: "2026-03-03T20:04:00.000Z" }, ME, "America/New_York", "time");
    expect(sent).toEqual({
      id: "t1",
      flow: "sent",
      flowLabel: "Sent",
      title: "Pizza",
      party: "To Ada Lovelace",
      at: "2026-03-03T20:04:00.000Z",
      when: "3:04 PM",
      status: { label: "Completed", tone: "success" },
      amount: "−$12.34",
      direction: "out",
      void: false,
    });
    const failed = transactionRowView({ ...txn({ senderId: "ada-id", recipientId: ME, status: "CANCELLED" }), id: "t2", createdAt: "2026-03-03T20:04:00.000Z" }, ME, "UTC");
    expect([failed.amount, failed.direction, failed.void, failed.when]).toEqual(["+$12.34", "in", true, "Mar 3, 2026, 8:04 PM"]);
  });
});

describe("the detail panel", () => {
  test("a held transfer that was approved: names, amounts, and each step in words with its time", () => {
    const view = transactionDetailView(
      {
        ...txn({ description: "Rent share", statusReason: "REVIEW_APPROVED" }),
        id: "t1",
        createdAt: "2026-03-03T20:04:00.000Z",
        completedAt: "2026-03-03T21:00:00.000Z",
        category: "UTILITIES",
        merchant: null,
        history: [
          { step: "CREATED", status: "PENDING", at: "2026-03-03T20:04:00.000Z", reason: null },
          { step: "HELD", status: "PENDING", at: "2026-03-03T20:04:01.000Z", reason: "FRAUD_REVIEW" },
          { step: "COMPLETED", status: "COMPLETED", at: "2026-03-03T21:00:00.000Z", reason: "REVIEW_APPROVED" },
        ],
      },
      ME,
      "America/New_York",
    );
    expect(view).toMatchObject({
      title: "Rent share",
      amount: "−$12.34",
      status: { label: "Completed", tone: "success" },
      statusText: "A reviewer approved it and the money was sent.",
      party: { role: "To", name: "Ada Lovelace", email: "ada@example.com" },
      type: "Transfer",
      category: "Utilities",
      note: "Rent share",
      created: { when: "Mar 3, 2026, 3:04 PM" },
    });
    expect(view.steps.map((s) => [s.title, s.when])).toEqual([
      ["Created", "Mar 3, 2026, 3:04 PM"],
      ["Held for review", "Mar 3, 2026, 3:04 PM"],
      ["Approved after review", "Mar 3, 2026, 4:00 PM"],
    ]);
    // What the hold meant stays under its step; the current state's explanation is shown once, above.
    expect(view.steps.map((s) => s.text)).toEqual([null, "Our fraud screening holds the money in your wallet until a reviewer decides. It has not been sent yet.", null]);
  });

  test("a deposit has no other party; a plain completed one needs no explanation", () => {
    const view = transactionDetailView(
      { ...txn({ type: "TOPUP", recipientId: null, counterparty: null }), id: "t2", createdAt: "2026-03-03T20:04:00.000Z", completedAt: "2026-03-03T20:04:00.000Z", category: null, merchant: null, history: [{ step: "CREATED", status: "PENDING", at: "2026-03-03T20:04:00.000Z", reason: null }, { step: "COMPLETED", status: "COMPLETED", at: "2026-03-03T20:04:00.000Z", reason: null }] },
      ME,
      "UTC",
    );
    expect([view.party, view.statusText, view.category, view.note, view.amount]).toEqual([null, null, null, null, "+$12.34"]);
  });
});
