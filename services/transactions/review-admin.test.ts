import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { eventually } from "../../shared/testing/wait.ts";
import { startMoneyMesh, type MoneyMesh, type MoneyUser } from "../../tests/harness/money.ts";
import { transactions } from "./db/schema.ts";
import { adminId, db, eventsOf, expectProblem, rpcFailure, txnRow } from "./test-support.ts";

setDefaultTimeout(60_000);

let mesh: MoneyMesh;
let alice: MoneyUser;
beforeAll(async () => {
  mesh = await startMoneyMesh();
  alice = await mesh.user({ balance: 200_000, name: "Alice" });
}, 180_000);
afterAll(() => mesh?.stop());

/** A transfer to someone Alice never paid, above $200: the new-recipient rule sends it to review. */
async function heldTransfer(amount = 30_000) {
  const stranger = await mesh.user();
  const key = crypto.randomUUID();
  const res = await mesh.transfer(alice, { recipientId: stranger.id, amount, description: "suspicious?" }, key);
  expect(res.status).toBe(202);
  return { stranger, key, res };
}

describe("fraud REVIEW holds the funds until a reviewer decides", () => {
  test("202 PENDING/FRAUD_REVIEW: available balance reserved, nothing moved, transaction.held", async () => {
    const before = await mesh.balance(alice.id);
    const { stranger, key, res } = await heldTransfer();
    expect(res.body).toMatchObject({ status: "PENDING", statusReason: "FRAUD_REVIEW", fraudDecision: "REVIEW", completedAt: null });
    expect(res.body.fraudScore).toBeGreaterThanOrEqual(50);
    const after = await mesh.balance(alice.id);
    expect(after.balance).toBe(before.balance);
    expect(after.availableBalance).toBe(before.availableBalance - 30_000);
    expect((await mesh.balance(stranger.id)).balance).toBe(0);
    const events = await eventsOf(mesh, res.body.id);
    expect(events.map((e) => e.type)).toEqual(["transaction.created", "transaction.held"]);
    expect(events[1]!.envelope.data.rulesFired.map((r: any) => r.rule)).toContain("new_recipient_large");
    const replay = await mesh.transfer(alice, { recipientId: stranger.id, amount: 30_000, description: "suspicious?" }, key);
    expect(replay.status).toBe(202);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    // A held transfer is not stuck: the sweeper leaves it to the reviewer.
    expect((await txnRow(mesh, res.body.id))!.heldAt).not.toBeNull();
  });

  test("a REVIEW transfer whose funds cannot be held fails, and its case leaves the review queue, CLOSED", async () => {
    const poor = await mesh.user({ balance: 1_000, name: "Poor" });
    const stranger = await mesh.user();
    const res = await mesh.transfer(poor, { recipientId: stranger.id, amount: 30_000 }, crypto.randomUUID());
    await expectProblem(res, 422, "INSUFFICIENT_FUNDS");
    const row = (await txnRow(mesh, res.body.transactionId))!;
    expect(row).toMatchObject({ status: "FAILED", fraudDecision: "REVIEW" });
    const closed = await eventually(async () => {
      const c = await mesh.rpc.fraud.getCase({ caseId: row.fraudCaseId! });
      return c.status === "CLOSED" ? c : undefined;
    }, { what: "case closed" });
    expect(closed).toMatchObject({ outcome: null, reviewedBy: null });
    const queue = await mesh.rpc.fraud.listQueue({ limit: 100, offset: 0 });
    expect(queue.items.map((c) => c.caseId)).not.toContain(closed.caseId);
    const refused = await rpcFailure(mesh.rpc.fraud.review({ caseId: closed.caseId, adminId: adminId(), outcome: "APPROVE" }));
    expect(refused.code).toBe("FAILED_PRECONDITION");
  });

  test("approveHeld captures: COMPLETED, money moved, idempotent", async () => {
    const { stranger, res } = await heldTransfer(25_000);
    const before = await mesh.balance(alice.id);
    const admin = adminId();
    const approved = await mesh.rpc.transactions.approveHeld({ transactionId: res.body.id, adminId: admin });
    expect(approved).toMatchObject({ status: "COMPLETED", statusReason: "REVIEW_APPROVED", fraudDecision: "REVIEW" });
    expect((await mesh.balance(alice.id)).balance).toBe(before.balance - 25_000);
    expect((await mesh.balance(alice.id)).availableBalance).toBe(before.availableBalance);
    expect((await mesh.balance(stranger.id)).balance).toBe(25_000);
    expect(await mesh.rpc.transactions.approveHeld({ transactionId: res.body.id, adminId: admin })).toEqual(approved);
    const events = await eventsOf(mesh, res.body.id);
    expect(events.map((e) => e.type)).toEqual(["transaction.created", "transaction.held", "transaction.completed"]);
    expect(events[2]!.envelope.data.fraudDecision).toBe("REVIEW");
    expect((await rpcFailure(mesh.rpc.transactions.blockHeld({ transactionId: res.body.id, adminId: admin }))).code).toBe("FAILED_PRECONDITION");
  });

  test("blockHeld releases: CANCELLED, funds available again, nothing moved, idempotent", async () => {
    const before = await mesh.balance(alice.id);
    const { stranger, res } = await heldTransfer(21_000);
    const admin = adminId();
    const blocked = await mesh.rpc.transactions.blockHeld({ transactionId: res.body.id, adminId: admin, reason: "mule account" });
    expect(blocked).toMatchObject({ status: "CANCELLED", statusReason: "REVIEW_BLOCKED" });
    expect(await mesh.balance(alice.id)).toEqual(before);
    expect((await mesh.balance(stranger.id)).balance).toBe(0);
    expect(await mesh.rpc.transactions.blockHeld({ transactionId: res.body.id, adminId: admin })).toEqual(blocked);
    const events = await eventsOf(mesh, res.body.id);
    expect(events.map((e) => e.type)).toEqual(["transaction.created", "transaction.held", "transaction.cancelled"]);
    expect(events[2]!.envelope.data.reason).toContain("mule account");
    expect((await rpcFailure(mesh.rpc.transactions.approveHeld({ transactionId: res.body.id, adminId: admin }))).code).toBe("FAILED_PRECONDITION");
  });

  test("a reviewer's decision in the fraud service settles the transfer through this service", async () => {
    const { stranger, res } = await heldTransfer(22_000);
    const queue = await mesh.rpc.fraud.listQueue({ limit: 100 });
    const fraudCase = queue.items.find((c) => c.transactionId === res.body.id);
    expect(fraudCase).toBeDefined();
    await mesh.rpc.fraud.review({ caseId: fraudCase!.caseId, adminId: adminId(), outcome: "APPROVE" });
    await eventually(async () => (await txnRow(mesh, res.body.id))!.status === "COMPLETED", { what: "the approved transfer to complete" });
    expect((await mesh.balance(stranger.id)).balance).toBe(22_000);
  });
});

describe("fraud BLOCK", () => {
  test("403 with the reason, FAILED, money untouched, transaction.fraud_blocked, allowance given back", async () => {
    const sanctioned = await mesh.user();
    await mesh.rpc.fraud.sanctionsAdd({ userId: sanctioned.id, reason: "test listing", adminId: adminId() });
    const before = await mesh.balance(alice.id);
    const res = await mesh.transfer(alice, { recipientId: sanctioned.id, amount: 1_000 });
    await expectProblem(res, 403, "PERMISSION_DENIED");
    expect(res.body.detail).toStartWith("Transaction blocked: ");
    expect(res.body.detail).toContain("sanction");
    expect(await mesh.balance(alice.id)).toEqual(before);
    expect((await mesh.balance(sanctioned.id)).balance).toBe(0);
    const row = await txnRow(mesh, res.body.transactionId);
    expect(row).toMatchObject({ status: "FAILED", statusReason: "FRAUD_BLOCK", fraudDecision: "BLOCK" });
    expect((await eventsOf(mesh, row!.id)).map((e) => e.type)).toEqual(["transaction.created", "transaction.fraud_blocked"]);
    expect((await mesh.rpc.wallet.getSettlement({ transactionId: row!.id })).movements).toEqual([]);
  });
});

describe("admin reverse", () => {
  test("COMPLETED → REVERSED: compensating entries, transaction.reversed by the admin, idempotent", async () => {
    const bob = await mesh.user();
    const sent = await mesh.transfer(alice, { recipientId: bob.id, amount: 4_000 });
    const before = await mesh.balance(alice.id);
    const admin = adminId();
    const reversed = await mesh.rpc.transactions.reverse({ transactionId: sent.body.id, adminId: admin, reason: "customer dispute" });
    expect(reversed).toMatchObject({ status: "REVERSED", statusReason: "ADMIN_REVERSAL" });
    expect((await mesh.balance(alice.id)).balance).toBe(before.balance + 4_000);
    expect((await mesh.balance(bob.id)).balance).toBe(0);
    expect(await mesh.rpc.transactions.reverse({ transactionId: sent.body.id, adminId: admin, reason: "customer dispute" })).toEqual(reversed);
    const [event] = (await eventsOf(mesh, sent.body.id)).filter((e) => e.type === "transaction.reversed");
    expect(event!.envelope).toMatchObject({ actorId: admin, data: { reason: "customer dispute", reversedBy: admin, forced: false } });
    expect(new Set(event!.envelope.subjectUserIds)).toEqual(new Set([alice.id, bob.id]));
  });

  test("when the payee spent the money: INSUFFICIENT_FUNDS unless forced, then the payee owes it", async () => {
    const bob = await mesh.user();
    const carol = await mesh.user();
    const sent = await mesh.transfer(alice, { recipientId: bob.id, amount: 3_000 });
    expect((await mesh.transfer(bob, { recipientId: carol.id, amount: 2_500 })).status).toBe(201);
    const refused = await rpcFailure(mesh.rpc.transactions.reverse({ transactionId: sent.body.id, adminId: adminId(), reason: "fraud" }));
    expect(refused.code).toBe("INSUFFICIENT_FUNDS");
    expect((await txnRow(mesh, sent.body.id))!.status).toBe("COMPLETED");
    const forced = await mesh.rpc.transactions.reverse({ transactionId: sent.body.id, adminId: adminId(), reason: "fraud", force: true });
    expect(forced.status).toBe("REVERSED");
    expect((await mesh.balance(bob.id)).balance).toBe(-2_500);
  });

  test("only a COMPLETED transaction can be reversed", async () => {
    const { res } = await heldTransfer(20_001);
    expect((await rpcFailure(mesh.rpc.transactions.reverse({ transactionId: res.body.id, adminId: adminId(), reason: "x" }))).code).toBe("FAILED_PRECONDITION");
    expect((await rpcFailure(mesh.rpc.transactions.reverse({ transactionId: crypto.randomUUID(), adminId: adminId(), reason: "x" }))).code).toBe("NOT_FOUND");
  });
});

describe("admin force-complete", () => {
  async function stuck(status: "PENDING" | "PROCESSING", recipientId: string, amount: number) {
    const id = Bun.randomUUIDv7();
    await db(mesh).insert(transactions).values({ id, type: "TRANSFER", status, senderId: alice.id, recipientId, amount, fraudDecision: status === "PROCESSING" ? "ALLOW" : null, fraudScore: 0 });
    return id;
  }

  test("money moved → COMPLETED (nothing moves again); nothing moved → FAILED", async () => {
    const bob = await mesh.user();
    const moved = await stuck("PROCESSING", bob.id, 700);
    await mesh.rpc.wallet.transfer({ fromUserId: alice.id, toUserId: bob.id, amount: 700, transactionId: moved });
    const before = await mesh.balance(alice.id);
    const completed = await mesh.rpc.transactions.forceComplete({ transactionId: moved, adminId: adminId() });
    expect(completed.status).toBe("COMPLETED");
    expect(await mesh.balance(alice.id)).toEqual(before);
    expect((await eventsOf(mesh, moved)).map((e) => e.type)).toEqual(["transaction.completed"]);
    expect((await mesh.rpc.transactions.forceComplete({ transactionId: moved, adminId: adminId() })).status).toBe("COMPLETED");

    const nothing = await stuck("PENDING", bob.id, 800);
    const failed = await mesh.rpc.transactions.forceComplete({ transactionId: nothing, adminId: adminId() });
    expect(failed).toMatchObject({ status: "FAILED", statusReason: "NOT_SETTLED" });
    expect(await mesh.balance(alice.id)).toEqual(before);
  });

  test("the reason goes into the status detail; a transaction whose released hold cancelled it stays CANCELLED on a repeat", async () => {
    const bob = await mesh.user();
    const nothing = await stuck("PROCESSING", bob.id, 900);
    const failed = await mesh.rpc.transactions.forceComplete({ transactionId: nothing, adminId: adminId(), reason: "stuck since the outage" });
    expect((await txnRow(mesh, failed.id))!.statusDetail).toContain("stuck since the outage");

    const released = await stuck("PENDING", bob.id, 1_000);
    await mesh.rpc.wallet.hold({ fromUserId: alice.id, toUserId: bob.id, amount: 1_000, transactionId: released });
    await mesh.rpc.wallet.release({ transactionId: released });
    const cancelled = await mesh.rpc.transactions.forceComplete({ transactionId: released, adminId: adminId() });
    expect(cancelled).toMatchObject({ status: "CANCELLED", statusReason: "HOLD_RELEASED" });
    expect(await mesh.rpc.transactions.forceComplete({ transactionId: released, adminId: adminId() })).toEqual(cancelled);
  });

  test("a held transfer is for the reviewer: FAILED_PRECONDITION", async () => {
    const { res } = await heldTransfer(20_002);
    const err = await rpcFailure(mesh.rpc.transactions.forceComplete({ transactionId: res.body.id, adminId: adminId() }));
    expect(err.code).toBe("FAILED_PRECONDITION");
    expect(err.message).toContain("approveHeld");
    expect((await txnRow(mesh, res.body.id))!.status).toBe("PENDING");
  });
});

describe("admin list and get", () => {
  test("list filters by user (either side), type and status; get finds any transaction", async () => {
    const dave = await mesh.user({ balance: 1_000 });
    const sent = await mesh.transfer(dave, { recipientId: alice.id, amount: 600 });
    const all = await mesh.rpc.transactions.list({ userId: dave.id });
    expect(all.items.map((t) => t.type)).toEqual(["TRANSFER", "TOPUP"]);
    expect(all.nextCursor).toBeNull();
    expect((await mesh.rpc.transactions.list({ userId: dave.id, type: "TOPUP" })).items).toHaveLength(1);
    expect((await mesh.rpc.transactions.list({ userId: dave.id, status: "FAILED" })).items).toHaveLength(0);
    const page = await mesh.rpc.transactions.list({ limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    expect((await mesh.rpc.transactions.list({ limit: 1, cursor: page.nextCursor! })).items[0]!.id).not.toBe(page.items[0]!.id);
    expect(await mesh.rpc.transactions.get({ transactionId: sent.body.id })).toMatchObject({ id: sent.body.id, fraudDecision: "ALLOW" });
  });

  test("bad input is refused, unknown ids are NOT_FOUND", async () => {
    expect((await rpcFailure(mesh.rpc.transactions.get({ transactionId: crypto.randomUUID() }))).code).toBe("NOT_FOUND");
    expect((await rpcFailure(mesh.rpc.transactions.get({ transactionId: "x'; drop table transactions;--" }))).code).toBe("NOT_FOUND");
    expect((await rpcFailure(mesh.rpc.transactions.list({ cursor: "garbage" }))).code).toBe("INVALID_ARGUMENT");
    expect((await rpcFailure(mesh.rpc.transactions.list({ limit: 500 }))).code).toBe("INVALID_ARGUMENT");
    expect((await rpcFailure(mesh.rpc.transactions.list({ minAmount: 10, maxAmount: 5 }))).code).toBe("INVALID_ARGUMENT");
    expect((await rpcFailure(mesh.rpc.transactions.reverse({ transactionId: crypto.randomUUID(), adminId: adminId(), reason: "" }))).code).toBe("INVALID_ARGUMENT");
  });
});

describe("back office", () => {
  test("getDetail: the status history of a held, approved, then reversed transfer, with the reversing admin", async () => {
    const { res } = await heldTransfer(20_003);
    const admin = adminId();
    await mesh.rpc.transactions.approveHeld({ transactionId: res.body.id, adminId: admin });
    await mesh.rpc.transactions.reverse({ transactionId: res.body.id, adminId: admin, reason: "confirmed fraud", force: true });
    const detail = await mesh.rpc.transactions.getDetail({ transactionId: res.body.id });
    expect(detail.transaction).toMatchObject({ id: res.body.id, status: "REVERSED", statusReason: "ADMIN_REVERSAL" });
    expect(detail).toMatchObject({ statusDetail: "confirmed fraud", reversedBy: admin });
    expect(detail.history.map((s) => [s.step, s.status, s.reason])).toEqual([
      ["CREATED", "PENDING", null],
      ["HELD", "PENDING", "FRAUD_REVIEW"],
      ["COMPLETED", "COMPLETED", null],
      ["REVERSED", "REVERSED", "ADMIN_REVERSAL"],
    ]);
    expect(detail.history.at(-1)).toMatchObject({ detail: "confirmed fraud", by: admin });
    expect((await rpcFailure(mesh.rpc.transactions.getDetail({ transactionId: crypto.randomUUID() }))).code).toBe("NOT_FOUND");
  });

  test("stats: transfers and volume since a moment, and what waits for a reviewer now", async () => {
    const since = new Date().toISOString();
    const before = await mesh.rpc.transactions.stats({ since });
    const erin = await mesh.user({ balance: 2_000 });
    const frank = await mesh.user();
    expect((await mesh.transfer(erin, { recipientId: frank.id, amount: 700 })).status).toBe(201);
    expect((await mesh.transfer(erin, { recipientId: frank.id, amount: 5_000 })).status).toBe(422);
    await heldTransfer(20_004);
    const after = await mesh.rpc.transactions.stats({ since });
    expect(after.since).toBe(since);
    expect(after.transfers - before.transfers).toBe(3);
    expect(after.completedTransfers - before.completedTransfers).toBe(1);
    expect(after.transferVolumeCents - before.transferVolumeCents).toBe(700);
    expect(after.topups - before.topups).toBe(1);
    expect(after.topupVolumeCents - before.topupVolumeCents).toBe(2_000);
    expect(after.heldForReview - before.heldForReview).toBe(1);
  });
});

describe("a party reads what happened to a held transfer", () => {
  test("GET /{id}: the sender sees held, approved and reversed with times and reasons; the recipient sees the steps without the screening; neither sees the admin", async () => {
    const { stranger, res } = await heldTransfer(26_000);
    const held = await mesh.get(alice, res.body.id);
    expect(held.status).toBe(200);
    expect(held.body.history.map((s: any) => [s.step, s.reason])).toEqual([["CREATED", null], ["HELD", "FRAUD_REVIEW"]]);

    const admin = adminId();
    await mesh.rpc.transactions.approveHeld({ transactionId: res.body.id, adminId: admin });
    await mesh.rpc.transactions.reverse({ transactionId: res.body.id, adminId: admin, reason: "confirmed fraud", force: true });
    const row = (await txnRow(mesh, res.body.id))!;

    const sender = await mesh.get(alice, res.body.id);
    expect(sender.body.history).toEqual([
      { status: "PENDING", step: "CREATED", at: row.createdAt.toISOString(), reason: null },
      { status: "PENDING", step: "HELD", at: row.heldAt!.toISOString(), reason: "FRAUD_REVIEW" },
      { status: "COMPLETED", step: "COMPLETED", at: row.completedAt!.toISOString(), reason: "REVIEW_APPROVED" },
      { status: "REVERSED", step: "REVERSED", at: row.updatedAt.toISOString(), reason: "ADMIN_REVERSAL" },
    ]);
    const recipient = await mesh.get(stranger, res.body.id);
    expect(recipient.body.history.map((s: any) => [s.step, s.reason])).toEqual([["CREATED", null], ["COMPLETED", null], ["REVERSED", null]]);
    for (const answer of [sender, recipient]) {
      expect(JSON.stringify(answer.body)).not.toContain(admin);
      expect(JSON.stringify(answer.body)).not.toContain("confirmed fraud");
    }
  });

  test("a blocked hold: the sender reads held then cancelled after review", async () => {
    const { res } = await heldTransfer(27_000);
    await mesh.rpc.transactions.blockHeld({ transactionId: res.body.id, adminId: adminId(), reason: "looks like a scam" });
    const read = await mesh.get(alice, res.body.id);
    expect(read.body.status).toBe("CANCELLED");
    expect(read.body.history.map((s: any) => [s.step, s.reason])).toEqual([["CREATED", null], ["HELD", "FRAUD_REVIEW"], ["CANCELLED", "REVIEW_BLOCKED"]]);
    expect(JSON.stringify(read.body)).not.toContain("looks like a scam");
  });
});
