import { afterAll, beforeAll, beforeEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { startMoneyMesh, type MoneyMesh, type MoneyUser } from "../../tests/harness/money.ts";
import { awayFromUtcMidnight, expectProblem } from "./test-support.ts";

setDefaultTimeout(90_000);

let mesh: MoneyMesh;
beforeAll(async () => {
  mesh = await startMoneyMesh();
}, 180_000);
afterAll(() => mesh?.stop());
beforeEach(() => awayFromUtcMidnight());

const limitsOf = (u: MoneyUser) => mesh.call("GET", `${mesh.transactions.url}/api/v1/transactions/limits`, u.token);
const countsOf = (u: MoneyUser) => mesh.call("GET", `${mesh.transactions.url}/api/v1/transactions/counts`, u.token);

/** A listed transaction with the other party, as GET / and GET /{id} now answer it. */
type Listed = { id: string; type: string; counterparty: unknown };
const listOf = async (u: MoneyUser) => (await mesh.list(u)).body.items as unknown as Listed[];

const window = (body: any, kind: "transfer" | "deposit", name: string) => body[kind].windows.find((w: { window: string }) => w.window === name);

describe("GET /limits: what is used and left, as the limit check counts it", () => {
  test("held transfers count, failed ones give their amount back, deposits are counted apart", async () => {
    const [u, sink, stranger] = await Promise.all([mesh.user({ balance: 60_000 }), mesh.user({ name: "Sink" }), mesh.user({ name: "Stranger" })]);
    const fresh = await limitsOf(u);
    expect(fresh.status).toBe(200);
    expect(fresh.body.tier).toBe("BASIC");
    expect(fresh.body.transfer).toEqual({
      available: 50_000,
      windows: [
        { window: "PER_TRANSACTION", limit: 50_000, used: 0, remaining: 50_000, resetsAt: null },
        { window: "DAILY", limit: 200_000, used: 0, remaining: 200_000, resetsAt: expect.stringMatching(/T00:00:00\.000Z$/) },
        { window: "MONTHLY", limit: 1_000_000, used: 0, remaining: 1_000_000, resetsAt: expect.stringMatching(/-01T00:00:00\.000Z$/) },
      ],
    });
    expect(window(fresh.body, "deposit", "DAILY")).toMatchObject({ limit: 200_000, used: 60_000, remaining: 140_000 });
    expect(fresh.body.deposit.available).toBe(50_000);

    expect((await mesh.transfer(u, { recipientId: sink.id, amount: 20_000 })).status).toBe(201);
    // More than $200 to someone never paid before: held for review, and it counts while held.
    expect((await mesh.transfer(u, { recipientId: stranger.id, amount: 25_000 })).status).toBe(202);
    // Only $150 is free now: this one fails for want of funds and gives its amount back.
    await expectProblem(await mesh.transfer(u, { recipientId: sink.id, amount: 30_000 }), 422, "INSUFFICIENT_FUNDS");

    const after = (await limitsOf(u)).body;
    expect(window(after, "transfer", "DAILY")).toMatchObject({ used: 45_000, remaining: 155_000 });
    expect(window(after, "transfer", "MONTHLY")).toMatchObject({ used: 45_000, remaining: 955_000 });
    expect(window(after, "deposit", "DAILY")).toMatchObject({ used: 60_000, remaining: 140_000 });
  });

  test("`available` is exactly the largest amount a transfer may have: one cent more is refused with the same remaining", async () => {
    const [u, sink] = await Promise.all([mesh.user({ tier: "UNVERIFIED", balance: 10_000 }), mesh.user()]);
    for (const amount of [4_000, 4_000]) expect((await mesh.transfer(u, { recipientId: sink.id, amount })).status).toBe(201);
    const before = (await limitsOf(u)).body;
    expect(before.tier).toBe("UNVERIFIED");
    expect(window(before, "transfer", "DAILY")).toMatchObject({ limit: 10_000, used: 8_000, remaining: 2_000 });
    expect(before.transfer.available).toBe(2_000);

    const over = await mesh.transfer(u, { recipientId: sink.id, amount: before.transfer.available + 1 });
    await expectProblem(over, 422, "LIMIT_EXCEEDED");
    expect(over.body).toMatchObject({ window: "DAILY", limit: 10_000, used: 8_000, remaining: 2_000 });
    expect((await mesh.transfer(u, { recipientId: sink.id, amount: before.transfer.available })).status).toBe(201);

    const spent = (await limitsOf(u)).body;
    expect(spent.transfer.available).toBe(0);
    expect(window(spent, "transfer", "DAILY")).toMatchObject({ used: 10_000, remaining: 0 });
    // The per-transaction cap is a cap, not a window: nothing is ever "used" of it.
    expect(window(spent, "transfer", "PER_TRANSACTION")).toMatchObject({ limit: 5_000, used: 0, remaining: 5_000 });
    expect(window(spent, "deposit", "DAILY")).toMatchObject({ limit: 10_000, used: 10_000, remaining: 0 });
    expect(spent.deposit.available).toBe(0);
  });

  test("each user reads only their own; no token is 401", async () => {
    const [a, b] = await Promise.all([mesh.user({ balance: 10_000 }), mesh.user()]);
    expect(window((await limitsOf(a)).body, "deposit", "DAILY").used).toBe(10_000);
    expect(window((await limitsOf(b)).body, "deposit", "DAILY").used).toBe(0);
    for (const path of ["limits", "counts"]) {
      const res = await fetch(`${mesh.transactions.url}/api/v1/transactions/${path}`);
      expect(res.status).toBe(401);
    }
  });
});

describe("GET /counts", () => {
  test("completed deposits, sent and received transfers; held and failed ones are not counted", async () => {
    const [u, sink, stranger] = await Promise.all([mesh.user({ balance: 60_000 }), mesh.user(), mesh.user()]);
    expect((await countsOf(u)).body).toEqual({ deposits: 2, sent: 0, received: 0 });
    expect((await mesh.transfer(u, { recipientId: sink.id, amount: 1_000 })).status).toBe(201);
    expect((await mesh.transfer(u, { recipientId: sink.id, amount: 2_000 })).status).toBe(201);
    expect((await mesh.transfer(u, { recipientId: stranger.id, amount: 25_000 })).status).toBe(202);
    await expectProblem(await mesh.transfer(u, { recipientId: sink.id, amount: 50_000 }), 422, "INSUFFICIENT_FUNDS");
    expect((await mesh.transfer(sink, { recipientId: u.id, amount: 500 })).status).toBe(201);
    expect((await countsOf(u)).body).toEqual({ deposits: 2, sent: 2, received: 1 });
    expect((await countsOf(sink)).body).toEqual({ deposits: 0, sent: 1, received: 2 });
    expect((await countsOf(stranger)).body).toEqual({ deposits: 0, sent: 0, received: 0 });
  });
});

describe("counterparty names in the list and the detail", () => {
  test("each side sees the other party's name and e-mail; a top-up has none", async () => {
    const [ada, grace] = await Promise.all([mesh.user({ balance: 5_000, name: "Ada Lovelace" }), mesh.user({ name: "Grace Hopper" })]);
    const sent = await mesh.transfer(ada, { recipientId: grace.id, amount: 1_234 });
    expect(sent.status).toBe(201);

    const adaList = await listOf(ada);
    expect(adaList.find((t) => t.id === sent.body.id)!.counterparty).toEqual({ id: grace.id, name: "Grace Hopper", email: grace.email });
    expect(adaList.filter((t) => t.type === "TOPUP").map((t) => t.counterparty)).toEqual([null]);

    const graceList = await listOf(grace);
    expect(graceList.map((t) => t.counterparty)).toEqual([{ id: ada.id, name: "Ada Lovelace", email: ada.email }]);

    const detail = await mesh.get(grace, sent.body.id);
    expect(detail.body.counterparty).toEqual({ id: ada.id, name: "Ada Lovelace", email: ada.email });
  });

  test("a sender's failed transfer stays hidden from the recipient, name and all", async () => {
    const [poor, rich] = await Promise.all([mesh.user({ name: "Poor Sender" }), mesh.user({ name: "Rich Recipient" })]);
    const failed = await mesh.transfer(poor, { recipientId: rich.id, amount: 100 });
    await expectProblem(failed, 422, "INSUFFICIENT_FUNDS");
    expect((await mesh.list(rich)).body.items).toEqual([]);
    expect((await mesh.get(rich, failed.body.transactionId)).status).toBe(404);
    expect((await listOf(poor))[0]!.counterparty).toEqual({ id: rich.id, name: "Rich Recipient", email: rich.email });
  });
});
