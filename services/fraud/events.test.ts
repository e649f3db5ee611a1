import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { and, eq, sql } from "drizzle-orm";
import { eventually } from "../../shared/testing/wait.ts";
import type { EventData } from "../../proto-like-schemas/events/index.ts";
import { contacts, knownRecipients, senderStats } from "./db/schema.ts";
import { completed, newId, publishEvent, scoreRequest, startFraud, type RunningFraud } from "./test-support.ts";

setDefaultTimeout(60_000);

let f: RunningFraud;
beforeAll(async () => {
  f = await startFraud();
});
afterAll(() => f.stop());

const statsRow = async (userId: string) => (await f.svc.ctx.db.select().from(senderStats).where(eq(senderStats.userId, userId)))[0];
const handled = async (eventId: string) =>
  (await f.svc.ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from inbox where event_id = ${eventId}`))[0]!.n > 0;

describe("transaction.completed → sender statistics", () => {
  test("transfers feed the Welford statistics and the large-amount rule; top-ups are ignored", async () => {
    const senderId = newId();
    const recipientId = newId();
    // Top-ups, however large, are not transfers (G-19).
    const topup = await publishEvent(f.nc, "transaction.completed", completed({ senderId, recipientId: null, amount: 9_000_000, type: "TOPUP" }));
    for (const amount of [9_000, 11_000, 9_000, 11_000, 9_000, 11_000]) {
      await publishEvent(f.nc, "transaction.completed", completed({ senderId, recipientId, amount }));
    }
    await publishEvent(f.nc, "transaction.completed", completed({ senderId, recipientId, amount: 10_000, type: "SPLIT_PAYMENT" }));
    const row = await eventually(async () => {
      const r = await statsRow(senderId);
      return r && r.count === 7 ? r : undefined;
    }, { what: "seven transfers counted" });
    expect(await handled(topup.id)).toBe(true);
    // mean 10 000; M2 = 6 · 1 000² = 6 000 000 exactly: σ² = 6e6 / 7.
    expect(row.mean).toBe("10000.00000000000000000000");
    expect(row.m2).toBe("6000000.00000000000000000000");

    // σ ≈ 925.8 → line at ≈ 12 777: below it silent, above it fires (the recipient is known by now).
    expect((await f.fraud.score(scoreRequest({ userId: senderId, recipientId, amount: 12_777 }))).rulesFired).toEqual([]);
    const big = await f.fraud.score(scoreRequest({ userId: senderId, recipientId, amount: 12_778 }));
    expect(big).toMatchObject({ decision: "REVIEW", score: 60 });
    expect(big.rulesFired[0]).toMatchObject({ rule: "large_amount_deviation", forceBlock: false });
    expect(big.rulesFired[0]!.reason).toContain("$127.78");
  });

  test("fewer than five transfers never fire the deviation rule", async () => {
    const senderId = newId();
    const recipientId = newId();
    for (let i = 0; i < 4; i++) await publishEvent(f.nc, "transaction.completed", completed({ senderId, recipientId, amount: 1_000 }));
    await eventually(async () => (await statsRow(senderId))?.count === 4, { what: "four transfers counted" });
    expect((await f.fraud.score(scoreRequest({ userId: senderId, recipientId, amount: 20_000 }))).rulesFired).toEqual([]);
  });

  test("a redelivered event and a second event about the same transfer are counted once", async () => {
    const senderId = newId();
    const payload = completed({ senderId, amount: 5_000 });
    const first = await publishEvent(f.nc, "transaction.completed", payload);
    // Same envelope again under another Nats-Msg-Id, so JetStream does not drop it: the inbox must.
    await publishEvent(f.nc, "transaction.completed", payload, { id: first.id, msgId: `${first.id}-again` });
    // A different event about the same transaction: counted by transaction id, not event id.
    const other = await publishEvent(f.nc, "transaction.completed", payload);
    // A later transfer proves the earlier ones were all processed before we look.
    const marker = await publishEvent(f.nc, "transaction.completed", completed({ senderId, amount: 7_000 }));
    await eventually(() => handled(marker.id), { what: "marker handled" });
    expect(await handled(other.id)).toBe(true);
    const row = await statsRow(senderId);
    expect(row!.count).toBe(2);
    expect(row!.mean).toBe("6000.00000000000000000000");
  });

  test("the recipient of a completed transfer becomes known", async () => {
    const senderId = newId();
    const recipientId = newId();
    await publishEvent(f.nc, "transaction.completed", completed({ senderId, recipientId, amount: 100, type: "REQUEST_PAYMENT" }));
    await eventually(async () => (await f.svc.ctx.db.select().from(knownRecipients).where(and(eq(knownRecipients.userId, senderId), eq(knownRecipients.recipientId, recipientId)))).length === 1, {
      what: "known recipient",
    });
    // Not the other way round: the recipient has not paid the sender.
    expect((await f.fraud.score(scoreRequest({ userId: recipientId, recipientId: senderId, amount: 20_001 }))).decision).toBe("REVIEW");
  });
});

describe("social contacts", () => {
  const contactRow = async (ownerId: string, contactId: string) =>
    (await f.svc.ctx.db.select().from(contacts).where(and(eq(contacts.ownerId, ownerId), eq(contacts.contactId, contactId))))[0];

  test("added and removed contacts decide whether a recipient is known", async () => {
    const ownerId = newId();
    const contactId = newId();
    await publishEvent(f.nc, "social.contact_added", { ownerId, contactId });
    await eventually(async () => (await contactRow(ownerId, contactId))?.active === true, { what: "contact added" });
    expect((await f.fraud.score(scoreRequest({ userId: ownerId, recipientId: contactId, amount: 30_000 }))).decision).toBe("ALLOW");
    await publishEvent(f.nc, "social.contact_removed", { ownerId, contactId });
    await eventually(async () => (await contactRow(ownerId, contactId))?.active === false, { what: "contact removed" });
    expect((await f.fraud.score(scoreRequest({ userId: ownerId, recipientId: contactId, amount: 30_000 }))).decision).toBe("REVIEW");
  });

  test("an older event delivered late does not undo a newer one", async () => {
    const ownerId = newId();
    const contactId = newId();
    const now = Date.now();
    await publishEvent(f.nc, "social.contact_removed", { ownerId, contactId }, { occurredAt: new Date(now) });
    const late = await publishEvent(f.nc, "social.contact_added", { ownerId, contactId }, { occurredAt: new Date(now - 5_000) });
    await eventually(() => handled(late.id), { what: "late event handled" });
    expect((await contactRow(ownerId, contactId))?.active).toBe(false);
  });
});

describe("transaction.reversed → out of the statistics", () => {
  const reversalOf = (t: EventData<"transaction.completed">): EventData<"transaction.reversed"> => ({
    transactionId: t.transactionId,
    type: t.type,
    senderId: t.senderId,
    recipientId: t.recipientId,
    amount: t.amount,
    currency: "USD",
    requestId: t.requestId,
    splitId: t.splitId,
    reason: "customer dispute",
    reversedBy: newId(),
    forced: false,
  });
  const known = async (userId: string, recipientId: string) =>
    (await f.svc.ctx.db.select().from(knownRecipients).where(and(eq(knownRecipients.userId, userId), eq(knownRecipients.recipientId, recipientId)))).length === 1;

  test("a reversed transfer leaves the sender's statistics, and its recipient is known no more unless paid otherwise", async () => {
    const [senderId, regular, once] = [newId(), newId(), newId()];
    for (const amount of [9_000, 11_000, 9_000, 11_000, 9_000, 11_000]) await publishEvent(f.nc, "transaction.completed", completed({ senderId, recipientId: regular, amount }));
    const outlier = completed({ senderId, recipientId: once, amount: 500_000 });
    const toRegular = completed({ senderId, recipientId: regular, amount: 10_000 });
    for (const t of [outlier, toRegular]) await publishEvent(f.nc, "transaction.completed", t);
    await eventually(async () => (await statsRow(senderId))?.count === 8, { what: "eight transfers counted" });

    const reversal = await publishEvent(f.nc, "transaction.reversed", reversalOf(outlier));
    await publishEvent(f.nc, "transaction.reversed", reversalOf(toRegular));
    const row = await eventually(async () => {
      const r = await statsRow(senderId);
      return r?.count === 6 ? r : undefined;
    }, { what: "two reversals taken out" });
    // Exactly the statistics of the six that stand.
    expect(row.mean).toBe("10000.00000000000000000000");
    expect(row.m2).toBe("6000000.00000000000000000000");
    expect(await known(senderId, once)).toBe(false);
    expect(await known(senderId, regular)).toBe(true);

    // The same reversal again changes nothing.
    await publishEvent(f.nc, "transaction.reversed", reversal.data, { id: reversal.id, msgId: `${reversal.id}-again` });
    const marker = await publishEvent(f.nc, "transaction.completed", completed({ senderId, recipientId: regular, amount: 10_000 }));
    await eventually(() => handled(marker.id), { what: "marker handled" });
    expect((await statsRow(senderId))!.count).toBe(7);
    expect((await statsRow(senderId))!.mean).toBe("10000.00000000000000000000");
  });

  test("a reversal delivered before its completion keeps the transfer out for good", async () => {
    const [senderId, recipientId] = [newId(), newId()];
    const t = completed({ senderId, recipientId, amount: 4_000 });
    await publishEvent(f.nc, "transaction.reversed", reversalOf(t));
    await publishEvent(f.nc, "transaction.completed", t);
    const marker = await publishEvent(f.nc, "transaction.completed", completed({ senderId, recipientId: newId(), amount: 1_000 }));
    await eventually(() => handled(marker.id), { what: "marker handled" });
    expect((await statsRow(senderId))!.count).toBe(1);
    expect((await statsRow(senderId))!.mean).toBe("1000.00000000000000000000");
    expect(await known(senderId, recipientId)).toBe(false);
  });
});
