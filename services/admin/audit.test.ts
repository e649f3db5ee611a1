import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { eventually } from "../../shared/testing/wait.ts";
import type { MoneyUser } from "../../tests/harness/money.ts";
import { expectProblem, newTrace, startAdminStack, TRACE_UI, type AdminStack } from "./test-support.ts";

setDefaultTimeout(60_000);

let s: AdminStack;
let zoe: MoneyUser;
beforeAll(async () => {
  s = await startAdminStack();
  zoe = await s.mesh.user({ balance: 40_000, name: "Zoe Audited" });
}, 180_000);
afterAll(() => s?.stop());

describe("the audit log", () => {
  test("one entry per action and view, with the admin, the reason, the target and the trace; filters by actor, type, target and time; pages", async () => {
    const carlos = await s.newAdmin();
    const traces = [newTrace(), newTrace(), newTrace()];
    await s.get(`/admin/users/${zoe.id}`, carlos.token, { traceparent: traces[0]!.traceparent });
    await s.post(`/admin/users/${zoe.id}/freeze`, { reason: "audit test" }, carlos.token, { traceparent: traces[1]!.traceparent });
    await s.post(`/admin/users/${zoe.id}/unfreeze`, { reason: "audit test over" }, carlos.token, { traceparent: traces[2]!.traceparent });
    await s.settled();

    const mine = await s.get(`/admin/audit?actorId=${carlos.id}`);
    expect(mine.status).toBe(200);
    // Carlos's own actions (the services' events of the changes they caused name him too).
    const actions = mine.body.entries.filter((e: any) => e.producer === "admin");
    // The log is in the order events arrived, which need not be the order of the actions.
    const byType = Object.fromEntries(actions.map((e: any) => [e.type, e]));
    expect(Object.keys(byType).sort()).toEqual(["admin.user_frozen", "admin.user_unfrozen", "admin.user_viewed"]);
    expect(actions).toHaveLength(3);
    expect([byType["admin.user_viewed"].traceId, byType["admin.user_frozen"].traceId, byType["admin.user_unfrozen"].traceId]).toEqual(traces.map((t) => t.traceId));
    const frozen = byType["admin.user_frozen"];
    expect(frozen).toMatchObject({
      producer: "admin",
      actor: { id: carlos.id, email: carlos.email },
      subjects: [{ id: zoe.id, name: "Zoe Audited", email: zoe.email }],
      traceUrl: `${TRACE_UI}/trace/${traces[1]!.traceId}`,
      payload: { userId: zoe.id, reason: "audit test" },
    });

    // The wallet's own record of the freeze is a state change, not a second entry of the admin's action.
    const aboutZoe = await s.get(`/admin/audit?targetUserId=${zoe.id}&type=admin.user_frozen`);
    expect(aboutZoe.body.entries.map((e: any) => e.eventId)).toEqual([frozen.eventId]);
    const walletSide = await eventually(async () => {
      const r = await s.get(`/admin/audit?targetUserId=${zoe.id}&type=wallet.frozen`);
      return r.body.entries.length === 1 ? r : undefined;
    }, { what: "the wallet's freeze event in the log" });
    expect(walletSide.body.entries[0]).toMatchObject({ producer: "wallet", actor: { id: carlos.id }, traceId: traces[1]!.traceId });

    const today = new Date().toISOString().slice(0, 10);
    expect((await s.get(`/admin/audit?actorId=${carlos.id}&from=${today}&to=${today}`)).body.entries).toEqual(mine.body.entries);
    expect((await s.get(`/admin/audit?actorId=${carlos.id}&to=2000-01-01`)).body.entries).toEqual([]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = (await s.get(`/admin/audit?actorId=${carlos.id}&limit=2${cursor ? `&cursor=${cursor}` : ""}`)).body;
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries.map((e: any) => e.eventId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(mine.body.entries.map((e: any) => e.eventId));
  });

  test("verify walks the chain and reports it intact", async () => {
    const res = await s.get(`/admin/audit/verify`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, firstBroken: null });
    expect(res.body.checkedRows).toBeGreaterThan(0);
  });

  test("bad filters name the field", async () => {
    for (const [query, field] of [
      ["limit=0", "limit"],
      ["limit=201", "limit"],
      ["cursor=abc", "cursor"],
      ["from=yesterday", "from"],
      ["from=2030-01-02&to=2030-01-01", "from"],
      ["type=Admin.Anything", "type"],
      ["action=admin.user_frozen", "action"],
      [`targetUserId=${"x".repeat(65)}`, "targetUserId"],
    ]) {
      expectProblem(await s.get(`/admin/audit?${query}`), 400, "INVALID_ARGUMENT", field);
    }
  });
});

test("the overview: users, reviews and cases waiting, pending approvals, today's transfers and volume, funds held, the ledger check", async () => {
  const before = await s.get(`/admin/overview`);
  expect(before.status).toBe(200);
  expect(before.body).toMatchObject({ unavailable: [], ledger: { ok: true, problems: [] }, approvals: { pending: 0 } });
  expect(before.body.users.admins).toBeGreaterThanOrEqual(2);

  const yan = await s.mesh.user();
  expect((await s.mesh.transfer(zoe, { recipientId: yan.id, amount: 1_234 })).status).toBe(201);
  expect((await s.mesh.transfer(zoe, { recipientId: (await s.mesh.user()).id, amount: 25_000 })).status).toBe(202);
  await s.put(`/admin/users/${yan.id}/role`, { role: "ADMIN", reason: "overview" });

  const after = await s.get(`/admin/overview`);
  expect(after.body.users.total).toBe(before.body.users.total + 2);
  expect(after.body.today.transfers - before.body.today.transfers).toBe(2);
  expect(after.body.today.volumeCents - before.body.today.volumeCents).toBe(1_234);
  expect(after.body.today.heldForReview - before.body.today.heldForReview).toBe(1);
  expect(after.body.funds.heldCents - before.body.funds.heldCents).toBe(25_000);
  expect(after.body.fraud.openCases - before.body.fraud.openCases).toBe(1);
  expect(after.body.approvals.pending).toBe(1);
  expect(after.body.kyc).toEqual({ pendingReviews: expect.any(Number) });
});
