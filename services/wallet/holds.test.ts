import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { createWalletUsers } from "../../tests/harness/wallet.ts";
import { codeOf, txn, useWalletRpc } from "./test-support.ts";

setDefaultTimeout(60_000);

const fx = useWalletRpc();


/** Two users; the first holds `funds`. */
async function pair(funds: number): Promise<[string, string]> {
  const [a, b] = await createWalletUsers(fx.nc, 2);
  await fx.wallet.credit({ userId: a!, amount: funds, transactionId: txn() });
  return [a!, b!];
}

describe("hold", () => {
  test("reserves funds: the available balance drops, the balance does not", async () => {
    const [a, b] = await pair(1_000);
    const transactionId = txn();
    expect(await fx.wallet.hold({ fromUserId: a, toUserId: b, amount: 400, transactionId })).toEqual({ transactionId, fromUserId: a, toUserId: b, amount: 400, status: "HELD", replayed: false });
    expect(await fx.wallet.getBalance({ userId: a })).toEqual({ balance: 1_000, availableBalance: 600, heldAmount: 400, currency: "USD" });
    expect(await fx.wallet.getSettlement({ transactionId })).toEqual({ movements: [], hold: { transactionId, fromUserId: a, toUserId: b, amount: 400, status: "HELD" } });
  });

  test("held funds cannot be spent twice", async () => {
    const [a, b] = await pair(1_000);
    await fx.wallet.hold({ fromUserId: a, toUserId: b, amount: 700, transactionId: txn() });
    expect(await codeOf(fx.wallet.transfer({ fromUserId: a, toUserId: b, amount: 301, transactionId: txn() }))).toBe("INSUFFICIENT_FUNDS");
    expect(await codeOf(fx.wallet.hold({ fromUserId: a, toUserId: b, amount: 301, transactionId: txn() }))).toBe("INSUFFICIENT_FUNDS");
    expect(await codeOf(fx.wallet.transfer({ fromUserId: a, toUserId: b, amount: 300, transactionId: txn() }))).toBe("succeeded");
  });

  test("errors: self, unknown, frozen, insufficient, and a transaction that already moved money", async () => {
    const [a, b] = await pair(500);
    expect(await codeOf(fx.wallet.hold({ fromUserId: a, toUserId: a, amount: 1, transactionId: txn() }))).toBe("INVALID_ARGUMENT");
    expect(await codeOf(fx.wallet.hold({ fromUserId: a, toUserId: "nobody", amount: 1, transactionId: txn() }))).toBe("NOT_FOUND");
    expect(await codeOf(fx.wallet.hold({ fromUserId: a, toUserId: b, amount: 501, transactionId: txn() }))).toBe("INSUFFICIENT_FUNDS");
    const moved = txn();
    await fx.wallet.transfer({ fromUserId: a, toUserId: b, amount: 1, transactionId: moved });
    expect(await codeOf(fx.wallet.hold({ fromUserId: a, toUserId: b, amount: 1, transactionId: moved }))).toBe("CONFLICT");
    await fx.wallet.freeze({ userId: b, reason: "test", actorId: "admin-1" });
    expect(await codeOf(fx.wallet.hold({ fromUserId: a, toUserId: b, amount: 1, transactionId: txn() }))).toBe("FROZEN");
    expect((await fx.wallet.getBalance({ userId: a })).heldAmount).toBe(0);
  });

  test("a held transaction cannot also be transferred, and another hold with its id is a conflict", async () => {
    const [a, b] = await pair(500);
    const transactionId = txn();
    await fx.wallet.hold({ fromUserId: a, toUserId: b, amount: 100, transactionId });
    expect(await codeOf(fx.wallet.transfer({ fromUserId: a, toUserId: b, amount: 100, transactionId }))).toBe("CONFLICT");
    expect(await codeOf(fx.wallet.hold({ fromUserId: a, toUserId: b, amount: 200, transactionId }))).toBe("CONFLICT");
  });
});

describe("capture", () => {
  test("moves the held funds to the recipient as one CAPTURE movement", async () => {
    const [a, b] = await pair(1_000);
    const transactionId = txn();
    await fx.wallet.hold({ fromUserId: a, toUserId: b, amount: 400, transactionId });
    const result = await fx.wallet.capture({ transactionId });
    expect(result).toMatchObject({ transactionId, kind: "CAPTURE", amount: 400, replayed: false, balances: [{ userId: a, balanceAfter: 600 }, { userId: b, balanceAfter: 400 }] });
    expect(await fx.wallet.getBalance({ userId: a })).toMatchObject({ balance: 600, availableBalance: 600, heldAmount: 0 });
    const s = await fx.wallet.getSettlement({ transactionId });
    expect(s.hold?.status).toBe("CAPTURED");
    expect(s.movements.map((m) => m.kind)).toEqual(["CAPTURE"]);
  });

  test("a frozen recipient (or sender) refuses it and the hold stays HELD", async () => {
    const [a, b] = await pair(1_000);
    const transactionId = txn();
    await fx.wallet.hold({ fromUserId: a, toUserId: b, amount: 400, transactionId });
    await fx.wallet.freeze({ userId: b, reason: "review", actorId: "admin-1" });
    expect(await codeOf(fx.wallet.capture({ transactionId }))).toBe("FROZEN");
    expect((await fx.wallet.getSettlement({ transactionId })).hold?.status).toBe("HELD");
    await fx.wallet.unfreeze({ userId: b, actorId: "admin-1" });
    await fx.wallet.freeze({ userId: a, reason: "review", actorId: "admin-1" });
    expect(await codeOf(fx.wallet.capture({ transactionId }))).toBe("FROZEN");
    await fx.wallet.unfreeze({ userId: a, actorId: "admin-1" });
    expect((await fx.wallet.capture({ transactionId })).replayed).toBe(false);
    expect(await fx.wallet.getBalance({ userId: b })).toMatchObject({ balance: 400 });
  });

  test("twice returns the first capture; an unknown or released hold cannot be captured", async () => {
    const [a, b] = await pair(1_000);
    const transactionId = txn();
    await fx.wallet.hold({ fromUserId: a, toUserId: b, amount: 250, transactionId });
    const first = await fx.wallet.capture({ transactionId });
    expect(await fx.wallet.capture({ transactionId })).toEqual({ ...first, replayed: true });
    expect(await fx.wallet.getBalance({ userId: a })).toMatchObject({ balance: 750, heldAmount: 0 });
    expect(await codeOf(fx.wallet.capture({ transactionId: txn() }))).toBe("NOT_FOUND");
    const released = txn();
    await fx.wallet.hold({ fromUserId: a, toUserId: b, amount: 10, transactionId: released });
    await fx.wallet.release({ transactionId: released });
    expect(await codeOf(fx.wallet.capture({ transactionId: released }))).toBe("FAILED_PRECONDITION");
  });
});

describe("release", () => {
  test("frees the funds without moving money, also on a frozen wallet", async () => {
    const [a, b] = await pair(1_000);
    const transactionId = txn();
    await fx.wallet.hold({ fromUserId: a, toUserId: b, amount: 900, transactionId });
    await fx.wallet.freeze({ userId: a, reason: "review", actorId: "admin-1" });
    expect(await fx.wallet.release({ transactionId })).toMatchObject({ status: "RELEASED", replayed: false });
    expect(await fx.wallet.getBalance({ userId: a })).toMatchObject({ balance: 1_000, availableBalance: 1_000, heldAmount: 0 });
    expect((await fx.wallet.getSettlement({ transactionId })).movements).toEqual([]);
  });

  test("a captured hold cannot be released; an unknown one is not found", async () => {
    const [a, b] = await pair(1_000);
    const transactionId = txn();
    await fx.wallet.hold({ fromUserId: a, toUserId: b, amount: 100, transactionId });
    await fx.wallet.capture({ transactionId });
    expect(await codeOf(fx.wallet.release({ transactionId }))).toBe("FAILED_PRECONDITION");
    expect(await codeOf(fx.wallet.release({ transactionId: txn() }))).toBe("NOT_FOUND");
  });

  test("a capture and a release racing for one hold: exactly one wins", async () => {
    const [a, b] = await pair(1_000);
    const transactionId = txn();
    await fx.wallet.hold({ fromUserId: a, toUserId: b, amount: 300, transactionId });
    const [captured, released] = await Promise.allSettled([fx.wallet.capture({ transactionId }), fx.wallet.release({ transactionId })]);
    expect([captured.status, released.status].sort()).toEqual(["fulfilled", "rejected"]);
    const after = await fx.wallet.getBalance({ userId: a });
    expect(after.heldAmount).toBe(0);
    expect(after.balance).toBe(captured.status === "fulfilled" ? 700 : 1_000);
  });
});
