import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { eventually } from "../../shared/testing/wait.ts";
import { startMoneyMesh, type MoneyMesh, type MoneyUser } from "../../tests/harness/money.ts";
import { transactions } from "./db/schema.ts";
import { db, eventsOf, expectProblem, keyRow, rowsOf, txnRow } from "./test-support.ts";

setDefaultTimeout(60_000);

let mesh: MoneyMesh;
let alice: MoneyUser;
let bob: MoneyUser;
beforeAll(async () => {
  mesh = await startMoneyMesh({ env: { transactions: { SWEEPER_STALE_AFTER_S: "3", SWEEPER_INTERVAL_MS: "250" } } });
  [alice, bob] = await Promise.all([mesh.user({ balance: 100_000 }), mesh.user()]);
}, 180_000);
afterAll(() => mesh?.stop());

/** A transaction as a crashed request would have left it (written straight into the table). */
async function leftBehind(values: Partial<typeof transactions.$inferInsert> & { status: "PENDING" | "PROCESSING" }) {
  const id = Bun.randomUUIDv7();
  await db(mesh)
    .insert(transactions)
    .values({ id, type: "TRANSFER", senderId: alice.id, recipientId: bob.id, amount: 1_000, ...values });
  return id;
}

const settled = (id: string, status: string) => eventually(async () => ((await txnRow(mesh, id))!.status === status ? txnRow(mesh, id) : undefined), { timeoutMs: 15_000, what: `${id} to become ${status}` });

describe("the sweeper settles what crashes and outages left behind", () => {
  test("PROCESSING, money already moved → COMPLETED without moving it again", async () => {
    const id = await leftBehind({ status: "PROCESSING", fraudDecision: "ALLOW", fraudScore: 0, amount: 1_100 });
    await mesh.rpc.wallet.transfer({ fromUserId: alice.id, toUserId: bob.id, amount: 1_100, transactionId: id });
    const balance = await mesh.balance(alice.id);
    await settled(id, "COMPLETED");
    expect(await mesh.balance(alice.id)).toEqual(balance);
    expect((await eventsOf(mesh, id)).map((e) => e.type)).toEqual(["transaction.completed"]);
  });

  test("PROCESSING, the wallet never got the call → driven again with the same id: money moves once", async () => {
    const [a0, b0] = await Promise.all([mesh.balance(alice.id), mesh.balance(bob.id)]);
    const id = await leftBehind({ status: "PROCESSING", fraudDecision: "ALLOW", fraudScore: 0, amount: 1_200 });
    await settled(id, "COMPLETED");
    expect((await mesh.balance(alice.id)).balance).toBe(a0.balance - 1_200);
    expect((await mesh.balance(bob.id)).balance).toBe(b0.balance + 1_200);
    expect((await mesh.rpc.wallet.getSettlement({ transactionId: id })).movements).toHaveLength(1);
  });

  test("PROCESSING top-up that never reached the wallet → credited once", async () => {
    const b0 = await mesh.balance(bob.id);
    const id = await leftBehind({ status: "PROCESSING", type: "TOPUP", senderId: bob.id, recipientId: null, amount: 1_300 });
    await settled(id, "COMPLETED");
    expect((await mesh.balance(bob.id)).balance).toBe(b0.balance + 1_300);
  });

  test("PROCESSING the wallet refuses when driven again → FAILED with the reason", async () => {
    const poor = await mesh.user();
    const id = await leftBehind({ status: "PROCESSING", senderId: poor.id, fraudDecision: "ALLOW", fraudScore: 0 });
    expect(await settled(id, "FAILED")).toMatchObject({ statusReason: "INSUFFICIENT_FUNDS" });
  });

  test("PENDING before any fraud decision → FAILED (nothing was attempted)", async () => {
    const a0 = await mesh.balance(alice.id);
    const id = await leftBehind({ status: "PENDING" });
    expect(await settled(id, "FAILED")).toMatchObject({ statusReason: "ABANDONED" });
    expect(await mesh.balance(alice.id)).toEqual(a0);
    expect((await eventsOf(mesh, id)).map((e) => e.envelope.data.code)).toEqual(["ABANDONED"]);
  });

  test("PENDING review whose hold was placed but not recorded → held, then left for the reviewer", async () => {
    const id = await leftBehind({ status: "PENDING", fraudDecision: "REVIEW", fraudScore: 50, fraudRules: [{ rule: "new_recipient_large", score: 50, reason: "test" }] });
    await mesh.rpc.wallet.hold({ fromUserId: alice.id, toUserId: bob.id, amount: 1_000, transactionId: id });
    const held = await eventually(async () => (await txnRow(mesh, id))?.heldAt ?? undefined, { timeoutMs: 15_000, what: "the hold to be recorded" });
    expect(held).toBeInstanceOf(Date);
    expect(await txnRow(mesh, id)).toMatchObject({ status: "PENDING", statusReason: "FRAUD_REVIEW" });
    expect((await eventsOf(mesh, id)).map((e) => e.type)).toEqual(["transaction.held"]);
    // Several sweeps later it is still waiting for a person.
    await Bun.sleep(2_500);
    expect((await txnRow(mesh, id))!.status).toBe("PENDING");
  });

  test("PENDING review whose hold request never arrived → hold asked again", async () => {
    const a0 = await mesh.balance(alice.id);
    const id = await leftBehind({ status: "PENDING", fraudDecision: "REVIEW", fraudScore: 50, amount: 1_400 });
    await eventually(async () => (await txnRow(mesh, id))?.heldAt ?? undefined, { timeoutMs: 15_000, what: "the hold" });
    expect((await mesh.balance(alice.id)).availableBalance).toBe(a0.availableBalance - 1_400);
  });

  test("a held transfer captured behind our back (approval crashed after the wallet) → COMPLETED", async () => {
    const id = await leftBehind({ status: "PENDING", fraudDecision: "REVIEW", fraudScore: 50, amount: 1_500 });
    await eventually(async () => (await txnRow(mesh, id))?.heldAt ?? undefined, { timeoutMs: 15_000, what: "the hold" });
    await mesh.rpc.wallet.capture({ transactionId: id });
    expect(await settled(id, "COMPLETED")).toMatchObject({ statusReason: "REVIEW_APPROVED" });
  });
});

describe("outages", () => {
  test("the wallet answers too late: 504 and PROCESSING; the money moves anyway; the same key then answers COMPLETED", async () => {
    const key = crypto.randomUUID();
    const body = { recipientId: bob.id, amount: 700, description: "slow wallet" };
    const [a0, b0] = await Promise.all([mesh.balance(alice.id), mesh.balance(bob.id)]);
    // Another transaction holds Alice's wallet row, so the wallet's transfer waits past our deadline.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const blocker = mesh.wallet.ctx.dbHandle.sql.begin(async (tx) => {
      await tx`select id from wallets where user_id = ${alice.id} for update`;
      locked();
      await released;
    });
    await isLocked;
    const res = await mesh.transfer(alice, body, key);
    release();
    await blocker;
    await expectProblem(res, 504, "DEADLINE_EXCEEDED");
    expect(res.body.transactionStatus).toBe("PROCESSING");
    expect((await keyRow(mesh, alice.id, key))!.state).toBe("DETACHED");
    await eventually(async () => (await mesh.rpc.wallet.getSettlement({ transactionId: res.body.transactionId })).movements.length === 1, { what: "the late movement" });
    const retry = await mesh.transfer(alice, body, key);
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ id: res.body.transactionId, status: "COMPLETED" });
    expect((await mesh.balance(alice.id)).balance).toBe(a0.balance - 700);
    expect((await mesh.balance(bob.id)).balance).toBe(b0.balance + 700);
    expect((await mesh.transfer(alice, body, key)).headers.get("idempotent-replayed")).toBe("true");
  });

  test("fraud down: 503, the transfer FAILED with nothing moved, the key freed; the same key works once fraud is back", async () => {
    await mesh.fraud!.stop();
    const key = crypto.randomUUID();
    const body = { recipientId: bob.id, amount: 500, description: "while fraud is down" };
    const before = await mesh.balance(alice.id);
    const res = await mesh.transfer(alice, body, key);
    await expectProblem(res, 503, "UNAVAILABLE");
    expect(await txnRow(mesh, res.body.transactionId)).toMatchObject({ status: "FAILED", statusReason: "FRAUD_UNAVAILABLE" });
    expect(await keyRow(mesh, alice.id, key)).toBeUndefined();
    expect(await mesh.balance(alice.id)).toEqual(before);
    await mesh.restart("fraud");
    const retry = await mesh.transfer(alice, body, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
    expect(retry.body.id).not.toBe(res.body.transactionId);
  });

  test("wallet down: 503 before anything is written; the same key works once it is back", async () => {
    await mesh.wallet.stop();
    const key = crypto.randomUUID();
    const rows = (await rowsOf(mesh, alice.id)).length;
    const res = await mesh.transfer(alice, { recipientId: bob.id, amount: 600 }, key);
    await expectProblem(res, 503, "UNAVAILABLE");
    await expectProblem(await mesh.topup(alice, { amount: 600 }, crypto.randomUUID()), 503, "UNAVAILABLE");
    expect((await rowsOf(mesh, alice.id)).length).toBe(rows);
    expect(await keyRow(mesh, alice.id, key)).toBeUndefined();
    await mesh.restart("wallet");
    const retry = await mesh.transfer(alice, { recipientId: bob.id, amount: 600 }, key);
    expect({ status: retry.status, body: retry.body }).toMatchObject({ status: 201, body: { status: "COMPLETED" } });
  });

  test("a transfer left unsettled while the wallet is down is settled by the sweeper once it is back", async () => {
    const id = await leftBehind({ status: "PROCESSING", fraudDecision: "ALLOW", fraudScore: 0, amount: 1_600 });
    await mesh.wallet.stop();
    await Bun.sleep(1_500);
    expect((await txnRow(mesh, id))!.status).toBe("PROCESSING");
    await mesh.restart("wallet");
    await settled(id, "COMPLETED");
  });
});
