import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { eventually } from "../../shared/testing/wait.ts";
import type { MoneyUser } from "../../tests/harness/money.ts";
import { expectProblem, newTrace, startAdminStack, type AdminStack } from "./test-support.ts";

setDefaultTimeout(60_000);

let s: AdminStack;
let carol: MoneyUser;
beforeAll(async () => {
  s = await startAdminStack();
  carol = await s.mesh.user({ balance: 5_000, name: `Carol Quill ${Date.now().toString(36)}` });
}, 180_000);
afterAll(() => s?.stop());

describe("users", () => {
  test("search by e-mail prefix or name, paged, with each user's wallet", async () => {
    const bySurname = await s.get(`/admin/users?q=quill`);
    expect(bySurname.status).toBe(200);
    expect(bySurname.body.items.map((u: any) => u.id)).toContain(carol.id);
    const entry = bySurname.body.items.find((u: any) => u.id === carol.id);
    expect(entry).toMatchObject({ email: carol.email, role: "USER", emailVerified: true, isActive: true, wallet: { status: "ACTIVE", balance: 5_000 } });
    expect((await s.get(`/admin/users?q=${encodeURIComponent(carol.email.slice(0, 12).toUpperCase())}`)).body.items.map((u: any) => u.id)).toContain(carol.id);

    const first = await s.get(`/admin/users?limit=1`);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await s.get(`/admin/users?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].email > first.body.items[0].email).toBe(true);
  });

  test("a user's picture: identity, wallet, holds, KYC and limits, recent transactions with names; one audit entry per view", async () => {
    const dan = await s.mesh.user({ name: "Dan Payee" });
    expect((await s.mesh.transfer(carol, { recipientId: dan.id, amount: 1_200, description: "lunch" })).status).toBe(201);
    const trace = newTrace();
    const res = await s.get(`/admin/users/${carol.id}`, s.alice.token, { traceparent: trace.traceparent });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      user: { id: carol.id, email: carol.email, role: "USER", emailVerified: true },
      wallet: { status: "ACTIVE", balance: 3_800, heldAmount: 0 },
      holds: [],
      kyc: { tier: "BASIC", documents: [] },
      limits: { tier: "BASIC", perTransactionCents: 50_000 },
      openFraudCases: [],
      sanction: null,
      pendingAction: null,
    });
    expect(res.body.recentTransactions[0]).toMatchObject({ amount: 1_200, direction: "OUT", counterparty: { id: dan.id, name: "Dan Payee", email: dan.email } });

    const [entry, ...more] = await s.entries("admin.user_viewed", { subjectUserId: carol.id });
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actorId: s.alice.id, subjectUserIds: [carol.id], traceId: trace.traceId, payload: { userId: carol.id } });
    expectProblem(await s.get(`/admin/users/${crypto.randomUUID()}`), 404, "NOT_FOUND");
  });

  test("freeze refuses every payment in and out and notifies nobody of the reason; unfreeze lets them through; each recorded once", async () => {
    const erin = await s.mesh.user({ balance: 3_000 });
    const trace = newTrace();
    const frozen = await s.post(`/admin/users/${erin.id}/freeze`, { reason: "chargeback pattern" }, s.alice.token, { traceparent: trace.traceparent });
    expect(frozen.status).toBe(200);
    expect(frozen.body.wallet).toMatchObject({ status: "FROZEN", balance: 3_000 });
    // A repeat (a double click) changes nothing and records nothing more.
    expect((await s.post(`/admin/users/${erin.id}/freeze`, { reason: "chargeback pattern" })).body.wallet.updatedAt).toBe(frozen.body.wallet.updatedAt);

    expect((await s.mesh.transfer(erin, { recipientId: carol.id, amount: 100 })).status).toBe(409);
    expect((await s.mesh.transfer(carol, { recipientId: erin.id, amount: 100 })).status).toBe(409);
    expect((await s.mesh.topup(erin, { amount: 100 })).status).toBe(409);
    expect((await s.mesh.balance(erin.id)).balance).toBe(3_000);

    const [entry, ...more] = await s.entries("admin.user_frozen", { subjectUserId: erin.id });
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actorId: s.alice.id, traceId: trace.traceId, payload: { userId: erin.id, reason: "chargeback pattern" } });

    const thawed = await s.post(`/admin/users/${erin.id}/unfreeze`, { reason: "cleared by the issuer" }, s.bob.token);
    expect(thawed.body.wallet.status).toBe("ACTIVE");
    expect((await s.mesh.transfer(erin, { recipientId: carol.id, amount: 100 })).status).toBe(201);
    const unfrozen = await s.entries("admin.user_unfrozen", { subjectUserId: erin.id });
    expect(unfrozen).toHaveLength(1);
    expect(unfrozen[0]).toMatchObject({ actorId: s.bob.id, payload: { reason: "cleared by the issuer" } });
  });

  test("freezing twice at once freezes once and records once", async () => {
    const fay = await s.mesh.user();
    const both = await Promise.all([s.post(`/admin/users/${fay.id}/freeze`, { reason: "twice" }), s.post(`/admin/users/${fay.id}/freeze`, { reason: "twice" }, s.bob.token)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(await s.entries("admin.user_frozen", { subjectUserId: fay.id })).toHaveLength(1);
  });

  test("roles: a demotion runs at once; a promotion waits for a second admin; nobody changes their own role", async () => {
    const gus = await s.mesh.user({ name: "Gus" });
    const asked = await s.put(`/admin/users/${gus.id}/role`, { role: "ADMIN", reason: "joins the support team" });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ kind: "PROMOTE", status: "PENDING", target: { type: "user", id: gus.id }, requestedBy: { id: s.alice.id }, reason: "joins the support team" });
    expect((await s.mesh.rpc.wallet.getWallet({ userId: gus.id })).status).toBe("ACTIVE");
    expect((await s.get(`/admin/users/${gus.id}`)).body.pendingAction).toMatchObject({ id: asked.body.id, status: "PENDING" });

    expectProblem(await s.post(`/admin/approvals/${asked.body.id}/approve`), 403, "PERMISSION_DENIED");
    const approved = await s.post(`/admin/approvals/${asked.body.id}/approve`, {}, s.bob.token);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: "EXECUTED", decidedBy: { id: s.bob.id }, result: { user: { role: "ADMIN" }, changed: true } });
    const [promotion] = await s.entries("admin.role_changed", { subjectUserId: gus.id });
    expect(promotion).toMatchObject({ actorId: s.bob.id, payload: { role: "ADMIN", previousRole: "USER", reason: "joins the support team", approval: { actionId: asked.body.id, requestedBy: s.alice.id, approvedBy: s.bob.id } } });

    const demoted = await s.put(`/admin/users/${gus.id}/role`, { role: "USER", reason: "left the team" });
    expect(demoted.status).toBe(200);
    expect(demoted.body).toMatchObject({ user: { role: "USER" }, previousRole: "ADMIN", changed: true });
    expect(await s.entries("admin.role_changed", { subjectUserId: gus.id })).toHaveLength(2);

    expectProblem(await s.put(`/admin/users/${s.alice.id}/role`, { role: "USER", reason: "me" }), 409, "FAILED_PRECONDITION");
    expect((await s.mesh.auth.ctx.db.execute<{ role: string }>(await import("drizzle-orm").then(({ sql }) => sql`select role from users where id = ${s.alice.id}`)))[0]!.role).toBe("ADMIN");
  });

  test("bad input names the field and changes nothing", async () => {
    const cases: [string, () => ReturnType<AdminStack["get"]>, string][] = [
      ["unknown query parameter", () => s.get(`/admin/users?email=abc`), "email"],
      ["limit", () => s.get(`/admin/users?limit=0`), "limit"],
      ["cursor", () => s.get(`/admin/users?cursor=nonsense`), "cursor"],
      ["user id", () => s.get(`/admin/users/not-a-uuid`), "userId"],
      ["missing reason", () => s.post(`/admin/users/${carol.id}/freeze`, {}), "reason"],
      ["blank reason", () => s.post(`/admin/users/${carol.id}/freeze`, { reason: "   " }), "reason"],
      ["long reason", () => s.post(`/admin/users/${carol.id}/unfreeze`, { reason: "x".repeat(501) }), "reason"],
      ["unknown field", () => s.post(`/admin/users/${carol.id}/freeze`, { reason: "r", resaon: "typo" }), "resaon"],
      ["role", () => s.put(`/admin/users/${carol.id}/role`, { role: "ROOT", reason: "r" }), "role"],
      ["role reason", () => s.put(`/admin/users/${carol.id}/role`, { role: "ADMIN" }), "reason"],
    ];
    for (const [what, call, field] of cases) {
      const res = await call();
      expect({ what, status: res.status }).toEqual({ what, status: 400 });
      expectProblem(res, 400, "INVALID_ARGUMENT", field);
    }
    expect((await s.mesh.rpc.wallet.getWallet({ userId: carol.id })).status).toBe("ACTIVE");
    const malformed = await s.call("POST", `/admin/users/${carol.id}/freeze`, s.alice.token, "{not json");
    expectProblem(malformed, 400, "INVALID_ARGUMENT");
  });
});

test("a promotion asked twice by the same admin is one pending action; another admin asking meanwhile is told of it", async () => {
  const hal = await s.mesh.user();
  const first = await s.put(`/admin/users/${hal.id}/role`, { role: "ADMIN", reason: "on call" });
  const again = await s.put(`/admin/users/${hal.id}/role`, { role: "ADMIN", reason: "on call" });
  expect(again.status).toBe(202);
  expect(again.body.id).toBe(first.body.id);
  const other = await s.put(`/admin/users/${hal.id}/role`, { role: "ADMIN", reason: "on call too" }, s.bob.token);
  expectProblem(other, 409, "CONFLICT");
  expect(other.body.actionId).toBe(first.body.id);
  await eventually(async () => (await s.entries("admin.approval_requested", { subjectUserId: hal.id })).length === 1, { what: "one request recorded" });
});
