import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { sql } from "drizzle-orm";
import type { EventData } from "../../proto-like-schemas/events/index.ts";
import type { Envelope } from "../../shared/events/envelope.ts";
import { completedTransfer, publishEvent, republish } from "../../shared/testing/events.ts";
import { eventually } from "../../shared/testing/wait.ts";
import type { MoneyUser } from "../../tests/harness/money.ts";
import { startNotifications, type RunningNotifications } from "../../tests/harness/notifications.ts";
import { bearer } from "../../tests/harness/users.ts";
import { outboxEvents, rowCount, startSocialStack, type SocialStack } from "./test-support.ts";

setDefaultTimeout(180_000);

let stack: SocialStack;
let notifications: RunningNotifications;
beforeAll(async () => {
  stack = await startSocialStack();
  notifications = await startNotifications({ jwksUrl: `${stack.mesh.auth.url}/.well-known/jwks.json` });
});
afterAll(async () => {
  await notifications?.stop();
  await stack?.stop();
});

const requests = (method: string, path: string, user: MoneyUser, body?: unknown) => stack.api(method, `/requests${path}`, user, body);
const splits = (method: string, path: string, user: MoneyUser, body?: unknown) => stack.api(method, `/splits${path}`, user, body);
const shareOf = (split: any, user: MoneyUser) => split.participants.find((p: any) => p.userId === user.id);

/** An admin reverses a completed transfer through the transactions service, as the admin API does. */
const reverse = (transactionId: string) => stack.mesh.rpc.transactions.reverse({ transactionId, adminId: crypto.randomUUID(), reason: "customer dispute" });

async function requestAs(user: MoneyUser, id: string, status: string) {
  return eventually(async () => {
    const r = (await requests("GET", `/${id}`, user)).body;
    return r.status === status && r;
  }, { timeoutMs: 30_000, what: `the request to be ${status}` });
}

/** The user's notification of this type about this request or split, once it exists. */
async function notice(user: MoneyUser, type: string, about: Record<string, string>) {
  return eventually(async () => {
    const res = await fetch(`${notifications.url}/api/v1/notifications?type=${type}`, { headers: bearer(user.token) });
    const items: any[] = ((await res.json()) as any).items;
    return items.find((n) => Object.entries(about).every(([k, v]) => n.data?.[k] === v));
  }, { timeoutMs: 30_000, what: `${type} for ${user.id}` });
}

async function noticeTypes(user: MoneyUser, about: Record<string, string>): Promise<string[]> {
  const res = await fetch(`${notifications.url}/api/v1/notifications?limit=100`, { headers: bearer(user.token) });
  const items: any[] = ((await res.json()) as any).items;
  return items.filter((n) => Object.entries(about).every(([k, v]) => n.data?.[k] === v)).map((n) => n.type).sort();
}

/** The transaction.reversed event the transactions service published for this transfer. */
async function reversalEventOf(transactionId: string): Promise<Envelope<EventData<"transaction.reversed">>> {
  const [row] = await stack.mesh.transactions.ctx.db.execute<{ envelope: any }>(sql`select envelope from outbox where type = 'transaction.reversed' and envelope->'data'->>'transactionId' = ${transactionId}`);
  return row!.envelope;
}

/** Waits until social has handled the event (its id is in social's inbox). */
const handledBySocial = (eventId: string) =>
  eventually(async () => (await stack.social.ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from inbox where event_id = ${eventId}`))[0]!.n > 0, { timeoutMs: 30_000, what: `social to handle ${eventId}` });

/**
 * Sends the reversal again as a redelivery, then an event social has never seen behind it: once
 * that one is handled, so is the redelivery (one consumer, in order).
 */
async function redeliver(envelope: Envelope<unknown>) {
  await republish(stack.mesh.nc, envelope);
  const marker = await publishEvent(stack.mesh.nc, "transaction.reversed", { ...completedTransfer(), reason: "marker", reversedBy: crypto.randomUUID(), forced: false });
  await handledBySocial(marker.id);
}

describe("a reversed payment of a money request", () => {
  test("the request is REVERSED for both, both are told, and the money is back with the payer", async () => {
    const [requester, payer] = await Promise.all([stack.mesh.user({ name: "Rita" }), stack.mesh.user({ name: "Paul", balance: 10_000 })]);
    const created = (await requests("POST", "", requester, { recipientId: payer.id, amount: 1_500, note: "Concert" })).body;
    expect((await requests("POST", `/${created.id}/accept`, payer)).status).toBe(201);
    const transactionId: string = (await requestAs(requester, created.id, "PAID")).transactionId;

    expect(await reverse(transactionId)).toMatchObject({ status: "REVERSED" });

    const requesterSees = await requestAs(requester, created.id, "REVERSED");
    expect(requesterSees).toMatchObject({ direction: "outgoing", transactionId, paidAt: expect.any(String), reversedAt: expect.any(String), failureCode: null });
    expect((await requests("GET", `/${created.id}`, payer)).body).toMatchObject({ status: "REVERSED", direction: "incoming", transactionId, reversedAt: requesterSees.reversedAt });
    for (const user of [requester, payer]) {
      expect((await requests("GET", "?status=REVERSED", user)).body.items.map((r: any) => r.id)).toEqual([created.id]);
      expect((await requests("GET", "?status=PAID", user)).body.items).toEqual([]);
    }
    expect((await stack.mesh.balance(payer.id)).balance).toBe(10_000);
    expect((await stack.mesh.balance(requester.id)).balance).toBe(0);

    const events = await outboxEvents(stack.social, "social.money_request_reversed", "requestId", created.id);
    expect(events.map((e) => e.data)).toEqual([{ requestId: created.id, requesterId: requester.id, recipientId: payer.id, amount: 1_500, currency: "USD", transactionId }]);
    expect(events[0].subjectUserIds.sort()).toEqual([requester.id, payer.id].sort());
    // The admin's reason and identity are not the parties' to read.
    expect(JSON.stringify(events[0])).not.toContain("customer dispute");
    expect(events[0].actorId).toBeNull();

    expect(await notice(requester, "social.money_request_reversed", { requestId: created.id })).toMatchObject({
      title: "Money Request Payment Reversed",
      body: "The payment of $15.00 from Paul for your request was reversed and taken back from your wallet. The request is closed.",
      data: { transactionId, role: "requester" },
    });
    expect(await notice(payer, "social.money_request_reversed", { requestId: created.id })).toMatchObject({
      title: "Money Request Payment Reversed",
      body: "Your payment of Rita’s request for $15.00 was reversed. The money is back in your wallet.",
      data: { transactionId, role: "payer" },
    });

    // A redelivered reversal changes nothing; a closed request cannot be answered again.
    await redeliver(await reversalEventOf(transactionId));
    expect(await outboxEvents(stack.social, "social.money_request_reversed", "requestId", created.id)).toHaveLength(1);
    expect((await requests("GET", `/${created.id}`, requester)).body).toMatchObject({ status: "REVERSED", reversedAt: requesterSees.reversedAt });
    const again = await requests("POST", `/${created.id}/accept`, payer);
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe("Request is REVERSED, cannot accept");
  });

  test("a reversal that arrives before the completion it undoes closes the request; the late completion changes nothing", async () => {
    // The payer has no money: once the transactions service is back, its own payment of the request fails.
    const [requester, payer] = await Promise.all([stack.mesh.user(), stack.mesh.user()]);
    const created = (await requests("POST", "", requester, { recipientId: payer.id, amount: 800 })).body;
    const transfer = completedTransfer({ type: "REQUEST_PAYMENT", requestId: created.id, senderId: payer.id, recipientId: requester.id, amount: 800 });
    // While the transactions service is down the request stays ACCEPTED, waiting for its payment's outcome.
    await stack.mesh.transactions.stop();
    try {
      expect((await requests("POST", `/${created.id}/accept`, payer)).status).toBe(201);
      await publishEvent(stack.mesh.nc, "transaction.reversed", { ...transfer, reason: "chargeback", reversedBy: crypto.randomUUID(), forced: false });
      const late = await publishEvent(stack.mesh.nc, "transaction.completed", transfer);
      await handledBySocial(late.id);
    } finally {
      await stack.mesh.restart("transactions");
    }
    for (const user of [requester, payer]) expect((await requests("GET", `/${created.id}`, user)).body).toMatchObject({ status: "REVERSED", transactionId: transfer.transactionId, paidAt: null, reversedAt: expect.any(String) });
    expect(await outboxEvents(stack.social, "social.money_request_reversed", "requestId", created.id)).toHaveLength(1);
    expect(await outboxEvents(stack.social, "social.money_request_paid", "requestId", created.id)).toEqual([]);

    const failed = await eventually(async () => {
      const [row] = await stack.mesh.transactions.ctx.db.execute<{ id: string }>(sql`select envelope->>'id' as id from outbox where type = 'transaction.failed' and envelope->'data'->>'requestId' = ${created.id}`);
      return row?.id;
    }, { timeoutMs: 30_000, what: "the transactions service's own attempt to pay the request" });
    await handledBySocial(failed);
    expect((await requests("GET", `/${created.id}`, requester)).body.status).toBe("REVERSED");
    expect(await outboxEvents(stack.social, "social.money_request_payment_failed", "requestId", created.id)).toEqual([]);
  });
});

describe("a reversed payment of a split share", () => {
  test("the share is unpaid and the split OPEN for everyone; paying again is a new transfer that settles it again", async () => {
    const [creator, ann, ben] = await Promise.all([stack.mesh.user({ name: "Cleo" }), stack.mesh.user({ name: "Ann", balance: 10_000 }), stack.mesh.user({ name: "Ben", balance: 10_000 })]);
    const created = await splits("POST", "", creator, { title: "Dinner", totalCents: 5_000, participants: [{ userId: ann.id, amountCents: 3_000 }, { userId: ben.id, amountCents: 2_000 }] });
    expect(created.status).toBe(201);
    const splitId: string = created.body.id;
    const annPaid = await splits("POST", `/${splitId}/pay`, ann);
    expect(annPaid.status).toBe(201);
    const first: string = annPaid.body.share.transactionId;
    expect((await splits("POST", `/${splitId}/pay`, ben)).body).toMatchObject({ outcome: "paid", splitStatus: "SETTLED" });

    await reverse(first);

    const reopened = await eventually(async () => {
      const s = (await splits("GET", `/${splitId}`, creator)).body;
      return s.status === "OPEN" && s;
    }, { timeoutMs: 30_000, what: "the split to reopen" });
    expect(reopened.settledAt).toBeNull();
    expect(shareOf(reopened, ann)).toMatchObject({ status: "PENDING", transactionId: null, paidAt: null, awaitingReview: false });
    expect(shareOf(reopened, ben)).toMatchObject({ status: "PAID" });
    for (const user of [ann, ben]) expect((await splits("GET", `/${splitId}`, user)).body).toMatchObject({ status: "OPEN", participants: reopened.participants });
    expect((await splits("GET", "", ann)).body.items[0]).toMatchObject({ id: splitId, status: "OPEN", paidCount: 1, myShare: { amountCents: 3_000, status: "PENDING" } });
    expect((await splits("GET", "", ben)).body.items[0]).toMatchObject({ id: splitId, status: "OPEN", paidCount: 1, myShare: { amountCents: 2_000, status: "PAID" } });
    expect((await stack.mesh.balance(ann.id)).balance).toBe(10_000);
    expect((await stack.mesh.balance(creator.id)).balance).toBe(2_000);

    const shareReversed = await outboxEvents(stack.social, "social.split_payment_reversed", "splitId", splitId);
    expect(shareReversed.map((e) => e.data)).toEqual([{ splitId, creatorId: creator.id, participantId: ann.id, amountCents: 3_000, transactionId: first }]);
    expect(shareReversed[0].subjectUserIds.sort()).toEqual([creator.id, ann.id].sort());
    const reopenedEvents = await outboxEvents(stack.social, "social.split_reopened", "splitId", splitId);
    expect(reopenedEvents).toHaveLength(1);
    expect(reopenedEvents[0].data).toMatchObject({ creatorId: creator.id, title: "Dinner", totalCents: 5_000 });
    expect(reopenedEvents[0].data.participants.sort()).toEqual([ann.id, ben.id].sort());

    expect(await notice(ann, "social.split_payment_reversed", { splitId })).toMatchObject({
      body: "The payment of your $30.00 share to Cleo was reversed. The money is back in your wallet and your share is unpaid again.",
      data: { transactionId: first, role: "participant" },
    });
    expect(await notice(creator, "social.split_payment_reversed", { splitId })).toMatchObject({
      body: "Ann’s payment of their $30.00 share was reversed and taken back from your wallet. Their share is unpaid again.",
      data: { participantId: ann.id, role: "creator" },
    });
    for (const user of [creator, ann, ben]) expect(await notice(user, "social.split_reopened", { splitId })).toMatchObject({ title: "Bill Split Reopened", body: "“Dinner” is open again: the payment of a share was reversed." });
    // Ben's own payment stands: he hears that the split reopened, not that a payment of his was reversed.
    expect(await noticeTypes(ben, { splitId })).not.toContain("social.split_payment_reversed");

    // Paying again is a new payment under a new key, not a replay of the reversed one.
    const again = await splits("POST", `/${splitId}/pay`, ann);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect(again.body).toMatchObject({ outcome: "paid", splitStatus: "SETTLED", share: { status: "PAID", transactionId: expect.any(String) } });
    const second: string = again.body.share.transactionId;
    expect(second).not.toBe(first);
    const annsTransfers = (await stack.mesh.list(ann, "type=SPLIT_PAYMENT&direction=sent")).body.items;
    expect(annsTransfers.map((t: any) => [t.id, t.status]).sort()).toEqual([[first, "REVERSED"], [second, "COMPLETED"]].sort());
    expect((await stack.mesh.balance(ann.id)).balance).toBe(7_000);
    expect((await stack.mesh.balance(creator.id)).balance).toBe(5_000);
    expect(await outboxEvents(stack.social, "social.split_settled", "splitId", splitId)).toHaveLength(2);

    // A redelivered reversal changes nothing: the share stays paid by the new transfer.
    await redeliver(await reversalEventOf(first));
    const after = (await splits("GET", `/${splitId}`, ann)).body;
    expect(after.status).toBe("SETTLED");
    expect(shareOf(after, ann)).toMatchObject({ status: "PAID", transactionId: second });
    expect(await outboxEvents(stack.social, "social.split_payment_reversed", "splitId", splitId)).toHaveLength(1);
    expect(await outboxEvents(stack.social, "social.split_reopened", "splitId", splitId)).toHaveLength(1);
  });

  test("a reversal that arrives before the completion it undoes keeps that transfer from ever paying the share", async () => {
    const [creator, ann] = await Promise.all([stack.mesh.user(), stack.mesh.user({ balance: 5_000 })]);
    const splitId: string = (await splits("POST", "", creator, { title: "Taxi", totalCents: 900, participants: [{ userId: ann.id, amountCents: 900 }] })).body.id;
    const transfer = completedTransfer({ type: "SPLIT_PAYMENT", splitId, senderId: ann.id, recipientId: creator.id, amount: 900 });
    await publishEvent(stack.mesh.nc, "transaction.reversed", { ...transfer, reason: "chargeback", reversedBy: crypto.randomUUID(), forced: false });
    const late = await publishEvent(stack.mesh.nc, "transaction.completed", transfer);
    await handledBySocial(late.id);

    expect(shareOf((await splits("GET", `/${splitId}`, ann)).body, ann)).toMatchObject({ status: "PENDING", transactionId: null });
    expect(await outboxEvents(stack.social, "social.split_payment_recorded", "splitId", splitId)).toEqual([]);
    // Nobody had been told the share was paid, so there is nothing to take back.
    expect(await outboxEvents(stack.social, "social.split_payment_reversed", "splitId", splitId)).toEqual([]);
    const paid = await splits("POST", `/${splitId}/pay`, ann);
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ outcome: "paid", splitStatus: "SETTLED" });
    expect(paid.body.share.transactionId).not.toBe(transfer.transactionId);
  });
});

describe("reversals social has nothing to do with", () => {
  test("a reversed plain transfer, or one naming a request or split that is not ours, changes nothing", async () => {
    const [alice, bob] = await Promise.all([stack.mesh.user({ balance: 2_000 }), stack.mesh.user()]);
    const sent = await stack.mesh.transfer(alice, { recipientId: bob.id, amount: 700 });
    expect(sent.status).toBe(201);
    const outboxBefore = await rowCount(stack.social, "outbox", sql`true`);

    await reverse(sent.body.id);
    await handledBySocial((await reversalEventOf(sent.body.id)).id);
    const strangers = [
      { ...completedTransfer({ type: "REQUEST_PAYMENT", requestId: crypto.randomUUID() }), reason: "x", reversedBy: crypto.randomUUID(), forced: false },
      { ...completedTransfer({ type: "SPLIT_PAYMENT", splitId: crypto.randomUUID() }), reason: "x", reversedBy: crypto.randomUUID(), forced: true },
    ];
    for (const data of strangers) await handledBySocial((await publishEvent(stack.mesh.nc, "transaction.reversed", data)).id);

    expect(await rowCount(stack.social, "outbox", sql`true`)).toBe(outboxBefore);
    expect(await rowCount(stack.social, "reversed_share_payments", sql`transaction_id in (${sent.body.id}, ${strangers[0]!.transactionId}, ${strangers[1]!.transactionId})`)).toBe(0);
    expect((await stack.social.ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from dead_letters`))[0]!.n).toBe(0);
  });
});
