import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { eventually } from "../../shared/testing/wait.ts";
import type { MoneyUser } from "../../tests/harness/money.ts";
import type { TestUser } from "../../tests/harness/users.ts";
import { expectProblem, newTrace, startAdminStack, type AdminStack } from "./test-support.ts";

setDefaultTimeout(60_000);

/** Low enough for a BASIC user's transfers (and below the fraud engine's new-recipient amount). */
const THRESHOLD = 5_000;

let s: AdminStack;
let ann: MoneyUser;
let carl: TestUser;
beforeAll(async () => {
  s = await startAdminStack({ env: { ADMIN_DUAL_CONTROL_CENTS: String(THRESHOLD) } });
  ann = await s.mesh.user({ balance: 100_000, name: "Ann" });
  carl = await s.newAdmin();
}, 180_000);
afterAll(() => s?.stop());

async function paid(amount: number) {
  const payee = await s.mesh.user({ name: "Payee" });
  const sent = await s.mesh.transfer(ann, { recipientId: payee.id, amount });
  expect(sent.status).toBe(201);
  return { payee, id: sent.body.id as string };
}

describe("a reversal above the threshold waits for a second admin", () => {
  test("at or below the threshold it runs at once", async () => {
    const { id } = await paid(THRESHOLD);
    expect((await s.post(`/admin/transactions/${id}/reverse`, { reason: "small" })).status).toBe(200);
  });

  test("above it: 202 with the pending action, nothing moves; the requester cannot approve; another admin's approval runs it once", async () => {
    const { payee, id } = await paid(THRESHOLD + 1);
    const before = await s.mesh.balance(ann.id);
    const asked = await s.post(`/admin/transactions/${id}/reverse`, { reason: "card stolen" });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ kind: "REVERSE", status: "PENDING", amountCents: THRESHOLD + 1, target: { type: "transaction", id }, requestedBy: { id: s.alice.id }, reason: "card stolen", params: { force: false } });
    expect(asked.body.targetUsers.map((u: any) => u.id)).toEqual([ann.id, payee.id]);
    expect(await s.mesh.balance(ann.id)).toEqual(before);
    expect((await s.get(`/admin/transactions/${id}`)).body.pendingAction).toMatchObject({ id: asked.body.id });
    expect((await s.get(`/admin/approvals?status=PENDING`)).body.items.map((a: any) => a.id)).toContain(asked.body.id);

    const own = await s.post(`/admin/approvals/${asked.body.id}/approve`);
    expectProblem(own, 403, "PERMISSION_DENIED");
    expect(await s.mesh.balance(ann.id)).toEqual(before);

    const trace = newTrace();
    const approved = await s.post(`/admin/approvals/${asked.body.id}/approve`, {}, s.bob.token, { traceparent: trace.traceparent });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: "EXECUTED", decidedBy: { id: s.bob.id }, result: { status: "REVERSED" } });
    expect((await s.mesh.balance(ann.id)).balance).toBe(before.balance + THRESHOLD + 1);
    expect((await s.mesh.balance(payee.id)).balance).toBe(0);

    // Approving again, by anyone, runs nothing more.
    expectProblem(await s.post(`/admin/approvals/${asked.body.id}/approve`, {}, carl.token), 409, "CONFLICT");
    expect((await s.mesh.rpc.wallet.getLedger({ transactionId: id })).movements.map((m) => m.kind)).toEqual(["TRANSFER", "REVERSAL"]);

    const [entry, ...more] = await s.entries("admin.transaction_reversed", { transactionId: id });
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actorId: s.bob.id, traceId: trace.traceId, payload: { reason: "card stolen", approval: { actionId: asked.body.id, requestedBy: s.alice.id, approvedBy: s.bob.id } } });
    expect(await s.entries("admin.approval_requested", { subjectUserId: payee.id })).toEqual([expect.objectContaining({ actorId: s.alice.id, payload: expect.objectContaining({ actionId: asked.body.id, kind: "REVERSE" }) })]);
    expect(await s.mesh.rpc.wallet.verify({})).toMatchObject({ ok: true });
  });

  test("two admins approving at once run it once: one is told it was already decided", async () => {
    const { id } = await paid(THRESHOLD + 2);
    const before = await s.mesh.balance(ann.id);
    const asked = await s.post(`/admin/transactions/${id}/reverse`, { reason: "race" });
    const both = await Promise.all([s.post(`/admin/approvals/${asked.body.id}/approve`, {}, s.bob.token), s.post(`/admin/approvals/${asked.body.id}/approve`, {}, carl.token)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await s.mesh.balance(ann.id)).balance).toBe(before.balance + THRESHOLD + 2);
    expect((await s.mesh.rpc.wallet.getLedger({ transactionId: id })).movements.map((m) => m.kind)).toEqual(["TRANSFER", "REVERSAL"]);
    expect(await s.entries("admin.transaction_reversed", { transactionId: id })).toHaveLength(1);
  });

  test("the same request again is the same pending action; another admin's different request is a conflict", async () => {
    const { id } = await paid(THRESHOLD + 3);
    const first = await s.post(`/admin/transactions/${id}/reverse`, { reason: "dup" });
    const again = await s.post(`/admin/transactions/${id}/reverse`, { reason: "dup" });
    expect([first.status, again.status, again.body.id]).toEqual([202, 202, first.body.id]);
    expectProblem(await s.post(`/admin/transactions/${id}/reverse`, { reason: "dup", force: true }, s.bob.token), 409, "CONFLICT");
  });

  test("a rejected request never runs and is recorded with the reason", async () => {
    const { payee, id } = await paid(THRESHOLD + 4);
    const asked = await s.post(`/admin/transactions/${id}/reverse`, { reason: "maybe" });
    expectProblem(await s.post(`/admin/approvals/${asked.body.id}/reject`, { reason: "mine" }), 403, "PERMISSION_DENIED");
    const rejected = await s.post(`/admin/approvals/${asked.body.id}/reject`, { reason: "the customer confirmed it" }, s.bob.token);
    expect(rejected.body).toMatchObject({ status: "REJECTED", decidedBy: { id: s.bob.id }, rejectionReason: "the customer confirmed it" });
    expectProblem(await s.post(`/admin/approvals/${asked.body.id}/approve`, {}, carl.token), 409, "CONFLICT");
    expect((await s.mesh.rpc.transactions.get({ transactionId: id })).status).toBe("COMPLETED");
    const [entry] = await s.entries("admin.approval_rejected", { subjectUserId: payee.id });
    expect(entry).toMatchObject({ actorId: s.bob.id, payload: { requestedBy: s.alice.id, rejectedBy: s.bob.id, reason: "the customer confirmed it" } });
  });

  test("after 24 hours a pending request is EXPIRED and cannot be approved", async () => {
    const { id } = await paid(THRESHOLD + 5);
    const asked = await s.post(`/admin/transactions/${id}/reverse`, { reason: "late" });
    s.clock.advance(24 * 3600_000 + 1_000);
    try {
      expect((await s.get(`/admin/approvals/${asked.body.id}`)).body.status).toBe("EXPIRED");
      expect((await s.get(`/admin/approvals?status=EXPIRED`)).body.items.map((a: any) => a.id)).toContain(asked.body.id);
      expect((await s.get(`/admin/approvals?status=PENDING`)).body.items.map((a: any) => a.id)).not.toContain(asked.body.id);
      expectProblem(await s.post(`/admin/approvals/${asked.body.id}/approve`, {}, s.bob.token), 409, "FAILED_PRECONDITION");
      expect((await s.mesh.rpc.transactions.get({ transactionId: id })).status).toBe("COMPLETED");
      // A new request can be made once the old one expired.
      expect((await s.post(`/admin/transactions/${id}/reverse`, { reason: "again" })).status).toBe(202);
    } finally {
      s.clock.advance(-(24 * 3600_000 + 1_000));
    }
  });

  test("approved but refused by the wallet (the payee spent it): FAILED with the reason, recorded once", async () => {
    const { payee, id } = await paid(THRESHOLD + 6);
    const sink = await s.mesh.user();
    expect((await s.mesh.transfer(payee as MoneyUser, { recipientId: sink.id, amount: THRESHOLD })).status).toBe(201);
    const asked = await s.post(`/admin/transactions/${id}/reverse`, { reason: "no force" });
    const approved = await s.post(`/admin/approvals/${asked.body.id}/approve`, {}, s.bob.token);
    expect(approved.body).toMatchObject({ status: "FAILED", error: { code: "INSUFFICIENT_FUNDS" } });
    expect((await s.mesh.rpc.transactions.get({ transactionId: id })).status).toBe("COMPLETED");
    expect(await s.entries("admin.approval_failed", { subjectUserId: payee.id })).toHaveLength(1);
  });

  test("a force-complete above the threshold waits too, then asks the wallet", async () => {
    const payee = await s.mesh.user();
    const id = Bun.randomUUIDv7();
    const { transactions } = await import("../transactions/db/schema.ts");
    await s.mesh.transactions.ctx.db.insert(transactions).values({ id, type: "TRANSFER", status: "PROCESSING", senderId: ann.id, recipientId: payee.id, amount: THRESHOLD + 7, fraudDecision: "ALLOW", fraudScore: 0 });
    await s.mesh.rpc.wallet.transfer({ fromUserId: ann.id, toUserId: payee.id, amount: THRESHOLD + 7, transactionId: id });
    const asked = await s.post(`/admin/transactions/${id}/force-complete`, { reason: "stuck" });
    expect(asked.body).toMatchObject({ kind: "FORCE_COMPLETE", status: "PENDING" });
    const approved = await s.post(`/admin/approvals/${asked.body.id}/approve`, {}, carl.token);
    expect(approved.body).toMatchObject({ status: "EXECUTED", result: { status: "COMPLETED" } });
    const [entry] = await s.entries("admin.transaction_force_completed", { transactionId: id });
    expect(entry).toMatchObject({ actorId: carl.id, payload: { outcome: "COMPLETED", approval: { requestedBy: s.alice.id, approvedBy: carl.id } } });
  });
});

test("an approval that meets an outage answers 503 and stays APPROVED; the sweep runs it once the service is back", async () => {
  const { payee, id } = await paid(THRESHOLD + 8);
  const before = await s.mesh.balance(ann.id);
  const asked = await s.post(`/admin/transactions/${id}/reverse`, { reason: "outage" });
  await s.mesh.transactions.stop();
  const approved = await s.post(`/admin/approvals/${asked.body.id}/approve`, {}, s.bob.token);
  expectProblem(approved, 503, "UNAVAILABLE");
  expect(approved.headers.get("retry-after")).toBe("5");
  expect((await s.get(`/admin/approvals/${asked.body.id}`)).body).toMatchObject({ status: "APPROVED", lastError: expect.stringContaining("transactions") });
  await s.mesh.restart("transactions");
  const done = await eventually(async () => {
    const r = await s.get(`/admin/approvals/${asked.body.id}`);
    return r.body.status === "EXECUTED" ? r.body : undefined;
  }, { timeoutMs: 30_000, what: "the sweep to run the approved reversal" });
  expect(done.decidedBy.id).toBe(s.bob.id);
  expect((await s.mesh.balance(ann.id)).balance).toBe(before.balance + THRESHOLD + 8);
  expect((await s.mesh.balance(payee.id)).balance).toBe(0);
  expect(await s.entries("admin.transaction_reversed", { transactionId: id })).toHaveLength(1);
});
