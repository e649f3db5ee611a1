import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { sql } from "drizzle-orm";
import { authContract } from "../../proto-like-schemas/auth.ts";
import { kycContract } from "../../proto-like-schemas/kyc.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { getCaddy } from "../../tests/harness/infra.ts";
import type { MoneyUser } from "../../tests/harness/money.ts";
import { createRequests } from "./requests.ts";
import { call, outboxEvents, rowCount, startSocialStack, testClock, type SocialStack } from "./test-support.ts";
import { createUsers } from "./users.ts";

setDefaultTimeout(120_000);

const HOUR = 3_600_000;

let stack: SocialStack;
beforeAll(async () => {
  stack = await startSocialStack();
});
afterAll(() => stack.stop());

const api = (method: string, path: string, user: MoneyUser | null, body?: unknown) => stack.api(method, `/requests${path}`, user, body);
const ask = (requester: MoneyUser, payer: MoneyUser, amount: number, note?: string) => api("POST", "", requester, { recipientId: payer.id, amount, ...(note === undefined ? {} : { note }) });
const settled = (user: MoneyUser, id: string, what: string) =>
  eventually(async () => {
    const r = await api("GET", `/${id}`, user);
    return r.body.status !== "ACCEPTED" && r.body;
  }, { timeoutMs: 30_000, what });

describe("asking for money", () => {
  test("a request is PENDING for 7 days, both parties see it, and the payer is told", async () => {
    const [requester, payer, stranger] = await Promise.all([stack.mesh.user(), stack.mesh.user(), stack.mesh.user()]);
    const res = await ask(requester, payer, 1_250, "  Pizza  ");
    expect(res.status).toBe(201);
    const created = res.body;
    expect(created).toMatchObject({ requesterId: requester.id, recipientId: payer.id, direction: "outgoing", amount: 1_250, currency: "USD", note: "Pizza", status: "PENDING", transactionId: null });
    expect(new Date(created.expiresAt).getTime() - new Date(created.createdAt).getTime()).toBe(168 * HOUR);

    const incoming = await api("GET", "?direction=incoming", payer);
    expect(incoming.body.items.map((r: any) => [r.id, r.direction])).toEqual([[created.id, "incoming"]]);
    expect((await api("GET", "?direction=incoming", requester)).body.items).toEqual([]);
    expect((await api("GET", "?direction=outgoing", requester)).body.items.map((r: any) => r.id)).toEqual([created.id]);
    expect((await api("GET", "?status=DECLINED", requester)).body.items).toEqual([]);

    const stranger404 = await api("GET", `/${created.id}`, stranger);
    expect(stranger404.status).toBe(404);
    expect((await api("GET", "", stranger)).body.items).toEqual([]);

    const [sent] = await outboxEvents(stack.social, "social.money_request_sent", "requestId", created.id);
    expect(sent.data).toEqual({ requestId: created.id, requesterId: requester.id, recipientId: payer.id, amount: 1_250, currency: "USD", note: "Pizza", expiresAt: created.expiresAt });
    expect(sent.actorId).toBe(requester.id);
    expect(sent.subjectUserIds.sort()).toEqual([requester.id, payer.id].sort());
  });

  test("not from yourself, not from someone unknown or closed, not above what the payer can send", async () => {
    const [requester, payer, closed, unverified] = await Promise.all([stack.mesh.user(), stack.mesh.user(), stack.mesh.user(), stack.mesh.user({ tier: "UNVERIFIED" })]);
    await stack.mesh.deactivate(closed.id);
    const self = await ask(requester, requester, 100);
    expect(self.status).toBe(400);
    expect(self.body.errors).toEqual([{ field: "recipientId", message: "must be another user" }]);
    const unknown = await api("POST", "", requester, { recipientId: Bun.randomUUIDv7(), amount: 100 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors).toEqual([{ field: "recipientId", message: "no such user" }]);
    expect((await ask(requester, closed, 100)).status).toBe(409);

    const limits = await stack.mesh.rpc.kyc.getLimits({ userId: payer.id });
    expect((await ask(requester, payer, limits.perTxnCents)).status).toBe(201);
    const over = await ask(requester, payer, limits.perTxnCents + 1);
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: "LIMIT_EXCEEDED", errors: [{ field: "amount", message: "exceeds the payer's per-transfer limit" }] });
    // The payer's tier counts, not the requester's.
    const small = await stack.mesh.rpc.kyc.getLimits({ userId: unverified.id });
    expect((await ask(requester, unverified, small.perTxnCents + 1)).status).toBe(422);
    expect(await rowCount(stack.social, "money_requests", sql`requester_id = ${requester.id}`)).toBe(1);
  });
});

describe("answering a request", () => {
  test("accepting pays the requester with a real transfer: ACCEPTED, then PAID with the transaction", async () => {
    const [requester, payer] = await Promise.all([stack.mesh.user(), stack.mesh.user({ balance: 10_000 })]);
    const created = (await ask(requester, payer, 1_500, "Concert")).body;
    const accepted = await api("POST", `/${created.id}/accept`, payer);
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ id: created.id, status: "ACCEPTED", acceptedAt: expect.any(String) });

    const paid = await settled(requester, created.id, "the request to be paid");
    const transactionId: string = paid.transactionId;
    expect(paid).toMatchObject({ status: "PAID", transactionId: expect.any(String), paidAt: expect.any(String), failureCode: null });
    const txn = await stack.mesh.get(requester, transactionId);
    expect(txn.body).toMatchObject({ status: "COMPLETED", type: "REQUEST_PAYMENT", senderId: payer.id, recipientId: requester.id, amount: 1_500, requestId: created.id });
    expect((await stack.mesh.balance(payer.id)).balance).toBe(8_500);
    expect((await stack.mesh.balance(requester.id)).balance).toBe(1_500);
    // The payer sees the same outcome.
    expect((await api("GET", `/${created.id}`, payer)).body).toMatchObject({ status: "PAID", transactionId, direction: "incoming" });

    const [acceptedEvent] = await outboxEvents(stack.social, "social.money_request_accepted", "requestId", created.id);
    expect(acceptedEvent).toMatchObject({ actorId: payer.id, data: { requestId: created.id, requesterId: requester.id, recipientId: payer.id, amount: 1_500, currency: "USD", note: "Concert" } });
    const paidEvents = await outboxEvents(stack.social, "social.money_request_paid", "requestId", created.id);
    expect(paidEvents.map((e) => e.data)).toEqual([{ requestId: created.id, requesterId: requester.id, recipientId: payer.id, amount: 1_500, currency: "USD", transactionId }]);
    expect(paidEvents[0].subjectUserIds.sort()).toEqual([requester.id, payer.id].sort());
  });

  test("accepting without the funds: FAILED with the reason, both parties see it, nothing moved", async () => {
    const [requester, payer] = await Promise.all([stack.mesh.user(), stack.mesh.user({ balance: 1_000 })]);
    const created = (await ask(requester, payer, 5_000)).body;
    expect((await api("POST", `/${created.id}/accept`, payer)).status).toBe(201);

    const failed = await settled(payer, created.id, "the request's payment to fail");
    expect(failed).toMatchObject({ status: "FAILED", failureCode: "INSUFFICIENT_FUNDS", failureReason: expect.any(String), failedAt: expect.any(String), paidAt: null });
    expect((await api("GET", `/${created.id}`, requester)).body).toMatchObject({ status: "FAILED", failureCode: "INSUFFICIENT_FUNDS" });
    expect((await stack.mesh.balance(payer.id)).balance).toBe(1_000);
    expect((await stack.mesh.balance(requester.id)).balance).toBe(0);

    const events = await outboxEvents(stack.social, "social.money_request_payment_failed", "requestId", created.id);
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ requestId: created.id, code: "INSUFFICIENT_FUNDS" });
    expect(events[0].subjectUserIds.sort()).toEqual([requester.id, payer.id].sort());
    expect(await outboxEvents(stack.social, "social.money_request_paid", "requestId", created.id)).toEqual([]);
  });

  test("an outcome that arrives again, or contradicts the first, changes nothing", async () => {
    const [requester, payer] = await Promise.all([stack.mesh.user(), stack.mesh.user({ balance: 2_000 })]);
    const created = (await ask(requester, payer, 700)).body;
    await api("POST", `/${created.id}/accept`, payer);
    const paid = await settled(requester, created.id, "the request to be paid");
    expect(paid.status).toBe("PAID");

    // A late failure report for the same transfer (another event id) must not undo the payment.
    const envelope = (type: string, data: Record<string, unknown>) => ({
      id: Bun.randomUUIDv7(),
      type,
      occurredAt: new Date().toISOString(),
      producer: "transactions",
      actorId: payer.id,
      subjectUserIds: [payer.id, requester.id],
      traceparent: null,
      data: { transactionId: paid.transactionId, type: "REQUEST_PAYMENT", senderId: payer.id, recipientId: requester.id, amount: 700, currency: "USD", requestId: created.id, splitId: null, ...data },
    });
    const late = envelope("transaction.failed", { code: "INSUFFICIENT_FUNDS", reason: "Insufficient funds" });
    for (let i = 0; i < 2; i++) await stack.mesh.nc.jetstream().publish("events.transaction.failed", JSON.stringify(late), { msgID: `${late.id}-${i}` });
    await eventually(async () => {
      const [row] = await stack.social.ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from inbox where event_id = ${late.id}`);
      return (row as any).n === 1;
    }, { what: "the late event to be handled" });
    expect((await api("GET", `/${created.id}`, requester)).body).toMatchObject({ status: "PAID", transactionId: paid.transactionId });
    expect(await outboxEvents(stack.social, "social.money_request_payment_failed", "requestId", created.id)).toEqual([]);
    expect(await outboxEvents(stack.social, "social.money_request_paid", "requestId", created.id)).toHaveLength(1);
  });

  test("only the person asked accepts or declines, only the requester cancels, others get 404", async () => {
    const [requester, payer, stranger] = await Promise.all([stack.mesh.user(), stack.mesh.user(), stack.mesh.user()]);
    const a = (await ask(requester, payer, 300)).body;
    for (const action of ["accept", "decline"]) {
      const res = await api("POST", `/${a.id}/${action}`, requester);
      expect(res.status).toBe(403);
      expect(res.body.detail).toBe(`Only the person asked can ${action} this request`);
      expect((await api("POST", `/${a.id}/${action}`, stranger)).status).toBe(404);
    }
    expect((await api("DELETE", `/${a.id}`, payer)).status).toBe(403);
    expect((await api("DELETE", `/${a.id}`, stranger)).status).toBe(404);
    expect((await api("GET", `/${a.id}`, payer)).body.status).toBe("PENDING");

    const declined = await api("POST", `/${a.id}/decline`, payer);
    expect(declined.status).toBe(201);
    expect(declined.body).toMatchObject({ status: "DECLINED", declinedAt: expect.any(String) });
    const late = await api("POST", `/${a.id}/accept`, payer);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: "FAILED_PRECONDITION", detail: "Request is DECLINED, cannot accept", status: 409 });
    expect((await api("DELETE", `/${a.id}`, requester)).status).toBe(409);
    expect((await outboxEvents(stack.social, "social.money_request_declined", "requestId", a.id)).map((e) => e.actorId)).toEqual([payer.id]);

    const b = (await ask(requester, payer, 400)).body;
    const cancelled = await api("DELETE", `/${b.id}`, requester);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: "CANCELLED", cancelledAt: expect.any(String) });
    expect((await api("POST", `/${b.id}/accept`, payer)).body.detail).toBe("Request is CANCELLED, cannot accept");
    expect(await outboxEvents(stack.social, "social.money_request_cancelled", "requestId", b.id)).toHaveLength(1);
    expect(await outboxEvents(stack.social, "social.money_request_accepted", "requestId", b.id)).toEqual([]);
  });

  test("two accepts at once: one wins, one transfer", async () => {
    const [requester, payer] = await Promise.all([stack.mesh.user(), stack.mesh.user({ balance: 5_000 })]);
    const r = (await ask(requester, payer, 900)).body;
    const results = await Promise.all([1, 2, 3].map(() => api("POST", `/${r.id}/accept`, payer)));
    expect(results.map((x) => x.status).sort()).toEqual([201, 409, 409]);
    expect(await outboxEvents(stack.social, "social.money_request_accepted", "requestId", r.id)).toHaveLength(1);
    expect((await settled(payer, r.id, "payment")).status).toBe("PAID");
    expect((await stack.mesh.balance(payer.id)).balance).toBe(4_100);
  });
});

describe("expiry", () => {
  test("an unanswered request expires after the configured time (injected clock), once", async () => {
    const [requester, payer] = await Promise.all([stack.mesh.user(), stack.mesh.user()]);
    const r = (await ask(requester, payer, 500)).body;
    stack.clock.advance(168 * HOUR - 1_000);
    await Bun.sleep(600); // several sweeps, still before the deadline
    expect((await api("GET", `/${r.id}`, payer)).body.status).toBe("PENDING");

    stack.clock.advance(1_000);
    const expired = await eventually(async () => {
      const got = (await api("GET", `/${r.id}`, payer)).body;
      return got.status === "EXPIRED" && got;
    }, { what: "the sweep to expire the request" });
    expect(expired.expiredAt).toBe(stack.clock.now().toISOString());
    const late = await api("POST", `/${r.id}/accept`, payer);
    expect(late.status).toBe(409);
    expect(late.body.detail).toBe("Request is EXPIRED, cannot accept");
    const events = await outboxEvents(stack.social, "social.money_request_expired", "requestId", r.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: null, data: { requestId: r.id, requesterId: requester.id, recipientId: payer.id, amount: 500, currency: "USD" } });
  });

  test("the deadline holds even before the sweep has run: acting on it expires it", async () => {
    const [requester, payer] = await Promise.all([stack.mesh.user(), stack.mesh.user()]);
    // A replica of the request logic whose clock is already past the deadline, without a sweep of its own.
    const late = testClock(new Date(stack.clock.now().getTime() + 168 * HOUR));
    const replica = lateRequests(late);
    const r = (await ask(requester, payer, 500)).body;
    await expect(replica.act(payer.id, r.id, "accept")).rejects.toMatchObject({ code: "FAILED_PRECONDITION", message: "Request has expired, cannot accept" });
    expect((await api("GET", `/${r.id}`, payer)).body.status).toBe("EXPIRED");
    expect(await outboxEvents(stack.social, "social.money_request_expired", "requestId", r.id)).toHaveLength(1);
    expect(await outboxEvents(stack.social, "social.money_request_accepted", "requestId", r.id)).toEqual([]);
  });

  test("accept racing expiry: exactly one wins for every request, and sweeping replicas expire each request once", async () => {
    const [requester, payer] = await Promise.all([stack.mesh.user(), stack.mesh.user({ balance: 20_000 })]);
    const created = [];
    for (let i = 0; i < 8; i++) created.push((await ask(requester, payer, 100 + i)).body);
    // The service's clock stays just before the deadline (accepts are on time), two replicas sweep just after it.
    const deadline = new Date(created[0].expiresAt).getTime();
    stack.clock.set(new Date(deadline - 1));
    const sweepers = [lateRequests(testClock(new Date(deadline + 1))), lateRequests(testClock(new Date(deadline + 1)))];
    const [accepts] = await Promise.all([
      Promise.all(created.map((r) => api("POST", `/${r.id}/accept`, payer))),
      ...sweepers.map((s) => s.expireDue(3)),
      ...sweepers.map((s) => s.expireDue(100)),
    ]);
    await Promise.all(sweepers.map((s) => s.expireDue(100)));

    for (const [i, r] of created.entries()) {
      const [acceptedEvents, expiredEvents] = await Promise.all([
        outboxEvents(stack.social, "social.money_request_accepted", "requestId", r.id),
        outboxEvents(stack.social, "social.money_request_expired", "requestId", r.id),
      ]);
      expect(acceptedEvents.length + expiredEvents.length).toBe(1);
      const status = (await api("GET", `/${r.id}`, payer)).body.status;
      if (accepts[i]!.status === 201) {
        expect(acceptedEvents).toHaveLength(1);
        expect(status).not.toBe("EXPIRED");
      } else {
        expect(accepts[i]!.status).toBe(409);
        expect(expiredEvents).toHaveLength(1);
        expect(status).toBe("EXPIRED");
      }
    }
  });
});

describe("through the gateway", () => {
  test("a user asks and lists through Caddy", async () => {
    const gw = await getCaddy({ social: `127.0.0.1:${stack.social.port}` });
    const [requester, payer] = await Promise.all([stack.mesh.user(), stack.mesh.user()]);
    const res = await call(gw.url, "POST", "/requests", requester, { recipientId: payer.id, amount: 800 });
    expect(res.status).toBe(201);
    const listed = await call(gw.url, "GET", "/requests?direction=incoming", payer);
    expect(listed.body.items.map((r: any) => r.id)).toEqual([res.body.id]);
    const bad = await call(gw.url, "POST", "/requests", requester, { recipientId: payer.id, amount: -1 });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
  });
});

describe("bad input gets a problem naming the field, and leaves nothing behind", () => {
  let requester: MoneyUser;
  let payer: MoneyUser;
  let pendingId: string;
  beforeAll(async () => {
    [requester, payer] = await Promise.all([stack.mesh.user(), stack.mesh.user()]);
    pendingId = (await ask(requester, payer, 100)).body.id;
  });

  const createCases: [string, () => unknown, string | null][] = [
    ["no recipient", () => ({ amount: 100 }), "recipientId"],
    ["a recipient that is no UUID", () => ({ recipientId: "bob", amount: 100 }), "recipientId"],
    ["no amount", () => ({ recipientId: payer.id }), "amount"],
    ["zero", () => ({ recipientId: payer.id, amount: 0 }), "amount"],
    ["a negative amount", () => ({ recipientId: payer.id, amount: -100 }), "amount"],
    ["a fraction of a cent", () => ({ recipientId: payer.id, amount: 10.5 }), "amount"],
    ["an amount as text", () => ({ recipientId: payer.id, amount: "100" }), "amount"],
    ["an absurd amount", () => ({ recipientId: payer.id, amount: 1e15 }), "amount"],
    ["another currency", () => ({ recipientId: payer.id, amount: 100, currency: "EUR" }), "currency"],
    ["a note of 256 characters", () => ({ recipientId: payer.id, amount: 100, note: "x".repeat(256) }), "note"],
    ["a note that is no text", () => ({ recipientId: payer.id, amount: 100, note: 7 }), "note"],
    ["an unknown field", () => ({ recipientId: payer.id, amount: 100, transactionId: Bun.randomUUIDv7() }), "transactionId"],
    ["an array", () => [], null],
    ["malformed JSON", () => "{", null],
  ];
  for (const [name, make, field] of createCases) {
    test(`create: ${name}`, async () => {
      const res = await api("POST", "", requester, make());
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      if (field) expect(res.body.errors.map((e: any) => e.field)).toContain(field);
      expect(await rowCount(stack.social, "money_requests", sql`requester_id = ${requester.id}`)).toBe(1);
    });
  }

  const queryCases: [string, string][] = [
    ["status", "?status=BOGUS"],
    ["direction", "?direction=sideways"],
    ["limit", "?limit=0"],
    ["cursor", "?cursor=%25%25"],
  ];
  for (const [field, query] of queryCases) {
    test(`list: bad ${field}`, async () => {
      const res = await api("GET", query, requester);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: any) => e.field)).toContain(field);
    });
  }

  test("actions: an id that is no request is 404; a body on a body-less action is 400 and changes nothing", async () => {
    for (const [method, path] of [["GET", "/nope"], ["POST", "/nope/accept"], ["POST", `/${Bun.randomUUIDv7()}/decline`], ["DELETE", "/nope"]] as const) {
      const res = await api(method, path, payer);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    const withBody = await api("POST", `/${pendingId}/accept`, payer, { amount: 1 });
    expect(withBody.status).toBe(400);
    expect(withBody.body.errors).toEqual([{ field: "amount", message: "is not a known field" }]);
    expect((await api("POST", `/${pendingId}/decline`, payer, "[")).status).toBe(400);
    expect((await api("GET", `/${pendingId}`, payer)).body.status).toBe("PENDING");
  });

  test("no token: 401", async () => {
    for (const [method, path] of [["GET", ""], ["POST", ""], ["GET", `/${pendingId}`], ["POST", `/${pendingId}/accept`], ["POST", `/${pendingId}/decline`], ["DELETE", `/${pendingId}`]] as const) {
      expect((await api(method, path, null)).status).toBe(401);
    }
  });
});

/** The request logic on the same database and outbox as the running service, with its own clock (a replica). */
function lateRequests(clock: ReturnType<typeof testClock>) {
  const ctx = stack.social.ctx;
  return createRequests({ db: ctx.db, emit: ctx.emit, users: createUsers(ctx.rpc(authContract), ctx.log), kyc: ctx.rpc(kycContract), clock, expiryHours: 168, log: ctx.log });
}
