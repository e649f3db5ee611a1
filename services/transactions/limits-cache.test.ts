import { describe, expect, test } from "bun:test";
import type { kycContract } from "../../proto-like-schemas/kyc.ts";
import { AppError } from "../../shared/errors.ts";
import type { RpcClient } from "../../shared/rpc/client.ts";
import { createLimitsCache } from "./limits-cache.ts";

const BASIC = { perTxnCents: 50_000, dailyCents: 200_000, monthlyCents: 1_000_000, depositPerTxnCents: 50_000, depositDailyCents: 200_000 };

/** A stand-in kyc client that counts calls and can be told to fail. */
function kycStub() {
  const state = { calls: 0, fail: false };
  const client = {
    async getLimits({ userId }: { userId: string }) {
      state.calls++;
      if (state.fail) throw new AppError("UNAVAILABLE", "kyc down");
      return { ...BASIC, tier: "BASIC" as const, currency: "USD" as const, perTxnCents: userId === "rich" ? 1_000_000 : BASIC.perTxnCents };
    },
  } as unknown as RpcClient<typeof kycContract>;
  return { client, state };
}

describe("kyc limits cache", () => {
  test("answers from memory within the TTL, asks again after it", async () => {
    const { client, state } = kycStub();
    const cache = createLimitsCache(client, 60);
    expect(await cache.get("u1")).toEqual(BASIC);
    expect(await cache.get("u1")).toEqual(BASIC);
    expect(state.calls).toBe(1);
    await Bun.sleep(80);
    await cache.get("u1");
    expect(state.calls).toBe(2);
  });

  test("keeps users apart and returns only the limits", async () => {
    const { client } = kycStub();
    const cache = createLimitsCache(client, 10_000);
    expect((await cache.get("rich")).perTxnCents).toBe(1_000_000);
    expect((await cache.get("u1")).perTxnCents).toBe(50_000);
    expect(Object.keys(await cache.get("u1")).sort()).toEqual(Object.keys(BASIC).sort());
  });

  test("a failure is not cached", async () => {
    const { client, state } = kycStub();
    const cache = createLimitsCache(client, 10_000);
    state.fail = true;
    await expect(cache.get("u1")).rejects.toThrow("kyc down");
    state.fail = false;
    expect(await cache.get("u1")).toEqual(BASIC);
  });

  test("a TTL of 0 never caches", async () => {
    const { client, state } = kycStub();
    const cache = createLimitsCache(client, 0);
    await cache.get("u1");
    await cache.get("u1");
    expect(state.calls).toBe(2);
  });
});
