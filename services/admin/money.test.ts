import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { eventually } from "../../shared/testing/wait.ts";
import type { MoneyUser } from "../../tests/harness/money.ts";
import { transactions } from "../transactions/db/schema.ts";
import { expectProblem, newTrace, startAdminStack, TRACE_UI, type AdminStack } from "./test-support.ts";

setDefaultTimeout(60_000);

let s: AdminStack;
let ann: MoneyUser;
beforeAll(async () => {
  s = await startAdminStack();
  ann = await s.mesh.user({ balance: 150_000, name: "Ann Sender" });
}, 180_000);
afterAll(() => s?.stop());

const ledgerOk = async () => expect(await s.mesh.rpc.wallet.verify({})).toMatchObject({ ok: true, problems: [] });

/** A transfer to someone Ann never paid, above $200: the fraud engine holds it for review. */
async function heldTransfer(amount: number) {
  const stranger = await s.mesh.user({ name: "Stranger" });
  const res = await s.mesh.transfer(ann, { recipientId: stranger.id, amount });
  expect(res.status).toBe(202);
  return { stranger, transactionId: res.body.id as string };
}

describe("transactions", () => {
  test("the list filters by user, type, status and amount, names both parties and pages", async () => {
    const ben = await s.mesh.user({ name: "Ben Payee" });
    const sent = await s.mesh.transfer(ann, { recipientId: ben.id, amount: 1_500, description: "concert tickets" });
    const mine = await s.get(`/admin/transactions?userId=${ben.id}`);
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({ id: sent.body.id, amount: 1_500, sender: { id: ann.id, name: "Ann Sender" }, recipient: { id: ben.id, name: "Ben Payee", email: ben.email } });
    expect((await s.get(`/admin/transactions?userId=${ben.id}&type=TOPUP`)).body.items).toEqual([]);
    expect((await s.get(`/admin/transactions?userId=${ann.id}&minAmount=1500&maxAmount=1500&status=COMPLETED`)).body.items.map((t: any) => t.id)).toEqual([sent.body.id]);
    expect((await s.get(`/admin/transactions?q=concert&from=${new Date().toISOString().slice(0, 10)}&to=${new Date().toISOString().slice(0, 10)}`)).body.items.map((t: any) => t.id)).toContain(sent.body.id);
    const page = await s.get(`/admin/transactions?userId=${ann.id}&limit=1`);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    expect((await s.get(`/admin/transactions?userId=${ann.id}&limit=1&cursor=${encodeURIComponent(page.body.nextCursor)}`)).body.items[0].id).not.toBe(page.body.items[0].id);
  });

  test("one transaction: status history, balanced ledger movements with names, its events with trace links", async () => {
    const cid = await s.mesh.user({ name: "Cid" });
    const trace = newTrace();
    const sent = await s.mesh.transfer(ann, { recipientId: cid.id, amount: 2_000 }, crypto.randomUUID(), { traceparent: trace.traceparent });
    const detail = await eventually(async () => {
      const r = await s.get(`/admin/transactions/${sent.body.id}`);
      return r.body.events?.some((e: any) => e.type === "transaction.completed") ? r : undefined;
    }, { what: "the transfer's events in the audit log" });
    expect(detail.body.transaction).toMatchObject({ status: "COMPLETED", sender: { name: "Ann Sender" }, recipient: { name: "Cid" } });
    expect(detail.body.history.map((h: any) => h.step)).toEqual(["CREATED", "PROCESSING", "COMPLETED"]);
    const [movement] = detail.body.ledger;
    expect(movement).toMatchObject({ kind: "TRANSFER", amountCents: 2_000 });
    expect(movement.entries.map((e: any) => [e.account.id, e.deltaCents])).toEqual([[ann.id, -2_000], [cid.id, 2_000]]);
    expect(detail.body.traceUrl).toBe(`${TRACE_UI}/trace/${trace.traceId}`);
    expect(detail.body.events[0]).toMatchObject({ type: "transaction.created", traceId: trace.traceId, actor: { id: ann.id } });
    expect(detail.body.pendingAction).toBeNull();
    expectProblem(await s.get(`/admin/transactions/${crypto.randomUUID()}`), 404, "NOT_FOUND");
  });

  test("reverse a completed transfer: both balances back, the ledger still proves itself, one audit entry with the reason", async () => {
    const dee = await s.mesh.user();
    const sent = await s.mesh.transfer(ann, { recipientId: dee.id, amount: 3_000 });
    const before = await s.mesh.balance(ann.id);
    const trace = newTrace();
    const res = await s.post(`/admin/transactions/${sent.body.id}/reverse`, { reason: "customer dispute" }, s.alice.token, { traceparent: trace.traceparent });
    expect(res.status).toBe(200);
    expect(res.body.transaction).toMatchObject({ id: sent.body.id, status: "REVERSED", recipient: { id: dee.id } });
    expect((await s.mesh.balance(ann.id)).balance).toBe(before.balance + 3_000);
    expect((await s.mesh.balance(dee.id)).balance).toBe(0);
    await ledgerOk();
    const [entry, ...more] = await s.entries("admin.transaction_reversed", { transactionId: sent.body.id });
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actorId: s.alice.id, traceId: trace.traceId, subjectUserIds: [ann.id, dee.id], payload: { reason: "customer dispute", force: false, amount: 3_000, approval: null } });
    // Asked again: nothing moves, nothing more is recorded.
    expect((await s.post(`/admin/transactions/${sent.body.id}/reverse`, { reason: "customer dispute" })).status).toBe(200);
    expect((await s.mesh.rpc.wallet.getLedger({ transactionId: sent.body.id })).movements.map((m) => m.kind)).toEqual(["TRANSFER", "REVERSAL"]);
    expect(await s.entries("admin.transaction_reversed", { transactionId: sent.body.id })).toHaveLength(1);
  });

  test("when the payee spent the money: 422 unless forced, then the payee owes it", async () => {
    const eve = await s.mesh.user();
    const sink = await s.mesh.user();
    const sent = await s.mesh.transfer(ann, { recipientId: eve.id, amount: 2_500 });
    expect((await s.mesh.transfer(eve, { recipientId: sink.id, amount: 2_000 })).status).toBe(201);
    expectProblem(await s.post(`/admin/transactions/${sent.body.id}/reverse`, { reason: "fraud" }), 422, "INSUFFICIENT_FUNDS");
    const forced = await s.post(`/admin/transactions/${sent.body.id}/reverse`, { reason: "fraud", force: true });
    expect(forced.body.transaction.status).toBe("REVERSED");
    expect(await s.mesh.rpc.wallet.getWallet({ userId: eve.id })).toMatchObject({ balance: -2_000, owedAmount: 2_000 });
    await ledgerOk();
  });

  test("a reversal asked twice at once moves the money back once and is recorded once", async () => {
    const fin = await s.mesh.user();
    const sent = await s.mesh.transfer(ann, { recipientId: fin.id, amount: 1_000 });
    const before = await s.mesh.balance(ann.id);
    const both = await Promise.all([s.post(`/admin/transactions/${sent.body.id}/reverse`, { reason: "dup" }), s.post(`/admin/transactions/${sent.body.id}/reverse`, { reason: "dup" }, s.bob.token)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect((await s.mesh.balance(ann.id)).balance).toBe(before.balance + 1_000);
    expect((await s.mesh.rpc.wallet.getLedger({ transactionId: sent.body.id })).movements.map((m) => m.kind)).toEqual(["TRANSFER", "REVERSAL"]);
    expect(await s.entries("admin.transaction_reversed", { transactionId: sent.body.id })).toHaveLength(1);
    await ledgerOk();
  });
});

describe("force-complete asks the wallet what happened", () => {
  async function stuck(status: "PENDING" | "PROCESSING", recipientId: string, amount: number) {
    const id = Bun.randomUUIDv7();
    await s.mesh.transactions.ctx.db.insert(transactions).values({ id, type: "TRANSFER", status, senderId: ann.id, recipientId, amount, fraudDecision: "ALLOW", fraudScore: 0 });
    return id;
  }

  test("stuck after the wallet moved the money: COMPLETED, nothing moves again", async () => {
    const gil = await s.mesh.user();
    const id = await stuck("PROCESSING", gil.id, 700);
    await s.mesh.rpc.wallet.transfer({ fromUserId: ann.id, toUserId: gil.id, amount: 700, transactionId: id });
    const before = await s.mesh.balance(ann.id);
    const res = await s.post(`/admin/transactions/${id}/force-complete`, { reason: "stuck since the outage" });
    expect(res.status).toBe(200);
    expect(res.body.transaction).toMatchObject({ status: "COMPLETED" });
    expect(await s.mesh.balance(ann.id)).toEqual(before);
    expect((await s.mesh.balance(gil.id)).balance).toBe(700);
    const [entry] = await s.entries("admin.transaction_force_completed", { transactionId: id });
    expect(entry).toMatchObject({ actorId: s.alice.id, payload: { outcome: "COMPLETED", reason: "stuck since the outage" } });
    await ledgerOk();
  });

  test("stuck before the wallet moved anything: FAILED, nothing moves; twice at once is once", async () => {
    const hap = await s.mesh.user();
    const id = await stuck("PENDING", hap.id, 800);
    const before = await s.mesh.balance(ann.id);
    const both = await Promise.all([s.post(`/admin/transactions/${id}/force-complete`, { reason: "abandoned" }), s.post(`/admin/transactions/${id}/force-complete`, { reason: "abandoned" }, s.bob.token)]);
    expect(both.map((r) => [r.status, r.body.transaction.status])).toEqual([
      [200, "FAILED"],
      [200, "FAILED"],
    ]);
    expect(await s.mesh.balance(ann.id)).toEqual(before);
    expect((await s.mesh.balance(hap.id)).balance).toBe(0);
    expect(await s.entries("admin.transaction_force_completed", { transactionId: id })).toHaveLength(1);
  });

  test("a transfer held for review is the reviewer's: 409", async () => {
    const { transactionId } = await heldTransfer(20_500);
    expectProblem(await s.post(`/admin/transactions/${transactionId}/force-complete`, { reason: "x" }), 409, "FAILED_PRECONDITION");
  });
});

describe("fraud review", () => {
  test("the queue names both parties; the case shows the transfer and the sender's recent history", async () => {
    const { stranger, transactionId } = await heldTransfer(21_000);
    const queue = await s.get(`/admin/fraud/queue?limit=100`);
    expect(queue.status).toBe(200);
    const entry = queue.body.items.find((c: any) => c.transactionId === transactionId);
    expect(entry).toMatchObject({ sender: { id: ann.id, name: "Ann Sender" }, recipient: { id: stranger.id }, amount: 21_000, waitingSeconds: expect.any(Number) });
    expect(entry.score).toBeGreaterThanOrEqual(50);
    expect(entry.rulesFired.map((r: any) => r.rule)).toContain("new_recipient_large");
    expect(queue.body.total).toBeGreaterThanOrEqual(1);
    const detail = await s.get(`/admin/fraud/cases/${entry.caseId}`);
    expect(detail.body.case).toMatchObject({ caseId: entry.caseId, status: "OPEN", sender: { id: ann.id } });
    expect(detail.body.transaction).toMatchObject({ id: transactionId, status: "PENDING", statusReason: "FRAUD_REVIEW" });
    expect(detail.body.senderHistory.map((t: any) => t.id)).toContain(transactionId);
    expect(detail.body.senderHistory[0]).toMatchObject({ direction: "OUT" });
    expectProblem(await s.get(`/admin/fraud/cases/${crypto.randomUUID()}`), 404, "NOT_FOUND");
  });

  test("approve: the held funds are captured, the transfer completes, the case leaves the queue; twice at once is once", async () => {
    const { stranger, transactionId } = await heldTransfer(22_000);
    const caseId = (await s.mesh.rpc.fraud.listQueue({ limit: 100 })).items.find((c) => c.transactionId === transactionId)!.caseId;
    const before = await s.mesh.balance(ann.id);
    const both = await Promise.all([
      s.post(`/admin/fraud/cases/${caseId}/approve`, { notes: "known landlord" }),
      s.post(`/admin/fraud/cases/${caseId}/approve`, { notes: "known landlord" }),
    ]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both[0]!.body).toMatchObject({ case: { status: "REVIEWED", outcome: "APPROVED", reviewedBy: { id: s.alice.id } }, transaction: { status: "COMPLETED" } });
    expect((await s.mesh.balance(ann.id)).balance).toBe(before.balance - 22_000);
    expect((await s.mesh.balance(stranger.id)).balance).toBe(22_000);
    expect((await s.get(`/admin/fraud/queue?limit=100`)).body.items.map((c: any) => c.caseId)).not.toContain(caseId);
    const entries = await s.entries("admin.fraud_case_approved", { transactionId });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: s.alice.id, payload: { caseId, notes: "known landlord", amount: 22_000 } });
    expectProblem(await s.post(`/admin/fraud/cases/${caseId}/block`, { notes: "too late" }), 409, "FAILED_PRECONDITION");
    await ledgerOk();
  });

  test("block: the hold is released, the transfer is cancelled, nothing moved", async () => {
    const before = await s.mesh.balance(ann.id);
    const { stranger, transactionId } = await heldTransfer(23_000);
    const caseId = (await s.mesh.rpc.fraud.listQueue({ limit: 100 })).items.find((c) => c.transactionId === transactionId)!.caseId;
    const res = await s.post(`/admin/fraud/cases/${caseId}/block`, { notes: "mule account" }, s.bob.token);
    expect(res.body).toMatchObject({ case: { outcome: "BLOCKED" }, transaction: { status: "CANCELLED" } });
    expect(await s.mesh.balance(ann.id)).toEqual(before);
    expect((await s.mesh.balance(stranger.id)).balance).toBe(0);
    const [entry] = await s.entries("admin.fraud_case_blocked", { transactionId });
    expect(entry).toMatchObject({ actorId: s.bob.id, payload: { notes: "mule account" } });
  });
});

test("bad input names the field and changes nothing", async () => {
  const ivy = await s.mesh.user();
  const sent = await s.mesh.transfer(ann, { recipientId: ivy.id, amount: 100 });
  const cases: [() => ReturnType<AdminStack["get"]>, string][] = [
    [() => s.get(`/admin/transactions?status=DONE`), "status"],
    [() => s.get(`/admin/transactions?type=GIFT`), "type"],
    [() => s.get(`/admin/transactions?userId=nobody`), "userId"],
    [() => s.get(`/admin/transactions?minAmount=0`), "minAmount"],
    [() => s.get(`/admin/transactions?maxAmount=1.5`), "maxAmount"],
    [() => s.get(`/admin/transactions?minAmount=10&maxAmount=5`), "minAmount"],
    [() => s.get(`/admin/transactions?from=yesterday`), "from"],
    [() => s.get(`/admin/transactions?from=2030-01-02&to=2030-01-01`), "from"],
    [() => s.get(`/admin/transactions?cursor=garbage`), "cursor"],
    [() => s.get(`/admin/transactions?limit=101`), "limit"],
    [() => s.get(`/admin/transactions?userID=${ivy.id}`), "userID"],
    [() => s.get(`/admin/transactions/42`), "transactionId"],
    [() => s.post(`/admin/transactions/${sent.body.id}/reverse`, {}), "reason"],
    [() => s.post(`/admin/transactions/${sent.body.id}/reverse`, { reason: "x", force: "yes" }), "force"],
    [() => s.post(`/admin/transactions/${sent.body.id}/force-complete`, { reason: "" }), "reason"],
    [() => s.get(`/admin/fraud/queue?cursor=-1`), "cursor"],
    [() => s.get(`/admin/fraud/cases/abc`), "caseId"],
    [() => s.post(`/admin/fraud/cases/${crypto.randomUUID()}/approve`, {}), "notes"],
    [() => s.post(`/admin/fraud/cases/${crypto.randomUUID()}/block`, { notes: "x", outcome: "BLOCK" }), "outcome"],
  ];
  for (const [call, field] of cases) expectProblem(await call(), 400, "INVALID_ARGUMENT", field);
  expect((await s.mesh.rpc.transactions.get({ transactionId: sent.body.id })).status).toBe("COMPLETED");
});
