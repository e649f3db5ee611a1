import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { createWalletUsers } from "../../tests/harness/wallet.ts";
import { codeOf, txn, useWalletRpc } from "./test-support.ts";

setDefaultTimeout(60_000);

const fx = useWalletRpc();

/** Sends a request past the typed client's own validation, to see what the server says. */
const rawCall = async (method: string, body: unknown) => (await fx.nc.request(`mint.wallet.${method}`, JSON.stringify(body), { timeout: 10_000 })).json();

describe("reads", () => {
  test("a new wallet is empty, active and in USD", async () => {
    const [userId] = await createWalletUsers(fx.nc, 1);
    const w = await fx.wallet.getWallet({ userId: userId! });
    expect(w).toMatchObject({ userId, balance: 0, heldAmount: 0, availableBalance: 0, owedAmount: 0, currency: "USD", status: "ACTIVE" });
    expect(await fx.wallet.getBalance({ userId: userId! })).toEqual({ balance: 0, availableBalance: 0, heldAmount: 0, currency: "USD" });
  });
  test("unknown users have no wallet", async () => {
    expect(await codeOf(fx.wallet.getWallet({ userId: "nobody" }))).toBe("NOT_FOUND");
    expect(await codeOf(fx.wallet.getBalance({ userId: "nobody" }))).toBe("NOT_FOUND");
  });
});

describe("credit", () => {
  test("moves money from the funding account to the user", async () => {
    const [userId] = await createWalletUsers(fx.nc, 1);
    const transactionId = txn();
    const result = await fx.wallet.credit({ userId: userId!, amount: 5_000, transactionId });
    expect(result).toMatchObject({ transactionId, kind: "CREDIT", amount: 5_000, replayed: false, balances: [{ userId, balanceAfter: 5_000 }] });
    await fx.wallet.credit({ userId: userId!, amount: 2_000, transactionId: txn() });
    expect((await fx.wallet.getBalance({ userId: userId! })).balance).toBe(7_000);
  });
  test("errors: unknown wallet, frozen wallet, bad amounts", async () => {
    const [userId] = await createWalletUsers(fx.nc, 1);
    expect(await codeOf(fx.wallet.credit({ userId: "nobody", amount: 1, transactionId: txn() }))).toBe("NOT_FOUND");
    await fx.wallet.freeze({ userId: userId!, reason: "test", actorId: "admin-1" });
    expect(await codeOf(fx.wallet.credit({ userId: userId!, amount: 1, transactionId: txn() }))).toBe("FROZEN");
    for (const amount of [0, -5, 1.5, 100_000_000_001, "12"]) {
      expect(await rawCall("credit", { userId, amount, transactionId: txn() })).toMatchObject({ ok: false, error: { code: "INVALID_ARGUMENT", errors: [{ field: "amount" }] } });
    }
    expect(await rawCall("credit", { userId, amount: 5 })).toMatchObject({ ok: false, error: { code: "INVALID_ARGUMENT", errors: [{ field: "transactionId" }] } });
    expect((await fx.wallet.getBalance({ userId: userId! })).balance).toBe(0);
  });
});

describe("transfer", () => {
  test("debits and credits in one movement", async () => {
    const [a, b] = await createWalletUsers(fx.nc, 2);
    await fx.wallet.credit({ userId: a!, amount: 10_000, transactionId: txn() });
    const result = await fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 1_000, transactionId: txn() });
    expect(result).toMatchObject({ kind: "TRANSFER", amount: 1_000, replayed: false, balances: [{ userId: a, balanceAfter: 9_000 }, { userId: b, balanceAfter: 1_000 }] });
    expect((await fx.wallet.getBalance({ userId: a! })).balance).toBe(9_000);
    expect((await fx.wallet.getBalance({ userId: b! })).balance).toBe(1_000);
  });
  test("announces one balance change per wallet, to its owner", async () => {
    const [a, b] = await createWalletUsers(fx.nc, 2);
    await fx.wallet.credit({ userId: a!, amount: 700, transactionId: txn() });
    const transactionId = txn();
    await fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 200, transactionId });
    const events = await fx.svc.ctx.dbHandle.sql<{ envelope: { actorId: string; subjectUserIds: string[]; data: Record<string, unknown> } }[]>`
      select envelope from outbox where type = 'wallet.balance_changed' and envelope->'data'->>'transactionId' = ${transactionId} order by id`;
    expect(events.map((e) => e.envelope)).toEqual([
      expect.objectContaining({ actorId: a, subjectUserIds: [a], data: expect.objectContaining({ userId: a, kind: "TRANSFER", delta: -200, balanceAfter: 500 }) }),
      expect.objectContaining({ actorId: b, subjectUserIds: [b], data: expect.objectContaining({ userId: b, kind: "TRANSFER", delta: 200, balanceAfter: 200 }) }),
    ]);
  });
  test("a transfer to oneself is refused and moves nothing", async () => {
    const [a] = await createWalletUsers(fx.nc, 1);
    await fx.wallet.credit({ userId: a!, amount: 500, transactionId: txn() });
    expect(await codeOf(fx.wallet.transfer({ fromUserId: a!, toUserId: a!, amount: 100, transactionId: txn() }))).toBe("INVALID_ARGUMENT");
    expect((await fx.wallet.getBalance({ userId: a! })).balance).toBe(500);
  });
  test("errors: unknown sender or recipient, frozen sender or recipient, insufficient funds", async () => {
    const [a, b] = await createWalletUsers(fx.nc, 2);
    await fx.wallet.credit({ userId: a!, amount: 1_000, transactionId: txn() });
    expect(await codeOf(fx.wallet.transfer({ fromUserId: a!, toUserId: "nobody", amount: 1, transactionId: txn() }))).toBe("NOT_FOUND");
    expect(await codeOf(fx.wallet.transfer({ fromUserId: "nobody", toUserId: a!, amount: 1, transactionId: txn() }))).toBe("NOT_FOUND");
    expect(await codeOf(fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 1_001, transactionId: txn() }))).toBe("INSUFFICIENT_FUNDS");
    await fx.wallet.freeze({ userId: b!, reason: "test", actorId: "admin-1" });
    expect(await codeOf(fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 1, transactionId: txn() }))).toBe("FROZEN");
    await fx.wallet.unfreeze({ userId: b!, actorId: "admin-1" });
    await fx.wallet.freeze({ userId: a!, reason: "test", actorId: "admin-1" });
    expect(await codeOf(fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 1, transactionId: txn() }))).toBe("FROZEN");
    expect((await fx.wallet.getBalance({ userId: a! })).balance).toBe(1_000);
    expect((await fx.wallet.getBalance({ userId: b! })).balance).toBe(0);
  });
  test("one transaction id moves money forward once: another kind or other parties are a conflict", async () => {
    const [a, b, c] = await createWalletUsers(fx.nc, 3);
    const transactionId = txn();
    await fx.wallet.credit({ userId: a!, amount: 1_000, transactionId });
    expect(await codeOf(fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 100, transactionId }))).toBe("CONFLICT");
    const t2 = txn();
    await fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 100, transactionId: t2 });
    expect(await codeOf(fx.wallet.transfer({ fromUserId: a!, toUserId: c!, amount: 100, transactionId: t2 }))).toBe("CONFLICT");
    expect(await codeOf(fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 101, transactionId: t2 }))).toBe("CONFLICT");
    expect((await fx.wallet.getBalance({ userId: a! })).balance).toBe(900);
  });
});

describe("freeze and unfreeze", () => {
  test("are idempotent and refuse unknown wallets", async () => {
    const [a] = await createWalletUsers(fx.nc, 1);
    expect((await fx.wallet.freeze({ userId: a!, reason: "fraud", actorId: "admin-1" })).status).toBe("FROZEN");
    expect((await fx.wallet.freeze({ userId: a!, reason: "again", actorId: "admin-1" })).status).toBe("FROZEN");
    expect((await fx.wallet.unfreeze({ userId: a!, actorId: "admin-1" })).status).toBe("ACTIVE");
    expect((await fx.wallet.unfreeze({ userId: a!, actorId: "admin-1" })).status).toBe("ACTIVE");
    expect(await codeOf(fx.wallet.freeze({ userId: "nobody", reason: "x", actorId: "admin-1" }))).toBe("NOT_FOUND");
    expect(await codeOf(fx.wallet.unfreeze({ userId: "nobody", actorId: "admin-1" }))).toBe("NOT_FOUND");
    expect(await rawCall("freeze", { userId: a, actorId: "admin-1" })).toMatchObject({ ok: false, error: { code: "INVALID_ARGUMENT", errors: [{ field: "reason" }] } });
  });

  test("announce only actual changes, naming the admin", async () => {
    const [a] = await createWalletUsers(fx.nc, 1);
    await fx.wallet.freeze({ userId: a!, reason: "chargeback", actorId: "admin-7" });
    await fx.wallet.freeze({ userId: a!, reason: "chargeback", actorId: "admin-7" });
    await fx.wallet.unfreeze({ userId: a!, actorId: "admin-8" });
    await fx.wallet.unfreeze({ userId: a!, actorId: "admin-8" });
    const events = await fx.svc.ctx.dbHandle.sql<{ type: string; envelope: { actorId: string; subjectUserIds: string[]; data: Record<string, unknown> } }[]>`
      select type, envelope from outbox where type in ('wallet.frozen', 'wallet.unfrozen') and envelope->'data'->>'userId' = ${a!} order by id`;
    expect(events.map((e) => e.type)).toEqual(["wallet.frozen", "wallet.unfrozen"]);
    expect(events[0]!.envelope).toMatchObject({ actorId: "admin-7", subjectUserIds: [a], data: { reason: "chargeback", frozenBy: "admin-7" } });
    expect(events[1]!.envelope).toMatchObject({ actorId: "admin-8", data: { unfrozenBy: "admin-8" } });
  });
});

describe("settlement", () => {
  test("says which movements a transaction has", async () => {
    const [a, b] = await createWalletUsers(fx.nc, 2);
    await fx.wallet.credit({ userId: a!, amount: 1_000, transactionId: txn() });
    const transactionId = txn();
    expect(await fx.wallet.getSettlement({ transactionId })).toEqual({ movements: [], hold: null });
    await fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 300, transactionId });
    const s = await fx.wallet.getSettlement({ transactionId });
    expect(s.hold).toBeNull();
    expect(s.movements).toEqual([{ kind: "TRANSFER", amount: 300, createdAt: expect.any(String) }]);
  });
});
