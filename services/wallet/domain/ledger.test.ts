import { describe, expect, test } from "bun:test";
import { availableBalance, floorAfter, lockOrder, movementChanges, owedAmount, refuseInactive, refuseInsufficient, type AccountState } from "./ledger.ts";

const account = (over: Partial<AccountState> = {}): AccountState => ({
  id: "a",
  userId: "u-a",
  status: "ACTIVE",
  balance: 1_000,
  heldAmount: 0,
  recoveryFloor: 0,
  ...over,
});
const funding = account({ id: "f", userId: null, balance: -5_000 });

describe("movement changes", () => {
  test("always sum to zero and move exactly the amount", () => {
    for (const amount of [1, 999, 100_000_000_000]) {
      const changes = movementChanges({ payer: account(), payee: account({ id: "b", userId: "u-b" }), amount });
      expect(changes[0].delta + changes[1].delta).toBe(0);
      expect(changes[1].delta).toBe(amount);
      expect(changes.map((c) => c.walletId)).toEqual(["a", "b"]);
    }
  });

  test("refuse one account on both sides, and amounts that are not positive whole cents", () => {
    expect(() => movementChanges({ payer: account(), payee: account(), amount: 5 })).toThrow(/two different/);
    for (const amount of [0, -1, 1.5, Number.NaN, 2 ** 60]) {
      expect(() => movementChanges({ payer: account(), payee: account({ id: "b" }), amount })).toThrow(RangeError);
    }
  });

  test("a capture takes the money out of the held funds, leaving the available balance alone", () => {
    const payer = account({ balance: 1_000, heldAmount: 400 });
    const [out] = movementChanges({ payer, payee: account({ id: "b" }), amount: 400, fromHeld: true });
    expect(out).toEqual({ walletId: "a", userId: payer.userId, delta: -400, balanceAfter: 600, heldDelta: -400, recoveryFloor: 0 });
  });

  test("a forced debit beyond the balance lowers the floor to where it leaves the account", () => {
    const [out] = movementChanges({ payer: account({ balance: 300 }), payee: account({ id: "b" }), amount: 1_000, forced: true });
    expect(out.recoveryFloor).toBe(-700);
    const [unforced] = movementChanges({ payer: account({ balance: 300 }), payee: account({ id: "b" }), amount: 1_000 });
    expect(unforced.recoveryFloor).toBe(0);
  });
});

describe("recovery floor", () => {
  const owing = account({ balance: -700, recoveryFloor: -700 });
  test("a credit raises it towards zero and clears it once the debt is paid", () => {
    expect(floorAfter(owing, 200, false)).toBe(-500);
    expect(floorAfter(owing, 700, false)).toBe(0);
    expect(floorAfter(owing, 5_000, false)).toBe(0);
  });
  test("an ordinary debit leaves it where it is, so the database refuses to overdraw", () => {
    expect(floorAfter(account(), -2_000, false)).toBe(0);
    expect(floorAfter(owing, -1, false)).toBe(-700);
  });
  test("a forced debit only ever lowers it", () => {
    expect(floorAfter(owing, -100, true)).toBe(-800);
    expect(floorAfter(account({ balance: 5_000 }), -100, true)).toBe(0);
  });
});

describe("refusals", () => {
  test("frozen or closed user wallets are refused; system accounts never are", () => {
    expect(refuseInactive(account(), account({ id: "b", userId: "u-b", status: "FROZEN" }))).toEqual({ code: "FROZEN", message: "Wallet of user u-b is FROZEN" });
    expect(refuseInactive(account({ status: "CLOSED" }))?.code).toBe("FROZEN");
    expect(refuseInactive(account(), { ...funding, status: "FROZEN" })).toBeNull();
  });
  test("a debit needs the available balance, not just the balance", () => {
    expect(refuseInsufficient(account({ balance: 1_000, heldAmount: 400 }), 600)).toBeNull();
    expect(refuseInsufficient(account({ balance: 1_000, heldAmount: 400 }), 601)?.code).toBe("INSUFFICIENT_FUNDS");
    expect(refuseInsufficient(funding, 1_000_000)).toBeNull();
  });
  test("available and owed amounts", () => {
    expect(availableBalance({ balance: 1_000, heldAmount: 250 })).toBe(750);
    expect(owedAmount(-300)).toBe(300);
    expect(owedAmount(300)).toBe(0);
  });
});

test("lock order is sorted and without duplicates, whichever side comes first", () => {
  const a = "0190a3c4-0000-7000-8000-000000000001";
  const b = "0190a3c4-0000-7000-8000-000000000002";
  expect(lockOrder([b, a])).toEqual([a, b]);
  expect(lockOrder([a, b])).toEqual([a, b]);
  expect(lockOrder([b, "ffffffff-ffff-7fff-bfff-ffffffffffff", a, b])).toEqual([a, b, "ffffffff-ffff-7fff-bfff-ffffffffffff"]);
});
