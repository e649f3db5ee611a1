import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { eq } from "drizzle-orm";
import { eventually } from "../../shared/testing/wait.ts";
import { getCaddy } from "../../tests/harness/infra.ts";
import type { MoneyUser } from "../../tests/harness/money.ts";
import { bearer } from "../../tests/harness/users.ts";
import { budgets, merchantAggregates, monthlyAggregates } from "./db/schema.ts";
import { alertEvents, call, pay, startAnalyticsMesh, type AnalyticsMesh } from "./test-support.ts";

setDefaultTimeout(120_000);

let m: AnalyticsMesh;
let alice: MoneyUser;
let bob: MoneyUser;
beforeAll(async () => {
  m = await startAnalyticsMesh();
  [alice, bob] = await Promise.all([m.mesh.user({ balance: 100_000 }), m.mesh.user({ balance: 20_000 })]);
});
afterAll(() => m?.stop());

const get = (user: MoneyUser | null, path: string) => call(m.svc, "GET", path, user?.token ?? null);
const monthOf = (iso: string) => iso.slice(0, 7);

/** Waits until analytics has counted `count` payments made by the user in the month. */
const spendCounted = (user: MoneyUser, month: string, count: number) =>
  eventually(async () => {
    const res = await get(user, `/summary?month=${month}`);
    return res.body.transactionCount >= count ? res.body : undefined;
  }, { timeoutMs: 20_000, what: `${count} payments of ${user.id} counted` });

describe("real transfers become insights", () => {
  test("the sender's spend by category, top merchants and summary; the recipient's received total", async () => {
    const eats = await pay(m.mesh, alice, bob, { amount: 1_250, description: "lunch", merchant: "Uber Eats" });
    await pay(m.mesh, alice, bob, { amount: 2_000, description: "ride", merchant: "uber" });
    await pay(m.mesh, alice, bob, { amount: 3_000, description: "concert tickets", category: "ENTERTAINMENT", merchant: "UBER" });
    await pay(m.mesh, alice, bob, { amount: 500, description: "business lunch" });
    const month = monthOf(eats.completedAt!);
    await spendCounted(alice, month, 4);

    const insights = await get(alice, `/insights?month=${month}`);
    expect(insights.status).toBe(200);
    expect(insights.body).toEqual({
      yearMonth: month,
      total: 6_750,
      count: 4,
      categories: [
        { category: "ENTERTAINMENT", total: 3_000, count: 1, percentage: 44.44 },
        { category: "TRANSPORT", total: 2_000, count: 1, percentage: 29.63 },
        { category: "FOOD", total: 1_250, count: 1, percentage: 18.52 },
        { category: "OTHER", total: 500, count: 1, percentage: 7.41 },
      ],
    });
    expect((await get(alice, `/summary?month=${month}`)).body).toEqual({ yearMonth: month, totalSpend: 6_750, transactionCount: 4, totalReceived: 0, receivedCount: 0 });
    expect((await get(bob, `/summary?month=${month}`)).body).toEqual({ yearMonth: month, totalSpend: 0, transactionCount: 0, totalReceived: 6_750, receivedCount: 4 });
    expect((await get(bob, `/insights?month=${month}`)).body).toEqual({ yearMonth: month, total: 0, count: 0, categories: [] });

    const merchants = await get(alice, `/top-merchants?month=${month}&limit=2`);
    expect(merchants.status).toBe(200);
    expect(merchants.body).toEqual({ yearMonth: month, merchants: [{ merchant: "UBER", total: 5_000, count: 2 }, { merchant: "Uber Eats", total: 1_250, count: 1 }] });
    // The default month is the current one; another month is empty.
    expect((await get(alice, "/top-merchants")).body.merchants.length).toBeGreaterThan(0);
    expect((await get(alice, "/insights?month=1999-01")).body).toEqual({ yearMonth: "1999-01", total: 0, count: 0, categories: [] });
  });

  test("through the gateway, as the browser would: a transfer, then the sender's insights", async () => {
    const host = (url: string) => new URL(url).host;
    const gateway = await getCaddy({ transactions: host(m.mesh.transactions.url), analytics: host(m.svc.url) });
    const [ivy, jon] = await Promise.all([m.mesh.user({ balance: 5_000 }), m.mesh.user()]);
    const sent = await fetch(`${gateway.url}/api/v1/transactions/transfer`, {
      method: "POST",
      headers: { ...bearer(ivy.token), "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
      body: JSON.stringify({ recipientId: jon.id, amount: 1_999, description: "cinema night" }),
    });
    expect(sent.status).toBe(201);
    const month = monthOf(((await sent.json()) as { completedAt: string }).completedAt);
    const insights = await eventually(async () => {
      const res = await fetch(`${gateway.url}/api/v1/analytics/insights?month=${month}`, { headers: bearer(ivy.token) });
      const body = (await res.json()) as any;
      return res.status === 200 && body.count === 1 ? body : undefined;
    }, { timeoutMs: 20_000, what: "insights through the gateway" });
    expect(insights.categories).toEqual([{ category: "ENTERTAINMENT", total: 1_999, count: 1, percentage: 100 }]);
    const bad = await fetch(`${gateway.url}/api/v1/analytics/summary?month=13-2030`, { headers: bearer(ivy.token) });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
  });

  test("an admin's reversal takes the payment out of both users' months", async () => {
    const [carol, dave] = await Promise.all([m.mesh.user({ balance: 10_000 }), m.mesh.user()]);
    const kept = await pay(m.mesh, carol, dave, { amount: 1_000, merchant: "Deli" });
    const undone = await pay(m.mesh, carol, dave, { amount: 4_000, merchant: "Deli" });
    const month = monthOf(kept.completedAt!);
    await spendCounted(carol, month, 2);
    await m.mesh.rpc.transactions.reverse({ transactionId: undone.id, adminId: crypto.randomUUID(), reason: "dispute" });
    await eventually(async () => (await get(carol, `/summary?month=${month}`)).body.totalSpend === 1_000, { timeoutMs: 20_000, what: "reversal applied" });
    expect((await get(carol, `/summary?month=${month}`)).body).toMatchObject({ totalSpend: 1_000, transactionCount: 1 });
    expect((await get(dave, `/summary?month=${month}`)).body).toMatchObject({ totalReceived: 1_000, receivedCount: 1 });
    expect((await get(carol, `/top-merchants?month=${month}`)).body.merchants).toEqual([{ merchant: "Deli", total: 1_000, count: 1 }]);
  });
});

describe("budgets", () => {
  test("POST creates, POST again replaces (same id), GET lists with usage, DELETE removes", async () => {
    const user = await m.mesh.user();
    const created = await call(m.svc, "POST", "/budgets", user.token, { category: "FOOD", limitCents: 20_000 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ userId: user.id, category: "FOOD", limitCents: 20_000, active: true, spentCents: 0, remainingCents: 20_000, percentUsed: 0 });
    const updated = await call(m.svc, "POST", "/budgets", user.token, { category: "FOOD", limitCents: 30_000 });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: created.body.id, limitCents: 30_000, createdAt: created.body.createdAt });
    await call(m.svc, "POST", "/budgets", user.token, { category: "TRANSPORT", limitCents: 5_000, active: false });

    const list = await get(user, "/budgets");
    expect(list.status).toBe(200);
    expect(list.body.items.map((b: any) => [b.category, b.limitCents, b.active])).toEqual([["FOOD", 30_000, true], ["TRANSPORT", 5_000, false]]);

    // Someone else's budget is not there for anyone else: 404, and it stays.
    const other = await call(m.svc, "DELETE", `/budgets/${created.body.id}`, alice.token);
    expect(other.status).toBe(404);
    expect(other.headers.get("content-type")).toContain("application/problem+json");
    expect((await get(alice, "/budgets")).body.items.map((b: any) => b.id)).not.toContain(created.body.id);

    const deleted = await call(m.svc, "DELETE", `/budgets/${created.body.id}`, user.token);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id: created.body.id, category: "FOOD" });
    expect((await call(m.svc, "DELETE", `/budgets/${created.body.id}`, user.token)).status).toBe(404);
    expect((await get(user, "/budgets")).body.items.map((b: any) => b.category)).toEqual(["TRANSPORT"]);
  });

  test("real payments raise the 80 % warning and the 100 % alert once each; usage is the month's spend", async () => {
    const [erin, frank] = await Promise.all([m.mesh.user({ balance: 30_000 }), m.mesh.user()]);
    expect((await call(m.svc, "POST", "/budgets", erin.token, { category: "FOOD", limitCents: 10_000 })).status).toBe(201);
    const first = await pay(m.mesh, erin, frank, { amount: 8_500, description: "groceries" });
    const month = monthOf(first.completedAt!);
    await eventually(async () => (await alertEvents(m.svc, "analytics.budget_warning", erin.id)).length === 1, { timeoutMs: 20_000, what: "budget warning" });
    await pay(m.mesh, erin, frank, { amount: 1_000, description: "pizza" });
    await pay(m.mesh, erin, frank, { amount: 600, description: "coffee" });
    await pay(m.mesh, erin, frank, { amount: 700, description: "burger" });
    await spendCounted(erin, month, 4);
    const warnings = await alertEvents(m.svc, "analytics.budget_warning", erin.id);
    const exceeded = await alertEvents(m.svc, "analytics.budget_exceeded", erin.id);
    expect(warnings.map((e) => e.data)).toEqual([expect.objectContaining({ used: 8_500, limit: 10_000, thresholdPercent: 80, category: "FOOD", yearMonth: month })]);
    expect(exceeded.map((e) => e.data)).toEqual([expect.objectContaining({ used: 10_100, limit: 10_000, thresholdPercent: 100 })]);
    const [budget] = (await get(erin, `/budgets?month=${month}`)).body.items;
    expect(budget).toMatchObject({ spentCents: 10_800, remainingCents: -800, percentUsed: 108 });
  });

  test("a budget set below what the month already spent alerts at once; raising the limit re-arms", async () => {
    const [gina, hal] = await Promise.all([m.mesh.user({ balance: 10_000 }), m.mesh.user()]);
    const paid = await pay(m.mesh, gina, hal, { amount: 4_500, category: "UTILITIES" });
    await spendCounted(gina, monthOf(paid.completedAt!), 1);
    await call(m.svc, "POST", "/budgets", gina.token, { category: "UTILITIES", limitCents: 5_000 });
    expect((await alertEvents(m.svc, "analytics.budget_warning", gina.id)).map((e) => e.data.used)).toEqual([4_500]);
    // Same limit again: nothing new.
    await call(m.svc, "POST", "/budgets", gina.token, { category: "UTILITIES", limitCents: 5_000 });
    expect(await alertEvents(m.svc, "analytics.budget_warning", gina.id)).toHaveLength(1);
    // Raised to 10 000: 45 % used, so 80 % may fire again later; lowered to 4 000: both fire now.
    await call(m.svc, "POST", "/budgets", gina.token, { category: "UTILITIES", limitCents: 10_000 });
    await call(m.svc, "POST", "/budgets", gina.token, { category: "UTILITIES", limitCents: 4_000 });
    expect((await alertEvents(m.svc, "analytics.budget_warning", gina.id)).map((e) => e.data.limit)).toEqual([5_000, 4_000]);
    expect((await alertEvents(m.svc, "analytics.budget_exceeded", gina.id)).map((e) => e.data.limit)).toEqual([4_000]);
  });
});

describe("bad input → 4xx problem+json naming the field, nothing stored", () => {
  // [method, path, body, status, field the problem must name]
  const cases: [string, string, unknown, number, string | null][] = [
    ["GET", "/insights?month=2030-13", undefined, 400, "month"],
    ["GET", "/insights?month=june", undefined, 400, "month"],
    ["GET", "/summary?month=2030-6", undefined, 400, "month"],
    ["GET", "/summary?month=", undefined, 400, "month"],
    ["GET", "/top-merchants?month=2030-00", undefined, 400, "month"],
    ["GET", "/top-merchants?limit=0", undefined, 400, "limit"],
    ["GET", "/top-merchants?limit=51", undefined, 400, "limit"],
    ["GET", "/top-merchants?limit=abc", undefined, 400, "limit"],
    ["GET", "/top-merchants?limit=2.5", undefined, 400, "limit"],
    ["GET", "/budgets?month=2030-1-1", undefined, 400, "month"],
    ["POST", "/budgets", { category: "RENT", limitCents: 1_000 }, 400, "category"],
    ["POST", "/budgets", { category: "food", limitCents: 1_000 }, 400, "category"],
    ["POST", "/budgets", { limitCents: 1_000 }, 400, "category"],
    ["POST", "/budgets", { category: "FOOD" }, 400, "limitCents"],
    ["POST", "/budgets", { category: "FOOD", limitCents: 0 }, 400, "limitCents"],
    ["POST", "/budgets", { category: "FOOD", limitCents: -5 }, 400, "limitCents"],
    ["POST", "/budgets", { category: "FOOD", limitCents: 10.5 }, 400, "limitCents"],
    ["POST", "/budgets", { category: "FOOD", limitCents: "1000" }, 400, "limitCents"],
    ["POST", "/budgets", { category: "FOOD", limitCents: 1e15 }, 400, "limitCents"],
    ["POST", "/budgets", { category: "FOOD", limitCents: 1_000, active: "yes" }, 400, "active"],
    ["POST", "/budgets", { category: "FOOD", limitCents: 1_000, amount: 5 }, 400, "amount"],
    ["POST", "/budgets", [{ category: "FOOD", limitCents: 1_000 }], 400, null],
    ["POST", "/budgets", "{not json", 400, null],
    ["POST", "/budgets", "null", 400, null],
    ["DELETE", "/budgets/not-a-uuid", undefined, 404, null],
    ["DELETE", `/budgets/${crypto.randomUUID()}`, undefined, 404, null],
  ];

  test.each(cases.map((c, i) => [`#${i + 1} ${c[0]} ${c[1]} ${c[2] === undefined ? "" : JSON.stringify(c[2])}`, ...c] as const))("%s", async (_label, method, path, body, status, field) => {
    const user = bob;
    const res = await call(m.svc, method, path, user.token, body);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body).toMatchObject({ status, code: status === 404 ? "NOT_FOUND" : "INVALID_ARGUMENT" });
    if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await m.svc.ctx.db.select().from(budgets).where(eq(budgets.userId, user.id))).toEqual([]);
  });

  test("a body that is not JSON is 415; no token is 401 on every route", async () => {
    const res = await fetch(`${m.svc.url}/api/v1/analytics/budgets`, { method: "POST", headers: { authorization: `Bearer ${bob.token}`, "content-type": "text/plain" }, body: "FOOD" });
    expect(res.status).toBe(415);
    for (const [method, path] of [["GET", "/insights"], ["GET", "/summary"], ["GET", "/top-merchants"], ["GET", "/budgets"], ["POST", "/budgets"], ["DELETE", `/budgets/${crypto.randomUUID()}`]]) {
      const r = await call(m.svc, method!, path!, null, method === "POST" ? { category: "FOOD", limitCents: 1 } : undefined);
      expect([method, path, r.status]).toEqual([method, path, 401]);
      expect(r.headers.get("content-type")).toContain("application/problem+json");
    }
    expect(await m.svc.ctx.db.select().from(budgets).where(eq(budgets.userId, bob.id))).toEqual([]);
  });
});

describe("bun run analytics:rebuild", () => {
  test("the command recomputes every aggregate from the stored events and finds them identical", async () => {
    const dump = async () => ({
      categories: await m.svc.ctx.db.select().from(monthlyAggregates).orderBy(monthlyAggregates.userId, monthlyAggregates.yearMonth, monthlyAggregates.direction, monthlyAggregates.category),
      merchants: await m.svc.ctx.db.select().from(merchantAggregates).orderBy(merchantAggregates.userId, merchantAggregates.yearMonth, merchantAggregates.merchantKey),
    });
    const before = await dump();
    expect(before.categories.length).toBeGreaterThan(0);
    expect(before.merchants.length).toBeGreaterThan(0);
    const config = m.svc.ctx.config;
    const proc = Bun.spawn(["bun", new URL("./scripts/rebuild.ts", import.meta.url).pathname], {
      env: { ...process.env, POSTGRES_URL: config.POSTGRES_URL, DATABASE_NAME: config.DATABASE_NAME, DATABASE_URL: undefined },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    expect([code, err]).toEqual([0, ""]);
    expect(JSON.parse(out)).toMatchObject({ rebuilt: true, drifted: 0, categoryRows: before.categories.length, merchantRows: before.merchants.length });
    expect(await dump()).toEqual(before);
  });
});
