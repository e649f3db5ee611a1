import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { startMoneyMesh, type MoneyMesh, type MoneyUser } from "../../tests/harness/money.ts";
import { eventsOf, expectProblem, keyRow, rowsOf, txnRow } from "./test-support.ts";

setDefaultTimeout(60_000);

let mesh: MoneyMesh;
let alice: MoneyUser;
let bob: MoneyUser;
let carol: MoneyUser;
beforeAll(async () => {
  mesh = await startMoneyMesh();
  [alice, bob, carol] = await Promise.all([mesh.user({ balance: 100_000, name: "Alice" }), mesh.user({ name: "Bob" }), mesh.user({ name: "Carol" })]);
}, 180_000);
afterAll(() => mesh?.stop());

describe("top-up", () => {
  test("credits the wallet, answers 201 with the transaction and writes created + completed events", async () => {
    const before = await mesh.balance(bob.id);
    const res = await mesh.topup(bob, { amount: 2_550, description: "from my bank" });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toStartWith("application/json");
    expect(res.body).toMatchObject({ type: "TOPUP", status: "COMPLETED", amount: 2_550, currency: "USD", senderId: bob.id, recipientId: null, description: "from my bank", fraudDecision: null });
    expect(res.body.completedAt).not.toBeNull();
    expect((await mesh.balance(bob.id)).balance).toBe(before.balance + 2_550);
    const events = await eventsOf(mesh, res.body.id);
    expect(events.map((e) => e.type)).toEqual(["transaction.created", "transaction.completed"]);
    expect(events[1]!.envelope).toMatchObject({ actorId: bob.id, subjectUserIds: [bob.id], data: { type: "TOPUP", amount: 2_550, recipientId: null } });
  });

  test("currency USD may be given explicitly", async () => {
    const res = await mesh.topup(bob, { amount: 1, currency: "USD" });
    expect(res.status).toBe(201);
  });
});

describe("transfer", () => {
  test("moves the money in one step and completes", async () => {
    const [a0, b0] = await Promise.all([mesh.balance(alice.id), mesh.balance(bob.id)]);
    const res = await mesh.transfer(alice, { recipientId: bob.id, amount: 1_234, description: "Pizza night", category: "FOOD", merchant: "Luigi's" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: "TRANSFER", status: "COMPLETED", statusReason: null, amount: 1_234, senderId: alice.id, recipientId: bob.id, category: "FOOD", merchant: "Luigi's", fraudDecision: "ALLOW" });
    const [a1, b1] = await Promise.all([mesh.balance(alice.id), mesh.balance(bob.id)]);
    expect(a1.balance).toBe(a0.balance - 1_234);
    expect(b1.balance).toBe(b0.balance + 1_234);
    const events = await eventsOf(mesh, res.body.id);
    expect(events.map((e) => e.type)).toEqual(["transaction.created", "transaction.completed"]);
    expect(events[1]!.envelope).toMatchObject({ actorId: alice.id, data: { description: "Pizza night", merchant: "Luigi's", category: "FOOD", fraudDecision: "ALLOW", fraudScore: 0 } });
    expect(new Set(events[1]!.envelope.subjectUserIds)).toEqual(new Set([alice.id, bob.id]));
    const row = await txnRow(mesh, res.body.id);
    expect(row!.processingAt).not.toBeNull();
  });

  test("insufficient funds: 422, FAILED with the reason, money untouched, transaction.failed", async () => {
    const [a0, b0] = await Promise.all([mesh.balance(carol.id), mesh.balance(bob.id)]);
    const res = await mesh.transfer(carol, { recipientId: bob.id, amount: 5_000 });
    await expectProblem(res, 422, "INSUFFICIENT_FUNDS");
    expect(res.body.transactionStatus).toBe("FAILED");
    const row = await txnRow(mesh, res.body.transactionId);
    expect(row).toMatchObject({ status: "FAILED", statusReason: "INSUFFICIENT_FUNDS" });
    expect((await mesh.balance(carol.id)).balance).toBe(a0.balance);
    expect((await mesh.balance(bob.id)).balance).toBe(b0.balance);
    expect((await eventsOf(mesh, row!.id)).map((e) => e.type)).toEqual(["transaction.created", "transaction.failed"]);
  });

  test("to oneself: 400 naming recipientId, nothing written, the key not used up", async () => {
    const before = (await rowsOf(mesh, alice.id)).length;
    const key = crypto.randomUUID();
    const res = await mesh.transfer(alice, { recipientId: alice.id, amount: 100 }, key);
    await expectProblem(res, 400, "INVALID_ARGUMENT");
    expect(res.body.errors[0].field).toBe("recipientId");
    expect((await rowsOf(mesh, alice.id)).length).toBe(before);
    expect(await keyRow(mesh, alice.id, key)).toBeUndefined();
  });

  test("to an unknown user: 404 naming recipientId, nothing written", async () => {
    const before = (await rowsOf(mesh, alice.id)).length;
    const res = await mesh.transfer(alice, { recipientId: crypto.randomUUID(), amount: 100 });
    await expectProblem(res, 404, "NOT_FOUND");
    expect(res.body.errors[0].field).toBe("recipientId");
    expect((await rowsOf(mesh, alice.id)).length).toBe(before);
  });

  test("to a deactivated account: 409 naming recipientId, nothing written", async () => {
    const gone = await mesh.user();
    await mesh.deactivate(gone.id);
    const before = (await rowsOf(mesh, alice.id)).length;
    const res = await mesh.transfer(alice, { recipientId: gone.id, amount: 100 });
    await expectProblem(res, 409, "FAILED_PRECONDITION");
    expect(res.body.errors[0].field).toBe("recipientId");
    expect((await rowsOf(mesh, alice.id)).length).toBe(before);
  });

  test("to or from a frozen wallet: 409 FROZEN, nothing written, works again after unfreeze", async () => {
    const frozen = await mesh.user({ balance: 1_000 });
    await mesh.rpc.wallet.freeze({ userId: frozen.id, reason: "test", actorId: crypto.randomUUID() });
    const before = (await rowsOf(mesh, alice.id)).length;
    const to = await mesh.transfer(alice, { recipientId: frozen.id, amount: 100 });
    await expectProblem(to, 409, "FROZEN");
    expect(to.body.errors[0].field).toBe("recipientId");
    const from = await mesh.transfer(frozen, { recipientId: alice.id, amount: 100 });
    await expectProblem(from, 409, "FROZEN");
    const topup = await mesh.topup(frozen, { amount: 100 });
    await expectProblem(topup, 409, "FROZEN");
    expect((await rowsOf(mesh, alice.id)).length).toBe(before);
    expect((await rowsOf(mesh, frozen.id)).length).toBe(1);
    await mesh.rpc.wallet.unfreeze({ userId: frozen.id, actorId: crypto.randomUUID() });
    expect((await mesh.transfer(alice, { recipientId: frozen.id, amount: 100 })).status).toBe(201);
  });

  test("the API is described at /openapi.json", async () => {
    const doc = (await (await fetch(`${mesh.transactions.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).sort()).toEqual(["/api/v1/transactions", "/api/v1/transactions/counts", "/api/v1/transactions/limits", "/api/v1/transactions/topup", "/api/v1/transactions/transfer", "/api/v1/transactions/{id}"]);
  });

  test("without a token: 401", async () => {
    const res = await fetch(`${mesh.transactions.url}/api/v1/transactions/transfer`, { method: "POST", headers: { "content-type": "application/json", "idempotency-key": crypto.randomUUID() }, body: JSON.stringify({ recipientId: bob.id, amount: 1 }) });
    expect(res.status).toBe(401);
  });
});

describe("reading transactions", () => {
  test("a party sees it; anyone else gets 404, the same as for an id that does not exist", async () => {
    const sent = await mesh.transfer(alice, { recipientId: bob.id, amount: 10, description: "visible" });
    expect((await mesh.get(alice, sent.body.id)).body).toMatchObject({ id: sent.body.id, fraudDecision: "ALLOW" });
    const asRecipient = await mesh.get(bob, sent.body.id);
    expect(asRecipient.status).toBe(200);
    // The recipient does not see the sender's fraud screening.
    expect(asRecipient.body).toMatchObject({ fraudDecision: null, fraudScore: null, statusReason: null });
    const stranger = await mesh.get(carol, sent.body.id);
    await expectProblem(stranger, 404, "NOT_FOUND");
    const missing = await mesh.get(carol, crypto.randomUUID());
    expect(missing.body.detail).toBe(stranger.body.detail);
    await expectProblem(await mesh.get(carol, "not-a-uuid"), 404, "NOT_FOUND");
  });

  test("a sender's failed attempt stays private to the sender", async () => {
    const failed = await mesh.transfer(carol, { recipientId: bob.id, amount: 9_999 });
    expect(failed.status).toBe(422);
    expect((await mesh.get(carol, failed.body.transactionId)).status).toBe(200);
    expect((await mesh.get(bob, failed.body.transactionId)).status).toBe(404);
    expect((await mesh.list(bob, "limit=100")).body.items.map((t) => t.id)).not.toContain(failed.body.transactionId);
  });

  test("the list pages newest first with an opaque cursor, and filters by direction, type, status, amount, text and time", async () => {
    const dave = await mesh.user({ balance: 5_000 });
    const erin = await mesh.user({ balance: 5_000 });
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) ids.push((await mesh.transfer(dave, { recipientId: erin.id, amount: 100 * i, description: i === 3 ? "50% off_deal" : `payment ${i}`, merchant: i === 4 ? "Corner Cafe" : null })).body.id);
    const incoming = (await mesh.transfer(erin, { recipientId: dave.id, amount: 777 })).body.id;

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await mesh.list(dave, `limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((t: any) => t.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    // 1 funding top-up + 5 sent + 1 received, newest first, no duplicates across pages.
    expect(seen).toEqual([incoming, ...[...ids].reverse(), seen.at(-1)!]);
    expect(new Set(seen).size).toBe(7);

    const ids_ = async (q: string) => (await mesh.list(dave, q)).body.items.map((t) => t.id);
    expect(await ids_("direction=received")).toEqual([incoming]);
    expect((await ids_("direction=sent&type=TRANSFER")).length).toBe(5);
    expect((await ids_("type=TOPUP")).length).toBe(1);
    expect(await ids_("minAmount=300&maxAmount=400&type=TRANSFER")).toEqual([ids[3]!, ids[2]!]);
    // Wildcards in q are literal: "%" matches only the description that has a percent sign.
    expect(await ids_(`q=${encodeURIComponent("50%")}`)).toEqual([ids[2]!]);
    expect(await ids_(`q=${encodeURIComponent("_")}`)).toEqual([ids[2]!]);
    expect(await ids_("q=corner")).toEqual([ids[3]!]);
    expect(await ids_("status=FAILED")).toEqual([]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await ids_(`from=${tomorrow}`)).toEqual([]);
    expect((await ids_(`to=${tomorrow}`)).length).toBe(7);
  });

  test.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=abc", "limit"],
    ["direction=sideways", "direction"],
    ["status=DONE", "status"],
    ["type=GIFT", "type"],
    ["from=yesterday", "from"],
    ["minAmount=1.5", "minAmount"],
    ["minAmount=-1", "minAmount"],
    ["minAmount=500&maxAmount=100", "minAmount"],
    ["from=2026-02-01&to=2026-01-01", "from"],
    ["cursor=bm9wZQ", "cursor"],
    ["q=" + "x".repeat(101), "q"],
  ])("GET ?%s → 400 naming %s", async (query, field) => {
    const res = await mesh.list(alice, query);
    await expectProblem(res, 400, "INVALID_ARGUMENT");
    expect(res.body.errors.map((e: any) => e.field)).toContain(field);
  });
});

describe("bad input is a 4xx problem naming the field, and leaves nothing behind", () => {
  const valid = () => ({ recipientId: bob.id, amount: 100 });
  const transferCases: [string, () => unknown, number, string][] = [
    ["empty body", () => ({}), 400, "recipientId"],
    ["negative amount", () => ({ ...valid(), amount: -1 }), 400, "amount"],
    ["zero amount", () => ({ ...valid(), amount: 0 }), 400, "amount"],
    ["fractional cents", () => ({ ...valid(), amount: 1.5 }), 400, "amount"],
    ["over $1,000,000,000.00", () => ({ ...valid(), amount: 100_000_000_001 }), 400, "amount"],
    ["huge amount", () => ({ ...valid(), amount: 1e300 }), 400, "amount"],
    ["amount as string", () => ({ ...valid(), amount: "100" }), 400, "amount"],
    ["amount null", () => ({ ...valid(), amount: null }), 400, "amount"],
    ["recipient not a UUID", () => ({ ...valid(), recipientId: "bob" }), 400, "recipientId"],
    ["recipient a number", () => ({ ...valid(), recipientId: 7 }), 400, "recipientId"],
    ["other currency", () => ({ ...valid(), currency: "EUR" }), 400, "currency"],
    ["lower-case currency", () => ({ ...valid(), currency: "usd" }), 400, "currency"],
    ["description too long", () => ({ ...valid(), description: "x".repeat(501) }), 400, "description"],
    ["description not text", () => ({ ...valid(), description: 42 }), 400, "description"],
    ["merchant too long", () => ({ ...valid(), merchant: "m".repeat(256) }), 400, "merchant"],
    ["unknown category", () => ({ ...valid(), category: "GIFT" }), 400, "category"],
    ["unknown field", () => ({ ...valid(), ammount: 100 }), 400, "ammount"],
    ["an array", () => [valid()], 400, "(root)"],
  ];
  const topupCases: [string, () => unknown, number, string][] = [
    ["empty body", () => ({}), 400, "amount"],
    ["negative amount", () => ({ amount: -500 }), 400, "amount"],
    ["fractional cents", () => ({ amount: 0.01 }), 400, "amount"],
    ["amount as string", () => ({ amount: "5" }), 400, "amount"],
    ["other currency", () => ({ amount: 100, currency: "GBP" }), 400, "currency"],
    ["a transfer field", () => ({ amount: 100, recipientId: bob.id }), 400, "recipientId"],
  ];

  async function unchanged(user: MoneyUser, fn: () => Promise<void>) {
    const { sql } = await import("drizzle-orm");
    const count = async () => {
      const [r] = await mesh.transactions.ctx.db.execute<{ txns: number; keys: number }>(
        sql`select (select count(*)::int from transactions where sender_id = ${user.id}) as txns, (select count(*)::int from idempotency_keys where user_id = ${user.id}) as keys`,
      );
      return r;
    };
    const before = await count();
    const balance = await mesh.balance(user.id);
    await fn();
    expect(await count()).toEqual(before);
    expect(await mesh.balance(user.id)).toEqual(balance);
  }

  test.each(transferCases)("transfer: %s → %p naming %s", async (_name, body, status, field) => {
    await unchanged(alice, async () => {
      const res = await mesh.transfer(alice, body());
      await expectProblem(res, status, "INVALID_ARGUMENT");
      expect(res.body.errors.map((e: any) => e.field)).toContain(field);
    });
  });

  test.each(topupCases)("top-up: %s → %p naming %s", async (_name, body, status, field) => {
    await unchanged(alice, async () => {
      const res = await mesh.topup(alice, body());
      await expectProblem(res, status, "INVALID_ARGUMENT");
      expect(res.body.errors.map((e: any) => e.field)).toContain(field);
    });
  });

  test.each([
    ["missing", null],
    ["empty", ""],
    ["not a UUID", "order-42"],
    ["UUID with junk", `${crypto.randomUUID()}x`],
  ])("Idempotency-Key %s → 400 naming the header", async (_name, key) => {
    await unchanged(alice, async () => {
      for (const res of [await mesh.transfer(alice, valid(), key), await mesh.topup(alice, { amount: 100 }, key)]) {
        await expectProblem(res, 400, "INVALID_ARGUMENT");
        expect(res.body.errors[0].field).toBe("Idempotency-Key");
      }
    });
  });

  test("malformed JSON → 400; another content type → 415", async () => {
    await unchanged(alice, async () => {
      await expectProblem(await mesh.transfer(alice, '{"recipientId":'), 400, "INVALID_ARGUMENT");
      const res = await fetch(`${mesh.transactions.url}/api/v1/transactions/topup`, {
        method: "POST",
        headers: { authorization: `Bearer ${alice.token}`, "content-type": "text/plain", "idempotency-key": crypto.randomUUID() },
        body: "amount=100",
      });
      expect(res.status).toBe(415);
    });
  });
});
