import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { eq } from "drizzle-orm";
import { publishEvent } from "../../shared/testing/events.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { startMoneyMesh, type MoneyMesh, type MoneyUser } from "../../tests/harness/money.ts";
import { transactions } from "./db/schema.ts";
import { db, eventsOf, rpcFailure } from "./test-support.ts";

setDefaultTimeout(60_000);

let mesh: MoneyMesh;
let payer: MoneyUser;
let requester: MoneyUser;
beforeAll(async () => {
  mesh = await startMoneyMesh();
  [payer, requester] = await Promise.all([mesh.user({ balance: 50_000, name: "Payer" }), mesh.user({ name: "Requester" })]);
}, 180_000);
afterAll(() => mesh?.stop());

const paymentsOfRequest = (requestId: string) => db(mesh).select().from(transactions).where(eq(transactions.requestId, requestId));

function accepted(amount: number, from = payer, to = requester) {
  return { requestId: crypto.randomUUID(), requesterId: to.id, recipientId: from.id, amount, currency: "USD" as const, note: "Concert tickets" };
}

async function settledPayment(requestId: string) {
  return eventually(async () => {
    const [row] = await paymentsOfRequest(requestId);
    return row && row.status !== "PENDING" && row.status !== "PROCESSING" ? row : undefined;
  }, { what: `payment of request ${requestId}` });
}

describe("an accepted money request is paid by the transactions service", () => {
  test("the payer's money reaches the requester; the events carry the requestId", async () => {
    const before = await mesh.balance(requester.id);
    const request = accepted(1_250);
    await publishEvent(mesh.nc, "social.money_request_accepted", request, { actorId: payer.id });
    const row = await settledPayment(request.requestId);
    expect(row).toMatchObject({ type: "REQUEST_PAYMENT", status: "COMPLETED", senderId: payer.id, recipientId: requester.id, amount: 1_250, description: "Concert tickets" });
    expect((await mesh.balance(requester.id)).balance).toBe(before.balance + 1_250);
    const completed = (await eventsOf(mesh, row.id)).find((e) => e.type === "transaction.completed");
    expect(completed?.envelope.data).toMatchObject({ requestId: request.requestId, type: "REQUEST_PAYMENT", splitId: null });
    expect(completed?.envelope.subjectUserIds.sort()).toEqual([payer.id, requester.id].sort());
  });

  test("a redelivered acceptance pays once", async () => {
    const request = accepted(700);
    const first = await publishEvent(mesh.nc, "social.money_request_accepted", request);
    await settledPayment(request.requestId);
    // Same event id, new message id: gets past JetStream's de-duplication, stopped by the inbox.
    await publishEvent(mesh.nc, "social.money_request_accepted", request, { id: first.id, msgId: crypto.randomUUID() });
    // A new event for the same request (a producer bug or replay) is stopped by the derived key.
    await publishEvent(mesh.nc, "social.money_request_accepted", request);
    await Bun.sleep(1_000);
    const rows = await paymentsOfRequest(request.requestId);
    expect(rows.length).toBe(1);
    expect(rows[0]!.status).toBe("COMPLETED");
  });

  test("not enough money: the payment fails, nothing moves, transaction.failed names the request", async () => {
    const poor = await mesh.user({ balance: 100 });
    const request = accepted(5_000, poor);
    await publishEvent(mesh.nc, "social.money_request_accepted", request);
    const row = await settledPayment(request.requestId);
    expect(row).toMatchObject({ status: "FAILED", statusReason: "INSUFFICIENT_FUNDS" });
    expect((await mesh.balance(poor.id)).balance).toBe(100);
    const failed = (await eventsOf(mesh, row.id)).find((e) => e.type === "transaction.failed");
    expect(failed?.envelope.data).toMatchObject({ requestId: request.requestId, code: "INSUFFICIENT_FUNDS" });
  });

  test("refused before it could start (over the tier's limit): recorded as FAILED with its reason, once", async () => {
    // $50 is the most an UNVERIFIED user may send at once; the payer has the money, not the allowance.
    const unverified = await mesh.user({ tier: "UNVERIFIED" });
    await mesh.rpc.wallet.credit({ userId: unverified.id, amount: 10_000, transactionId: crypto.randomUUID() });
    const request = accepted(5_001, unverified);
    await publishEvent(mesh.nc, "social.money_request_accepted", request);
    const row = await settledPayment(request.requestId);
    expect(row.status).toBe("FAILED");
    expect(row.statusReason).toBe("LIMIT_EXCEEDED");
    await publishEvent(mesh.nc, "social.money_request_accepted", request);
    await Bun.sleep(800);
    expect((await paymentsOfRequest(request.requestId)).length).toBe(1);
    const failed = (await eventsOf(mesh, row.id)).filter((e) => e.type === "transaction.failed");
    expect(failed.length).toBe(1);
    expect(failed[0]!.envelope.data).toMatchObject({ requestId: request.requestId, code: "LIMIT_EXCEEDED" });
  });

  test("fraud screening down: the payment fails with the request named, and is never paid later by a retry or a redelivery", async () => {
    const before = await mesh.balance(payer.id);
    await mesh.fraud!.stop();
    const request = accepted(900);
    let first;
    try {
      first = await publishEvent(mesh.nc, "social.money_request_accepted", request);
      const row = await settledPayment(request.requestId);
      expect(row).toMatchObject({ status: "FAILED", statusReason: "FRAUD_UNAVAILABLE" });
      const failed = (await eventsOf(mesh, row.id)).find((e) => e.type === "transaction.failed");
      expect(failed?.envelope.data).toMatchObject({ requestId: request.requestId });
    } finally {
      await mesh.restart("fraud");
    }
    // The request was told it failed; neither the consumer's own retries nor a redelivery may pay it now.
    await publishEvent(mesh.nc, "social.money_request_accepted", request, { id: first.id, msgId: crypto.randomUUID() });
    await publishEvent(mesh.nc, "social.money_request_accepted", request);
    await Bun.sleep(2_500);
    const rows = await paymentsOfRequest(request.requestId);
    expect(rows.map((r) => r.status)).toEqual(["FAILED"]);
    expect((await mesh.balance(payer.id)).balance).toBe(before.balance);
  });
});

describe("payShare pays a bill-split share on the participant's behalf", () => {
  const share = (amount: number, from: MoneyUser = payer, to: MoneyUser = requester) => ({ payerId: from.id, recipientId: to.id, amount, splitId: crypto.randomUUID(), idempotencyKey: crypto.randomUUID(), description: "Dinner" });

  test("completes a real transfer; a retry with the same key answers the same transaction", async () => {
    const before = await mesh.balance(payer.id);
    const req = share(2_000);
    const txn = await mesh.rpc.transactions.payShare(req);
    expect(txn).toMatchObject({ type: "SPLIT_PAYMENT", status: "COMPLETED", splitId: req.splitId, amount: 2_000, senderId: payer.id, recipientId: requester.id, replayed: false });
    expect((await mesh.balance(payer.id)).balance).toBe(before.balance - 2_000);
    const again = await mesh.rpc.transactions.payShare(req);
    expect(again).toMatchObject({ id: txn.id, replayed: true });
    expect((await mesh.balance(payer.id)).balance).toBe(before.balance - 2_000);
  });

  test("the same key for another share is refused, and refusals come back as typed errors", async () => {
    const req = share(300);
    await mesh.rpc.transactions.payShare(req);
    const reused = await rpcFailure(mesh.rpc.transactions.payShare({ ...req, amount: 301 }));
    expect(reused.code).toBe("INVALID_ARGUMENT");
    expect(reused.message).toContain("different request");
    const poor = await mesh.user({ balance: 10 });
    expect((await rpcFailure(mesh.rpc.transactions.payShare(share(5_000, poor)))).code).toBe("INSUFFICIENT_FUNDS");
    expect((await rpcFailure(mesh.rpc.transactions.payShare(share(5_000, payer, payer)))).code).toBe("INVALID_ARGUMENT");
  });
});
