import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { and, eq, sql } from "drizzle-orm";
import { createLogger } from "../../shared/log.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { startService } from "../../tests/harness/services.ts";
import { rebuildAggregates } from "./aggregates.ts";
import { budgetAlerts, budgets, merchantAggregates, monthlyAggregates, spendEvents } from "./db/schema.ts";
import { createInsights } from "./insights.ts";
import { createAnalyticsService } from "./main.ts";
import { createReconciler } from "./reconcile.ts";
import { alertEvents, completed, handled, publishEvent, startAnalytics, testClock } from "./test-support.ts";

setDefaultTimeout(60_000);

// A fixed month, far from any real one, so the clock and the events agree.
const JUNE = "2030-06";
const inJune = (day: number, hour = 12) => new Date(Date.UTC(2030, 5, day, hour)).toISOString();
const clock = testClock(new Date(inJune(15)));

let a: Awaited<ReturnType<typeof startAnalytics>>;
beforeAll(async () => {
  a = await startAnalytics({ clock });
});
afterAll(() => a.stop());

const db = () => a.svc.ctx.db;
const insights = () => createInsights(db());
const user = () => crypto.randomUUID();
const eventsOf = (transactionId: string) => db().select().from(spendEvents).where(eq(spendEvents.transactionId, transactionId));
const categoryRows = (userId: string) =>
  db().select().from(monthlyAggregates).where(eq(monthlyAggregates.userId, userId)).orderBy(monthlyAggregates.yearMonth, monthlyAggregates.direction, monthlyAggregates.category);

/** Publishes, then waits until analytics has handled the event. */
async function deliver(data: ReturnType<typeof completed>, opts: Parameters<typeof publishEvent>[3] = {}) {
  const envelope = await publishEvent(a.nc, "transaction.completed", data, opts);
  await eventually(() => handled(a.svc, envelope.id), { what: `event ${envelope.id} handled` });
  return envelope;
}

describe("transaction.completed → spend events and aggregates", () => {
  test("a transfer is one SPEND for the sender and one RECEIVE for the recipient; only the sender's spend counts", async () => {
    const [alice, bob] = [user(), user()];
    const t = completed({ senderId: alice, recipientId: bob, amount: 2_550, description: "Dinner", merchant: "  Pizza   Palace ", completedAt: inJune(3) });
    await deliver(t);
    const rows = await eventsOf(t.transactionId);
    expect(rows.map((r) => [r.userId, r.direction, r.counterpartyId]).sort()).toEqual([[alice, "SPEND", bob], [bob, "RECEIVE", alice]].sort());
    for (const r of rows) expect(r).toMatchObject({ amountCents: 2_550, category: "FOOD", categorySource: "KEYWORD", merchant: "Pizza Palace", merchantKey: "pizza palace", yearMonth: JUNE, reversedAt: null });

    expect(await insights().insights(alice, JUNE)).toEqual({ yearMonth: JUNE, total: 2_550, count: 1, categories: [{ category: "FOOD", total: 2_550, count: 1, percentage: 100 }] });
    expect(await insights().insights(bob, JUNE)).toEqual({ yearMonth: JUNE, total: 0, count: 0, categories: [] });
    expect(await insights().summary(alice, JUNE)).toEqual({ yearMonth: JUNE, totalSpend: 2_550, transactionCount: 1, totalReceived: 0, receivedCount: 0 });
    expect(await insights().summary(bob, JUNE)).toEqual({ yearMonth: JUNE, totalSpend: 0, transactionCount: 0, totalReceived: 2_550, receivedCount: 1 });
    expect((await insights().topMerchants(alice, JUNE, 10)).merchants).toEqual([{ merchant: "Pizza Palace", total: 2_550, count: 1 }]);
    expect((await insights().topMerchants(bob, JUNE, 10)).merchants).toEqual([]);
  });

  test("the payer's category wins; keywords match whole words; the month is the UTC month of completion", async () => {
    const alice = user();
    const chosen = completed({ senderId: alice, amount: 100, description: "pizza", category: "ENTERTAINMENT", completedAt: inJune(1) });
    const business = completed({ senderId: alice, amount: 200, description: "business lunch", completedAt: inJune(2) });
    const bus = completed({ senderId: alice, amount: 300, description: "bus ticket", completedAt: inJune(2) });
    // 23:30 on 31 May in New York is June in UTC.
    const lateMay = completed({ senderId: alice, amount: 400, merchant: "Netflix", completedAt: "2030-05-31T23:30:00-04:00" });
    for (const t of [chosen, business, bus, lateMay]) await deliver(t);
    const spend = (await categoryRows(alice)).filter((r) => r.direction === "SPEND").map((r) => [r.yearMonth, r.category, r.totalCents, r.count]);
    expect(spend).toEqual([
      [JUNE, "ENTERTAINMENT", 500, 2],
      [JUNE, "OTHER", 200, 1],
      [JUNE, "TRANSPORT", 300, 1],
    ]);
    expect((await eventsOf(chosen.transactionId))[0]!.categorySource).toBe("USER");
    expect((await eventsOf(business.transactionId))[0]!.categorySource).toBe("DEFAULT");
  });

  test("top-ups are neither spent nor received; split and request payments are", async () => {
    const alice = user();
    const topup = await deliver(completed({ senderId: alice, recipientId: null, type: "TOPUP", amount: 50_000, completedAt: inJune(4) }));
    expect(await eventsOf(topup.data.transactionId)).toEqual([]);
    await deliver(completed({ senderId: alice, type: "SPLIT_PAYMENT", splitId: crypto.randomUUID(), amount: 700, description: "Split: Dinner", completedAt: inJune(4) }));
    await deliver(completed({ senderId: alice, type: "REQUEST_PAYMENT", requestId: crypto.randomUUID(), amount: 300, description: "Money request", completedAt: inJune(4) }));
    expect(await insights().summary(alice, JUNE)).toMatchObject({ totalSpend: 1_000, transactionCount: 2 });
  });

  test("top merchants: grouped regardless of case and spacing, largest first, limited", async () => {
    const alice = user();
    for (const [merchant, amount] of [["Blue Bottle", 500], ["BLUE  BOTTLE", 700], ["Corner Shop", 1_000], ["Zed's", 100], [null, 9_999], ["   ", 9_999]] as const) {
      await deliver(completed({ senderId: alice, merchant, amount, completedAt: inJune(5) }));
    }
    expect((await insights().topMerchants(alice, JUNE, 10)).merchants).toEqual([
      { merchant: "BLUE BOTTLE", total: 1_200, count: 2 },
      { merchant: "Corner Shop", total: 1_000, count: 1 },
      { merchant: "Zed's", total: 100, count: 1 },
    ]);
    expect((await insights().topMerchants(alice, JUNE, 1)).merchants).toEqual([{ merchant: "BLUE BOTTLE", total: 1_200, count: 2 }]);
    expect((await insights().topMerchants(alice, "2030-07", 10)).merchants).toEqual([]);
  });

  test("insights: categories by total with their share; ties by name", async () => {
    const alice = user();
    for (const [category, amount] of [["FOOD", 100], ["TRANSPORT", 100], ["UTILITIES", 100]] as const) {
      await deliver(completed({ senderId: alice, category, amount, completedAt: inJune(6) }));
    }
    const result = await insights().insights(alice, JUNE);
    expect(result.total).toBe(300);
    expect(result.categories).toEqual([
      { category: "FOOD", total: 100, count: 1, percentage: 33.33 },
      { category: "TRANSPORT", total: 100, count: 1, percentage: 33.33 },
      { category: "UTILITIES", total: 100, count: 1, percentage: 33.33 },
    ]);
  });

  test("a redelivered event and a second event about the same transfer change nothing", async () => {
    const [alice, bob] = [user(), user()];
    const t = completed({ senderId: alice, recipientId: bob, amount: 1_234, merchant: "Cafe Uno", completedAt: inJune(7) });
    const first = await deliver(t);
    // The same envelope under another Nats-Msg-Id, so JetStream does not drop it: the inbox must.
    await publishEvent(a.nc, "transaction.completed", t, { id: first.id, msgId: `${first.id}-again` });
    // Another event (new id) about the same transaction: the unique (transaction, user, direction) must.
    await deliver(t);
    await deliver(completed({ senderId: alice, recipientId: bob, amount: 1, completedAt: inJune(7) }));
    expect(await insights().summary(alice, JUNE)).toMatchObject({ totalSpend: 1_235, transactionCount: 2 });
    expect(await insights().summary(bob, JUNE)).toMatchObject({ totalReceived: 1_235, receivedCount: 2 });
    expect((await insights().topMerchants(alice, JUNE, 10)).merchants).toEqual([{ merchant: "Cafe Uno", total: 1_234, count: 1 }]);
    expect(await eventsOf(t.transactionId)).toHaveLength(2);
  });
});

describe("transaction.reversed", () => {
  const reversal = (t: ReturnType<typeof completed>) => ({
    transactionId: t.transactionId,
    type: t.type,
    senderId: t.senderId,
    recipientId: t.recipientId,
    amount: t.amount,
    currency: "USD" as const,
    requestId: null,
    splitId: null,
    reason: "dispute",
    reversedBy: crypto.randomUUID(),
    forced: false,
  });

  test("a reversed payment no longer counts for either party, in the month it was made", async () => {
    const [alice, bob] = [user(), user()];
    const kept = completed({ senderId: alice, recipientId: bob, amount: 1_000, merchant: "Shop", completedAt: inJune(8) });
    const undone = completed({ senderId: alice, recipientId: bob, amount: 5_000, merchant: "Shop", completedAt: inJune(8) });
    await deliver(kept);
    await deliver(undone);
    const r = await publishEvent(a.nc, "transaction.reversed", reversal(undone), { occurredAt: new Date(inJune(20)) });
    await eventually(() => handled(a.svc, r.id), { what: "reversal handled" });
    expect(await insights().summary(alice, JUNE)).toMatchObject({ totalSpend: 1_000, transactionCount: 1 });
    expect(await insights().summary(bob, JUNE)).toMatchObject({ totalReceived: 1_000, receivedCount: 1 });
    expect((await insights().topMerchants(alice, JUNE, 10)).merchants).toEqual([{ merchant: "Shop", total: 1_000, count: 1 }]);
    for (const row of await eventsOf(undone.transactionId)) expect(row.reversedAt?.toISOString()).toBe(inJune(20));
  });

  test("a reversal handled before its completion still wins", async () => {
    const alice = user();
    const t = completed({ senderId: alice, amount: 800, completedAt: inJune(9) });
    const r = await publishEvent(a.nc, "transaction.reversed", reversal(t));
    await eventually(() => handled(a.svc, r.id), { what: "reversal handled" });
    await deliver(t);
    expect(await eventsOf(t.transactionId)).toHaveLength(2);
    expect(await insights().summary(alice, JUNE)).toMatchObject({ totalSpend: 0, transactionCount: 0 });
    expect(await categoryRows(alice)).toEqual([]);
  });
});

describe("budget alerts", () => {
  // Budgets written directly: these tests are about ingestion; the HTTP tests save them through POST.
  const budgetFor = (userId: string, category: "FOOD" | "TRANSPORT", limitCents: number, active = true) =>
    db().insert(budgets).values({ id: Bun.randomUUIDv7(), userId, category, limitCents, active });
  const claims = (userId: string) => db().select().from(budgetAlerts).where(eq(budgetAlerts.userId, userId)).orderBy(budgetAlerts.yearMonth, budgetAlerts.thresholdPercent);

  test("80 % and 100 % fire once per month each, even with redelivered events", async () => {
    const alice = user();
    await budgetFor(alice, "FOOD", 10_000);
    await deliver(completed({ senderId: alice, category: "FOOD", amount: 7_999, completedAt: inJune(10) }));
    expect(await alertEvents(a.svc, "analytics.budget_warning", alice)).toEqual([]);
    const crossing = completed({ senderId: alice, category: "FOOD", amount: 1, completedAt: inJune(10) });
    const first = await deliver(crossing);
    await publishEvent(a.nc, "transaction.completed", crossing, { id: first.id, msgId: `${first.id}-again` });
    await deliver(completed({ senderId: alice, category: "FOOD", amount: 1_000, completedAt: inJune(11) }));
    await deliver(completed({ senderId: alice, category: "FOOD", amount: 5_000, completedAt: inJune(12) }));
    // Other categories have no budget.
    await deliver(completed({ senderId: alice, category: "TRANSPORT", amount: 50_000, completedAt: inJune(12) }));

    const warnings = await alertEvents(a.svc, "analytics.budget_warning", alice);
    const exceeded = await alertEvents(a.svc, "analytics.budget_exceeded", alice);
    expect(warnings).toHaveLength(1);
    expect(exceeded).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ actorId: alice, subjectUserIds: [alice], data: { userId: alice, category: "FOOD", used: 8_000, limit: 10_000, yearMonth: JUNE, thresholdPercent: 80 } });
    expect(exceeded[0]).toMatchObject({ actorId: alice, data: { userId: alice, category: "FOOD", used: 14_000, limit: 10_000, yearMonth: JUNE, thresholdPercent: 100 } });
    expect(exceeded[0]!.data.budgetId).toBe(warnings[0]!.data.budgetId);

    // A new month starts from nothing.
    await deliver(completed({ senderId: alice, category: "FOOD", amount: 9_000, completedAt: "2030-07-01T00:00:00Z" }));
    expect((await claims(alice)).map((c) => [c.yearMonth, c.thresholdPercent])).toEqual([[JUNE, 80], [JUNE, 100], ["2030-07", 80]]);
  });

  test("payments arriving together (one consumer batch) add up exactly and raise each alert once", async () => {
    const alice = user();
    await budgetFor(alice, "FOOD", 40_000);
    const payments = Array.from({ length: 40 }, (_, i) => completed({ senderId: alice, category: "FOOD", amount: 1_000 + i, merchant: i % 2 ? "Corner Café" : "corner  CAFÉ", completedAt: inJune(14) }));
    const envelopes = await Promise.all(payments.map((p) => publishEvent(a.nc, "transaction.completed", p)));
    await eventually(async () => (await Promise.all(envelopes.map((e) => handled(a.svc, e.id)))).every(Boolean), { what: "all 40 handled" });
    const total = payments.reduce((sum, p) => sum + p.amount, 0);
    const [spend] = (await categoryRows(alice)).filter((r) => r.direction === "SPEND");
    expect(spend).toMatchObject({ yearMonth: JUNE, category: "FOOD", totalCents: total, count: 40 });
    const [merchant] = await db().select().from(merchantAggregates).where(eq(merchantAggregates.userId, alice));
    expect(merchant).toMatchObject({ merchantKey: "corner café", merchant: "Corner Café", totalCents: total, count: 40 });
    expect(await alertEvents(a.svc, "analytics.budget_warning", alice)).toHaveLength(1);
    expect(await alertEvents(a.svc, "analytics.budget_exceeded", alice)).toHaveLength(1);
  });

  test("a payment that crosses both thresholds at once raises both", async () => {
    const alice = user();
    await budgetFor(alice, "TRANSPORT", 1_000);
    await deliver(completed({ senderId: alice, description: "taxi", amount: 1_500, completedAt: inJune(13) }));
    expect((await alertEvents(a.svc, "analytics.budget_warning", alice)).map((e) => e.data.used)).toEqual([1_500]);
    expect((await alertEvents(a.svc, "analytics.budget_exceeded", alice)).map((e) => e.data.used)).toEqual([1_500]);
  });

  test("an inactive budget raises nothing; received money never counts against a budget", async () => {
    const [alice, bob] = [user(), user()];
    await budgetFor(bob, "FOOD", 100);
    await budgetFor(alice, "FOOD", 100, false);
    await deliver(completed({ senderId: alice, recipientId: bob, category: "FOOD", amount: 5_000, completedAt: inJune(14) }));
    expect(await claims(alice)).toEqual([]);
    expect(await claims(bob)).toEqual([]);
  });
});

describe("rebuild", () => {
  const dump = async () => ({
    categories: await db().select().from(monthlyAggregates).orderBy(monthlyAggregates.userId, monthlyAggregates.yearMonth, monthlyAggregates.direction, monthlyAggregates.category),
    merchants: await db().select().from(merchantAggregates).orderBy(merchantAggregates.userId, merchantAggregates.yearMonth, merchantAggregates.merchantKey),
  });

  test("recomputing from the stored events gives exactly the incremental aggregates, and repairs drift", async () => {
    const alice = user();
    await deliver(completed({ senderId: alice, merchant: "zeta", amount: 300, completedAt: inJune(16) }));
    await deliver(completed({ senderId: alice, merchant: "Zeta", amount: 200, completedAt: inJune(17) }));
    const before = await dump();
    expect(before.categories.length).toBeGreaterThan(0);
    const result = await db().transaction((tx) => rebuildAggregates(tx));
    expect(result.drifted).toBe(0);
    expect(await dump()).toEqual(before);

    // Someone corrupts an aggregate: the rebuild puts it right and says so.
    await db().update(monthlyAggregates).set({ totalCents: 1 }).where(and(eq(monthlyAggregates.userId, alice), eq(monthlyAggregates.direction, "SPEND")));
    await db().insert(monthlyAggregates).values({ userId: alice, yearMonth: "2001-01", direction: "SPEND", category: "OTHER", totalCents: 5, count: 1 });
    const repaired = await db().transaction((tx) => rebuildAggregates(tx));
    expect(repaired.drifted).toBe(2);
    expect(await dump()).toEqual(before);
    const [counted] = await db().execute<{ n: number }>(sql`select count(*)::int as n from spend_events where reversed_at is null`);
    expect(repaired.events).toBe(counted!.n);
  });
});

describe("reconciliation (G-49)", () => {
  const aggregatesOf = async (userId: string) => ({
    categories: await categoryRows(userId),
    merchants: await db().select().from(merchantAggregates).where(eq(merchantAggregates.userId, userId)).orderBy(merchantAggregates.yearMonth, merchantAggregates.merchantKey),
  });
  const reconciler = () => createReconciler({ db: db(), clock, log: createLogger("analytics-test", "error") });

  test("finds exactly the user-months of this month and the last that drifted, and recomputes them", async () => {
    const [alice, bob] = [user(), user()];
    await deliver(completed({ senderId: alice, recipientId: bob, merchant: "Corner Shop", amount: 700, completedAt: inJune(4) }));
    await deliver(completed({ senderId: alice, recipientId: bob, merchant: "Corner Shop", amount: 300, completedAt: "2030-05-20T10:00:00Z" }));
    await deliver(completed({ senderId: bob, recipientId: alice, amount: 50, completedAt: inJune(5) }));
    const before = { alice: await aggregatesOf(alice), bob: await aggregatesOf(bob) };
    const ours = (found: { userId: string; yearMonth: string }[]) => found.filter((m) => m.userId === alice || m.userId === bob).sort((x, y) => (x.userId + x.yearMonth).localeCompare(y.userId + y.yearMonth));
    expect(ours(await reconciler().run())).toEqual([]);

    // Three kinds of drift: a wrong total in June, a lost merchant row in May, a row no event backs.
    await db().update(monthlyAggregates).set({ totalCents: 1 }).where(and(eq(monthlyAggregates.userId, alice), eq(monthlyAggregates.yearMonth, JUNE), eq(monthlyAggregates.direction, "SPEND")));
    await db().delete(merchantAggregates).where(and(eq(merchantAggregates.userId, alice), eq(merchantAggregates.yearMonth, "2030-05")));
    await db().insert(monthlyAggregates).values({ userId: bob, yearMonth: "2030-05", direction: "SPEND", category: "OTHER", totalCents: 5, count: 1 });
    // Older months are the full rebuild's business.
    await db().insert(monthlyAggregates).values({ userId: bob, yearMonth: "2030-01", direction: "SPEND", category: "OTHER", totalCents: 9, count: 1 });

    const expected = [{ userId: alice, yearMonth: "2030-05" }, { userId: alice, yearMonth: JUNE }, { userId: bob, yearMonth: "2030-05" }];
    expect(ours(await reconciler().run())).toEqual(ours(expected));
    const older = await db().select().from(monthlyAggregates).where(and(eq(monthlyAggregates.userId, bob), eq(monthlyAggregates.yearMonth, "2030-01")));
    await db().delete(monthlyAggregates).where(and(eq(monthlyAggregates.userId, bob), eq(monthlyAggregates.yearMonth, "2030-01")));
    expect(older).toHaveLength(1);
    expect({ alice: await aggregatesOf(alice), bob: await aggregatesOf(bob) }).toEqual(before);
    expect(ours(await reconciler().run())).toEqual([]);
  });

  test("runs by itself on the configured schedule", async () => {
    const alice = user();
    await deliver(completed({ senderId: alice, amount: 1_200, completedAt: inJune(6) }));
    const before = await aggregatesOf(alice);
    await db().update(monthlyAggregates).set({ count: 99 }).where(eq(monthlyAggregates.userId, alice));
    // A second replica on the same database, with a short schedule.
    const scheduled = await startService(createAnalyticsService({ clock }), { DATABASE_NAME: a.svc.ctx.config.DATABASE_NAME, ANALYTICS_RECONCILE_EVERY_MS: "1000" });
    try {
      await eventually(async () => Bun.deepEquals(await aggregatesOf(alice), before), { what: "the scheduled reconciliation repaired the count", timeoutMs: 15_000 });
    } finally {
      await scheduled.stop();
    }
  });
});
