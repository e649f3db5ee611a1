import { describe, expect, test } from "bun:test";
import { moneyBlockedReason, walletState, walletStateLabel } from "./wallet-status.ts";

describe("wallet status, whatever its letter case", () => {
  test.each([
    ["ACTIVE", "active"],
    ["active", "active"],
    ["FROZEN", "frozen"],
    ["frozen", "frozen"],
    ["Frozen", "frozen"],
    [" frozen ", "frozen"],
    ["CLOSED", "closed"],
    ["", "unknown"],
    [undefined, "unknown"],
    ["SUSPENDED", "unknown"],
  ] as const)("%p → %p", (status, state) => {
    expect(walletState(status)).toBe(state);
  });

  test("only an active wallet lets money move; every other state says why", () => {
    expect(moneyBlockedReason("active")).toBeUndefined();
    expect(moneyBlockedReason(walletState("frozen"))).toStartWith("Your wallet is frozen");
    expect(moneyBlockedReason("closed")).toContain("closed");
    expect(moneyBlockedReason("unknown")).toContain("paused");
    expect(walletStateLabel("frozen")).toBe("Frozen");
  });
});
