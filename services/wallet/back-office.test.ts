import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { createWalletUsers } from "../../tests/harness/wallet.ts";
import { FUNDING_ACCOUNT_ID } from "./ledger/accounts.ts";
import { codeOf, txn, useWalletRpc } from "./test-support.ts";

setDefaultTimeout(60_000);

const fx = useWalletRpc();

describe("what the back office reads", () => {
  test("getLedger: a transaction's movements with their entries, each summing to zero, oldest first", async () => {
    const [a, b] = await createWalletUsers(fx.nc, 2);
    const topup = txn();
    await fx.wallet.credit({ userId: a!, amount: 1_000, transactionId: topup });
    const credit = await fx.wallet.getLedger({ transactionId: topup });
    expect(credit.movements).toHaveLength(1);
    expect(credit.movements[0]).toMatchObject({ kind: "CREDIT", amount: 1_000 });
    expect(credit.movements[0]!.entries).toEqual([
      { walletId: FUNDING_ACCOUNT_ID, userId: null, systemAccount: "FUNDING", delta: -1_000, balanceAfter: expect.any(Number) },
      { walletId: expect.any(String), userId: a!, systemAccount: null, delta: 1_000, balanceAfter: 1_000 },
    ]);

    const sent = txn();
    await fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 300, transactionId: sent });
    await fx.wallet.reverse({ transactionId: sent, force: false });
    const ledger = await fx.wallet.getLedger({ transactionId: sent });
    expect(ledger.movements.map((m) => m.kind)).toEqual(["TRANSFER", "REVERSAL"]);
    for (const m of ledger.movements) expect(m.entries.reduce((sum, e) => sum + e.delta, 0)).toBe(0);
    expect(ledger.movements[1]!.entries.map((e) => [e.userId, e.delta, e.balanceAfter])).toEqual([
      [b!, -300, 0],
      [a!, 300, 1_000],
    ]);
    expect(await fx.wallet.getLedger({ transactionId: txn() })).toEqual({ movements: [] });
  });

  test("listHolds: the open holds a user pays (OUT) or is paid (IN); captured and released ones are gone", async () => {
    const [a, b, c] = await createWalletUsers(fx.nc, 3);
    await fx.wallet.credit({ userId: a!, amount: 1_000, transactionId: txn() });
    await fx.wallet.credit({ userId: c!, amount: 1_000, transactionId: txn() });
    const [out, incoming, captured, released] = [txn(), txn(), txn(), txn()];
    await fx.wallet.hold({ fromUserId: a!, toUserId: b!, amount: 100, transactionId: out });
    await fx.wallet.hold({ fromUserId: c!, toUserId: a!, amount: 200, transactionId: incoming });
    await fx.wallet.hold({ fromUserId: a!, toUserId: c!, amount: 50, transactionId: captured });
    await fx.wallet.hold({ fromUserId: a!, toUserId: c!, amount: 60, transactionId: released });
    await fx.wallet.capture({ transactionId: captured });
    await fx.wallet.release({ transactionId: released });
    const { holds } = await fx.wallet.listHolds({ userId: a! });
    expect(holds.map((h) => [h.transactionId, h.direction, h.amount])).toEqual([
      [out, "OUT", 100],
      [incoming, "IN", 200],
    ]);
    expect(holds[0]).toMatchObject({ fromUserId: a, toUserId: b, createdAt: expect.any(String) });
    expect(await fx.wallet.listHolds({ userId: "nobody" })).toEqual({ holds: [] });
  });

  test("totals: wallets, frozen ones, funds held and open holds across every user", async () => {
    const before = await fx.wallet.totals({});
    const [a, b] = await createWalletUsers(fx.nc, 2);
    await fx.wallet.credit({ userId: a!, amount: 500, transactionId: txn() });
    await fx.wallet.hold({ fromUserId: a!, toUserId: b!, amount: 120, transactionId: txn() });
    await fx.wallet.freeze({ userId: b!, reason: "test", actorId: "admin-1" });
    const after = await fx.wallet.totals({});
    expect(after).toEqual({
      wallets: before.wallets + 2,
      frozenWallets: before.frozenWallets + 1,
      heldAmount: before.heldAmount + 120,
      openHolds: before.openHolds + 1,
      totalUserBalance: before.totalUserBalance + 500,
    });
    expect(await codeOf(fx.wallet.credit({ userId: b!, amount: 1, transactionId: txn() }))).toBe("FROZEN");
  });
});
