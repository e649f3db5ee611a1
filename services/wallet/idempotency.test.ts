import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { createWalletUsers } from "../../tests/harness/wallet.ts";
import { txn, useWalletRpc } from "./test-support.ts";

setDefaultTimeout(120_000);

const fx = useWalletRpc();

const balanceOf = async (userId: string) => (await fx.wallet.getBalance({ userId })).balance;
const movementCount = async (transactionId: string) =>
  (await fx.svc.ctx.dbHandle.sql<{ n: number }[]>`select count(*)::int as n from movements where transaction_id = ${transactionId}`)[0]!.n;

describe("a replay returns the first result", () => {
  test("credit, even after the wallet was frozen", async () => {
    const [a] = await createWalletUsers(fx.nc, 1);
    const req = { userId: a!, amount: 1_500, transactionId: txn() };
    const first = await fx.wallet.credit(req);
    await fx.wallet.credit({ userId: a!, amount: 100, transactionId: txn() });
    await fx.wallet.freeze({ userId: a!, reason: "test", actorId: "admin-1" });
    expect(await fx.wallet.credit(req)).toEqual({ ...first, replayed: true });
    expect(await balanceOf(a!)).toBe(1_600);
  });

  test("transfer, even after the money was spent and the sender frozen", async () => {
    const [a, b, c] = await createWalletUsers(fx.nc, 3);
    await fx.wallet.credit({ userId: a!, amount: 1_000, transactionId: txn() });
    const req = { fromUserId: a!, toUserId: b!, amount: 1_000, transactionId: txn() };
    const first = await fx.wallet.transfer(req);
    await fx.wallet.transfer({ fromUserId: b!, toUserId: c!, amount: 1_000, transactionId: txn() });
    expect(await fx.wallet.transfer(req)).toEqual({ ...first, replayed: true });
    await fx.wallet.freeze({ userId: a!, reason: "test", actorId: "admin-1" });
    await fx.wallet.freeze({ userId: b!, reason: "test", actorId: "admin-1" });
    expect(await fx.wallet.transfer(req)).toEqual({ ...first, replayed: true });
    expect([await balanceOf(a!), await balanceOf(b!), await balanceOf(c!)]).toEqual([0, 0, 1_000]);
    expect(await movementCount(req.transactionId)).toBe(1);
  });

  test("hold, capture and release", async () => {
    const [a, b] = await createWalletUsers(fx.nc, 2);
    await fx.wallet.credit({ userId: a!, amount: 1_000, transactionId: txn() });
    const held = { fromUserId: a!, toUserId: b!, amount: 600, transactionId: txn() };
    expect(await fx.wallet.hold(held)).toMatchObject({ status: "HELD", replayed: false });
    expect(await fx.wallet.hold(held)).toMatchObject({ status: "HELD", replayed: true });
    const captured = await fx.wallet.capture({ transactionId: held.transactionId });
    await fx.wallet.transfer({ fromUserId: b!, toUserId: a!, amount: 600, transactionId: txn() });
    await fx.wallet.freeze({ userId: b!, reason: "test", actorId: "admin-1" });
    expect(await fx.wallet.capture({ transactionId: held.transactionId })).toEqual({ ...captured, replayed: true });
    // A retried hold learns the hold's current state.
    expect(await fx.wallet.hold(held)).toMatchObject({ status: "CAPTURED", replayed: true });

    await fx.wallet.unfreeze({ userId: b!, actorId: "admin-1" });
    const released = { fromUserId: a!, toUserId: b!, amount: 100, transactionId: txn() };
    await fx.wallet.hold(released);
    expect(await fx.wallet.release({ transactionId: released.transactionId })).toMatchObject({ status: "RELEASED", replayed: false });
    expect(await fx.wallet.release({ transactionId: released.transactionId })).toMatchObject({ status: "RELEASED", replayed: true });
    expect(await fx.wallet.getBalance({ userId: a! })).toMatchObject({ balance: 1_000, heldAmount: 0 });
  });

  test("reversal, even after the payer spent what came back", async () => {
    const [a, b, c] = await createWalletUsers(fx.nc, 3);
    await fx.wallet.credit({ userId: a!, amount: 800, transactionId: txn() });
    const transactionId = txn();
    await fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 800, transactionId });
    const first = await fx.wallet.reverse({ transactionId });
    await fx.wallet.transfer({ fromUserId: a!, toUserId: c!, amount: 800, transactionId: txn() });
    expect(await fx.wallet.reverse({ transactionId, force: true })).toEqual({ ...first, replayed: true });
    expect([await balanceOf(a!), await balanceOf(b!), await balanceOf(c!)]).toEqual([0, 0, 800]);
  });
});

describe("concurrent calls", () => {
  test("ten identical transfers at once move the money once", async () => {
    const [a, b] = await createWalletUsers(fx.nc, 2);
    await fx.wallet.credit({ userId: a!, amount: 10_000, transactionId: txn() });
    const req = { fromUserId: a!, toUserId: b!, amount: 700, transactionId: txn() };
    const results = await Promise.all(Array.from({ length: 10 }, () => fx.wallet.transfer(req)));
    expect(new Set(results.map((r) => r.movementId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(results.every((r) => r.balances[0]!.balanceAfter === 9_300)).toBe(true);
    expect([await balanceOf(a!), await balanceOf(b!)]).toEqual([9_300, 700]);
    expect(await movementCount(req.transactionId)).toBe(1);
  });

  test("ten identical credits, holds and captures at once each happen once", async () => {
    const [a, b] = await createWalletUsers(fx.nc, 2);
    const credit = { userId: a!, amount: 2_000, transactionId: txn() };
    const credits = await Promise.all(Array.from({ length: 10 }, () => fx.wallet.credit(credit)));
    expect(new Set(credits.map((r) => r.movementId)).size).toBe(1);
    const hold = { fromUserId: a!, toUserId: b!, amount: 500, transactionId: txn() };
    const holds = await Promise.all(Array.from({ length: 10 }, () => fx.wallet.hold(hold)));
    expect(holds.filter((h) => !h.replayed)).toHaveLength(1);
    expect(await fx.wallet.getBalance({ userId: a! })).toMatchObject({ balance: 2_000, heldAmount: 500 });
    const captures = await Promise.all(Array.from({ length: 10 }, () => fx.wallet.capture({ transactionId: hold.transactionId })));
    expect(new Set(captures.map((r) => r.movementId)).size).toBe(1);
    expect(await fx.wallet.getBalance({ userId: a! })).toMatchObject({ balance: 1_500, heldAmount: 0 });
    expect(await balanceOf(b!)).toBe(500);
  });

  test("opposite transfers between two wallets at once neither deadlock nor lose money", async () => {
    const [a, b] = await createWalletUsers(fx.nc, 2);
    await fx.wallet.credit({ userId: a!, amount: 5_000, transactionId: txn() });
    await fx.wallet.credit({ userId: b!, amount: 5_000, transactionId: txn() });
    const calls = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 30, transactionId: txn() })
        : fx.wallet.transfer({ fromUserId: b!, toUserId: a!, amount: 10, transactionId: txn() }),
    );
    const results = await Promise.allSettled(calls);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect([await balanceOf(a!), await balanceOf(b!)]).toEqual([5_000 - 20 * 30 + 20 * 10, 5_000 + 20 * 30 - 20 * 10]);
  });

  test("one transaction id used at once for movements on different wallets: one wins, the rest are conflicts", async () => {
    const [a, b, c, d] = await createWalletUsers(fx.nc, 4);
    await fx.wallet.credit({ userId: a!, amount: 1_000, transactionId: txn() });
    await fx.wallet.credit({ userId: c!, amount: 1_000, transactionId: txn() });
    const transactionId = txn();
    // Different wallets take different row locks, so only the unique indexes stand between them.
    const results = await Promise.allSettled([
      fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 100, transactionId }),
      fx.wallet.transfer({ fromUserId: c!, toUserId: d!, amount: 100, transactionId }),
      fx.wallet.credit({ userId: d!, amount: 100, transactionId }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.flatMap((r) => (r.status === "rejected" ? [r.reason.code] : []))).toEqual(["CONFLICT", "CONFLICT"]);
    expect(await movementCount(transactionId)).toBe(1);
    const total = (await Promise.all([a, b, c, d].map((u) => balanceOf(u!)))).reduce((x, y) => x + y, 0);
    expect(total).toBe(results[2]!.status === "fulfilled" ? 2_100 : 2_000);
  });

  test("a hold and a transfer racing for the same funds cannot both spend them", async () => {
    const [a, b] = await createWalletUsers(fx.nc, 2);
    await fx.wallet.credit({ userId: a!, amount: 1_000, transactionId: txn() });
    const results = await Promise.allSettled([
      fx.wallet.hold({ fromUserId: a!, toUserId: b!, amount: 1_000, transactionId: txn() }),
      fx.wallet.transfer({ fromUserId: a!, toUserId: b!, amount: 1_000, transactionId: txn() }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason.code).toBe("INSUFFICIENT_FUNDS");
    const after = await fx.wallet.getBalance({ userId: a! });
    expect(after.availableBalance).toBe(0);
  });
});
