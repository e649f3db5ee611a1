import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { createWalletUsers } from "../../tests/harness/wallet.ts";
import { codeOf, txn, useWalletRpc } from "./test-support.ts";

setDefaultTimeout(60_000);

const fx = useWalletRpc();


/** a pays b 1 000 (the transaction to reverse), then b spends 700 of it on c. */
async function paidThenSpent() {
  const [a, b, c] = (await createWalletUsers(fx.nc, 3)) as [string, string, string];
  await fx.wallet.credit({ userId: a, amount: 1_000, transactionId: txn() });
  const transactionId = txn();
  await fx.wallet.transfer({ fromUserId: a, toUserId: b, amount: 1_000, transactionId });
  await fx.wallet.transfer({ fromUserId: b, toUserId: c, amount: 700, transactionId: txn() });
  return { a, b, c, transactionId };
}

describe("reverse", () => {
  test("a transfer: the payee pays the payer back", async () => {
    const [a, b] = await createWalletUsers(fx.nc, 2);
    await fx.wallet.credit({ userId: a!, amount: 1_000, transactionId: txn() });
    const transactionId = txn();
    await fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 400, transactionId });
    const result = await fx.wallet.reverse({ transactionId });
    expect(result).toMatchObject({ transactionId, kind: "REVERSAL", amount: 400, replayed: false, balances: [{ userId: b, balanceAfter: 0 }, { userId: a, balanceAfter: 1_000 }] });
    expect((await fx.wallet.getSettlement({ transactionId })).movements.map((m) => m.kind)).toEqual(["TRANSFER", "REVERSAL"]);
  });

  test("a top-up: the money goes back to the funding account", async () => {
    const [a] = await createWalletUsers(fx.nc, 1);
    const transactionId = txn();
    await fx.wallet.credit({ userId: a!, amount: 900, transactionId });
    expect((await fx.wallet.reverse({ transactionId })).balances).toEqual([{ userId: a!, balanceAfter: 0 }]);
  });

  test("a captured hold", async () => {
    const [a, b] = await createWalletUsers(fx.nc, 2);
    await fx.wallet.credit({ userId: a!, amount: 1_000, transactionId: txn() });
    const transactionId = txn();
    await fx.wallet.hold({ fromUserId: a!, toUserId: b!, amount: 300, transactionId });
    expect(await codeOf(fx.wallet.reverse({ transactionId }))).toBe("NOT_FOUND");
    await fx.wallet.capture({ transactionId });
    await fx.wallet.reverse({ transactionId });
    expect(await fx.wallet.getBalance({ userId: a! })).toMatchObject({ balance: 1_000, heldAmount: 0 });
  });

  test("nothing to reverse is NOT_FOUND", async () => {
    expect(await codeOf(fx.wallet.reverse({ transactionId: txn() }))).toBe("NOT_FOUND");
  });

  test("without force, a payee who spent the money refuses; nothing changes", async () => {
    const { a, b, transactionId } = await paidThenSpent();
    expect(await codeOf(fx.wallet.reverse({ transactionId }))).toBe("INSUFFICIENT_FUNDS");
    expect((await fx.wallet.getBalance({ userId: b! })).balance).toBe(300);
    expect((await fx.wallet.getBalance({ userId: a! })).balance).toBe(0);
  });

  test("with force, the payee goes into recovery: owed, unable to spend, repaid by later credits", async () => {
    const { a, b, c, transactionId } = await paidThenSpent();
    const result = await fx.wallet.reverse({ transactionId, force: true });
    expect(result.balances).toEqual([{ userId: b!, balanceAfter: -700 }, { userId: a!, balanceAfter: 1_000 }]);
    expect(await fx.wallet.getWallet({ userId: b! })).toMatchObject({ balance: -700, availableBalance: -700, owedAmount: 700, status: "ACTIVE" });

    expect(await codeOf(fx.wallet.transfer({ fromUserId: b!, toUserId: c!, amount: 1, transactionId: txn() }))).toBe("INSUFFICIENT_FUNDS");
    await fx.wallet.transfer({ fromUserId: c!, toUserId: b!, amount: 500, transactionId: txn() });
    expect(await fx.wallet.getWallet({ userId: b! })).toMatchObject({ balance: -200, owedAmount: 200 });
    await fx.wallet.credit({ userId: b!, amount: 300, transactionId: txn() });
    expect(await fx.wallet.getWallet({ userId: b! })).toMatchObject({ balance: 100, owedAmount: 0, availableBalance: 100 });
    expect((await fx.wallet.verify({})).ok).toBe(true);
  });

  test("the database refuses to overdraw a wallet in recovery any further, whatever the code says", async () => {
    const [a, b] = await createWalletUsers(fx.nc, 2);
    await fx.wallet.credit({ userId: a!, amount: 500, transactionId: txn() });
    const transactionId = txn();
    await fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 500, transactionId });
    await fx.wallet.transfer({ fromUserId: b!, toUserId: a!, amount: 500, transactionId: txn() });
    await fx.wallet.reverse({ transactionId, force: true });
    const sql = fx.svc.ctx.dbHandle.sql;
    await expect(sql`update wallets set balance = balance - 1 where user_id = ${b!}`).rejects.toThrow(/wallets_balance_check/);
    await expect(sql`update wallets set balance = -1 where user_id = ${a!}`).rejects.toThrow(/wallets_balance_check/);
  });

  test("a frozen payee does not stop a reversal", async () => {
    const [a, b] = await createWalletUsers(fx.nc, 2);
    await fx.wallet.credit({ userId: a!, amount: 1_000, transactionId: txn() });
    const transactionId = txn();
    await fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 600, transactionId });
    await fx.wallet.freeze({ userId: b!, reason: "fraud", actorId: "admin-1" });
    await fx.wallet.reverse({ transactionId });
    expect(await fx.wallet.getWallet({ userId: b! })).toMatchObject({ balance: 0, status: "FROZEN" });
  });

  test("only once: a second reversal returns the first", async () => {
    const [a, b] = await createWalletUsers(fx.nc, 2);
    await fx.wallet.credit({ userId: a!, amount: 1_000, transactionId: txn() });
    const transactionId = txn();
    await fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 600, transactionId });
    const results = await Promise.all(Array.from({ length: 5 }, () => fx.wallet.reverse({ transactionId })));
    expect(new Set(results.map((r) => r.movementId)).size).toBe(1);
    expect((await fx.wallet.getBalance({ userId: a! })).balance).toBe(1_000);
  });
});
