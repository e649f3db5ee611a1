import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect, type NatsConnection } from "nats";
import type { kycContract } from "../../proto-like-schemas/kyc.ts";
import { AppError } from "../../shared/errors.ts";
import type { RpcClient } from "../../shared/rpc/client.ts";
import { createLogger } from "../../shared/log.ts";
import { getInfra } from "../../tests/harness/infra.ts";
import { createLimitsCache } from "./limits-cache.ts";

let nc: NatsConnection;
beforeAll(async () => {
  nc = await connect({ servers: (await getInfra()).natsUrl });
});
afterAll(() => nc?.close());

const BASIC = { perTxnCents: 50_000, dailyCents: 200_000, monthlyCents: 1_000_000, depositPerTxnCents: 50_000, depositDailyCents: 200_000 };
const BASIC_USER = { ...BASIC, tier: "BASIC" as const };

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
    expect(await cache.get("u1")).toEqual(BASIC_USER);
    expect(await cache.get("u1")).toEqual(BASIC_USER);
    expect(state.calls).toBe(1);
    await Bun.sleep(80);
    await cache.get("u1");
    expect(state.calls).toBe(2);
  });

  test("keeps users apart and returns only the limits and their tier", async () => {
    const { client } = kycStub();
    const cache = createLimitsCache(client, 10_000);
    expect((await cache.get("rich")).perTxnCents).toBe(1_000_000);
    expect((await cache.get("u1")).perTxnCents).toBe(50_000);
    expect(Object.keys(await cache.get("u1")).sort()).toEqual(Object.keys(BASIC_USER).sort());
  });

  test("a failure is not cached", async () => {
    const { client, state } = kycStub();
    const cache = createLimitsCache(client, 10_000);
    state.fail = true;
    await expect(cache.get("u1")).rejects.toThrow("kyc down");
    state.fail = false;
    expect(await cache.get("u1")).toEqual(BASIC_USER);
  });

  test("a TTL of 0 never caches", async () => {
    const { client, state } = kycStub();
    const cache = createLimitsCache(client, 0);
    await cache.get("u1");
    await cache.get("u1");
    expect(state.calls).toBe(2);
  });

  test("kyc's events empty it in every replica: new tier limits for everyone, an upgrade for that user", async () => {
    const { client, state } = kycStub();
    const replicas = [createLimitsCache(client, 600_000), createLimitsCache(client, 600_000)];
    const log = createLogger("test", "error");
    const subscriptions = replicas.flatMap((r) => r.follow(nc, log));
    try {
      await nc.flush();
      const warm = async () => {
        for (const r of replicas) for (const u of ["u1", "u2"]) await r.get(u);
      };
      await warm();
      expect(state.calls).toBe(4);

      const envelope = (type: string, data: unknown) => JSON.stringify({ id: Bun.randomUUIDv7(), type, occurredAt: new Date().toISOString(), producer: "kyc", actorId: null, subjectUserIds: [], traceparent: null, data });
      // The server answers a flush after delivering what was published before it, on this same connection.
      nc.publish("events.kyc.tier_upgraded", envelope("kyc.tier_upgraded", { userId: "u1", profileId: Bun.randomUUIDv7(), previousTier: "BASIC", newTier: "VERIFIED" }));
      await nc.flush();
      await warm();
      expect(state.calls).toBe(4 + 2);

      nc.publish("events.kyc.limits_changed", envelope("kyc.limits_changed", { tier: "BASIC", limits: BASIC, changedBy: Bun.randomUUIDv7() }));
      await nc.flush();
      await warm();
      expect(state.calls).toBe(6 + 4);
    } finally {
      subscriptions.forEach((s) => s.unsubscribe());
    }
  });
});
