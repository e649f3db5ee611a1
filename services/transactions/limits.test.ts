import { afterAll, beforeAll, beforeEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { startMoneyMesh, type MoneyMesh, type MoneyUser } from "../../tests/harness/money.ts";
import { awayFromUtcMidnight, expectProblem, rowsOf } from "./test-support.ts";

setDefaultTimeout(90_000);

let mesh: MoneyMesh;
let sink: MoneyUser;
beforeAll(async () => {
  mesh = await startMoneyMesh();
  sink = await mesh.user({ name: "Sink" });
}, 180_000);
afterAll(() => mesh?.stop());
beforeEach(() => awayFromUtcMidnight());

async function sendAll(from: MoneyUser, amounts: number[]) {
  for (const amount of amounts) {
    const res = await mesh.transfer(from, { recipientId: sink.id, amount });
    expect({ amount, status: res.status }).toEqual({ amount, status: 201 });
  }
}

async function expectLimit(res: Awaited<ReturnType<MoneyMesh["transfer"]>>, expected: { window: string; limit: number; used: number; remaining: number }) {
  await expectProblem(res, 422, "LIMIT_EXCEEDED");
  expect(res.body).toMatchObject(expected);
  expect(res.body.detail).toContain("limit");
}

describe("UNVERIFIED: $50 per transfer, $100 a day", () => {
  test("to the cent, and a refusal leaves no transaction behind", async () => {
    const u = await mesh.user({ tier: "UNVERIFIED", balance: 10_000 });
    const rows = (await rowsOf(mesh, u.id)).length;
    await expectLimit(await mesh.transfer(u, { recipientId: sink.id, amount: 5_001 }), { window: "PER_TRANSACTION", limit: 5_000, used: 0, remaining: 5_000 });
    expect((await rowsOf(mesh, u.id)).length).toBe(rows);
    await sendAll(u, [5_000, 4_999]);
    await expectLimit(await mesh.transfer(u, { recipientId: sink.id, amount: 2 }), { window: "DAILY", limit: 10_000, used: 9_999, remaining: 1 });
    await sendAll(u, [1]);
    expect((await rowsOf(mesh, u.id)).filter((r) => r.status === "PENDING")).toEqual([]);
  });

  test("top-ups: $50 each, $100 a day, counted apart from transfers", async () => {
    const u = await mesh.user({ tier: "UNVERIFIED" });
    const over = await mesh.topup(u, { amount: 5_001 });
    await expectLimit(over, { window: "PER_TRANSACTION", limit: 5_000, used: 0, remaining: 5_000 });
    expect(over.body.detail).toContain("top-up");
    expect((await mesh.topup(u, { amount: 5_000 })).status).toBe(201);
    expect((await mesh.topup(u, { amount: 5_000 })).status).toBe(201);
    await expectLimit(await mesh.topup(u, { amount: 1 }), { window: "DAILY", limit: 10_000, used: 10_000, remaining: 0 });
    // Sending money does not use the deposit allowance, nor the other way round.
    await sendAll(u, [5_000]);
    expect((await rowsOf(mesh, u.id)).map((r) => [r.type, r.status])).toEqual([
      ["TOPUP", "COMPLETED"],
      ["TOPUP", "COMPLETED"],
      ["TRANSFER", "COMPLETED"],
    ]);
  });
});

describe("BASIC: $500 per transfer, $2,000 a day", () => {
  test("exactly $2,000.00 passes in pieces and one more cent does not", async () => {
    const u = await mesh.user({ balance: 200_000 });
    await expectLimit(await mesh.transfer(u, { recipientId: sink.id, amount: 50_001 }), { window: "PER_TRANSACTION", limit: 50_000, used: 0, remaining: 50_000 });
    await sendAll(u, [20_000, 20_000, 20_000, 20_000, 20_000, 20_000, 20_000, 20_000, 20_000, 19_999]);
    await sendAll(u, [1]);
    const res = await mesh.transfer(u, { recipientId: sink.id, amount: 1 });
    await expectLimit(res, { window: "DAILY", limit: 200_000, used: 200_000, remaining: 0 });
    expect(res.body.detail).toBe("Amount $0.01 exceeds the daily transfer limit of $2,000.00: $2,000.00 used today, $0.00 remaining");
    expect(res.body.resetsAt).toMatch(/T00:00:00\.000Z$/);
    expect((await mesh.balance(u.id)).balance).toBe(0);
  });

  test("a failed transfer gives its allowance back", async () => {
    const u = await mesh.user({ balance: 100_000 });
    await sendAll(u, [20_000, 20_000, 20_000, 20_000, 20_000]);
    // Nothing left: this one fails for want of funds and must not count.
    const failed = await mesh.transfer(u, { recipientId: sink.id, amount: 20_000 });
    await expectProblem(failed, 422, "INSUFFICIENT_FUNDS");
    for (let i = 0; i < 2; i++) expect((await mesh.topup(u, { amount: 50_000 })).status).toBe(201);
    await sendAll(u, [20_000, 20_000, 20_000, 20_000, 20_000]);
    await expectLimit(await mesh.transfer(u, { recipientId: sink.id, amount: 1 }), { window: "DAILY", limit: 200_000, used: 200_000, remaining: 0 });
  });

  test("20 concurrent transfers cannot together pass the daily limit", async () => {
    const funder = await mesh.user({ balance: 100_000 });
    const u = await mesh.user({ balance: 200_000 });
    for (let i = 0; i < 5; i++) expect((await mesh.transfer(funder, { recipientId: u.id, amount: 20_000 })).status).toBe(201);
    // $3,000 on hand, so only the limit can stop them: 13 × $150 = $1,950 fits, a 14th does not.
    const results = await Promise.all(Array.from({ length: 20 }, () => mesh.transfer(u, { recipientId: sink.id, amount: 15_000 })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(13);
    expect(statuses.filter((s) => s === 422)).toHaveLength(7);
    for (const r of results.filter((r) => r.status === 422)) expect(r.body.code).toBe("LIMIT_EXCEEDED");
    const sent = (await rowsOf(mesh, u.id)).filter((r) => r.type === "TRANSFER");
    expect(sent.map((r) => r.status)).toEqual(Array(13).fill("COMPLETED"));
    expect((await mesh.balance(u.id)).balance).toBe(300_000 - 13 * 15_000);
  });

  test("top-ups: $500 each, $2,000 a day", async () => {
    const u = await mesh.user();
    await expectLimit(await mesh.topup(u, { amount: 50_001 }), { window: "PER_TRANSACTION", limit: 50_000, used: 0, remaining: 50_000 });
    for (let i = 0; i < 4; i++) expect((await mesh.topup(u, { amount: 50_000 })).status).toBe(201);
    await expectLimit(await mesh.topup(u, { amount: 1 }), { window: "DAILY", limit: 200_000, used: 200_000, remaining: 0 });
  });
});
