import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { signUp } from "../../tests/harness/users.ts";
import { DEFAULT_LIMITS } from "./domain/limits.ts";
import { getJson, outboxEvents, rawRpc, startKycStack, type KycStack } from "./test-support.ts";

setDefaultTimeout(60_000);

let stack: KycStack;
beforeAll(async () => {
  stack = await startKycStack();
});
afterAll(async () => {
  // Leave the seeded values behind for whoever shares the database next.
  for (const [tier, limits] of Object.entries(DEFAULT_LIMITS)) await stack.rpc.setLimits({ tier: tier as keyof typeof DEFAULT_LIMITS, limits, adminId: Bun.randomUUIDv7() });
  await stack.stop();
});

test("the migration seeds the spec's limits table", async () => {
  expect(await stack.rpc.getLimitsTable({})).toEqual(DEFAULT_LIMITS);
});

describe("setLimits", () => {
  test("takes effect at once for getLimits, over RPC and HTTP, on every replica, and is announced", async () => {
    const replica = await stack.replica();
    const user = await signUp(stack.auth.url);
    const adminId = Bun.randomUUIDv7();
    const limits = { perTxnCents: 7_000, dailyCents: 12_000, monthlyCents: 30_000, depositPerTxnCents: 6_000, depositDailyCents: 9_000 };
    // Warm both replicas first, so a cache (if anyone adds one) would hold the old values.
    expect((await getJson(`${replica.url}/api/v1/kyc/limits`, user.token)).body.perTxnCents).toBe(5_000);
    expect((await getJson(`${stack.kyc.url}/api/v1/kyc/limits`, user.token)).body.perTxnCents).toBe(5_000);

    const table = await stack.rpc.setLimits({ tier: "UNVERIFIED", limits, adminId });
    expect(table).toEqual({ ...DEFAULT_LIMITS, UNVERIFIED: limits });
    expect(await stack.rpc.getLimits({ userId: user.id })).toEqual({ tier: "UNVERIFIED", ...limits, currency: "USD" });
    for (const url of [stack.kyc.url, replica.url]) {
      expect((await getJson(`${url}/api/v1/kyc/limits`, user.token)).body).toEqual({ tier: "UNVERIFIED", ...limits, currency: "USD" });
    }
    const events = await outboxEvents(stack.kyc, "kyc.limits_changed", { actorId: adminId });
    expect(events.map((e) => e.data)).toEqual([{ tier: "UNVERIFIED", limits, changedBy: adminId }]);
  });

  test("repeating the same values changes nothing and announces nothing", async () => {
    const adminId = Bun.randomUUIDv7();
    const current = (await stack.rpc.getLimitsTable({})).BASIC;
    await stack.rpc.setLimits({ tier: "BASIC", limits: current, adminId });
    expect(await outboxEvents(stack.kyc, "kyc.limits_changed", { actorId: adminId })).toEqual([]);
  });

  const base = DEFAULT_LIMITS.VERIFIED;
  const bad: [string, Record<string, unknown>, string][] = [
    ["daily below per-transaction", { ...base, dailyCents: base.perTxnCents - 1 }, "limits.dailyCents"],
    ["monthly below daily", { ...base, monthlyCents: base.dailyCents - 1 }, "limits.monthlyCents"],
    ["deposit daily below deposit per-transaction", { ...base, depositDailyCents: base.depositPerTxnCents - 1 }, "limits.depositDailyCents"],
    ["zero", { ...base, perTxnCents: 0 }, "limits.perTxnCents"],
    ["negative", { ...base, depositPerTxnCents: -5 }, "limits.depositPerTxnCents"],
    ["fractional cents", { ...base, dailyCents: 1_000_000.5 }, "limits.dailyCents"],
    ["a missing field", { perTxnCents: 1, dailyCents: 2, monthlyCents: 3, depositPerTxnCents: 1 }, "limits.depositDailyCents"],
  ];
  for (const [what, limits, field] of bad) {
    test(`${what} is INVALID_ARGUMENT naming ${field}, and nothing changes`, async () => {
      const before = await stack.rpc.getLimitsTable({});
      const reply = await rawRpc(stack.nc, "setLimits", { tier: "VERIFIED", limits, adminId: Bun.randomUUIDv7() });
      expect(reply.ok).toBe(false);
      if (reply.ok) return;
      expect(reply.error.code).toBe("INVALID_ARGUMENT");
      expect(reply.error.errors?.map((f) => f.field)).toContain(field);
      expect(await stack.rpc.getLimitsTable({})).toEqual(before);
    });
  }

});

describe("GET /tiers: the whole table, for any signed-in user", () => {
  test("lists every tier lowest first with its limits as they are now, and a change shows at once", async () => {
    const user = await signUp(stack.auth.url);
    const before = await getJson(`${stack.kyc.url}/api/v1/kyc/tiers`, user.token);
    expect(before.status).toBe(200);
    const table = await stack.rpc.getLimitsTable({});
    expect(before.body).toEqual({
      currency: "USD",
      tiers: (["UNVERIFIED", "BASIC", "VERIFIED"] as const).map((tier) => ({ tier, ...table[tier] })),
    });

    const limits = { perTxnCents: 654_300, dailyCents: 1_234_500, monthlyCents: 9_876_500, depositPerTxnCents: 400_000, depositDailyCents: 800_000 };
    await stack.rpc.setLimits({ tier: "BASIC", limits, adminId: Bun.randomUUIDv7() });
    const after = await getJson(`${stack.kyc.url}/api/v1/kyc/tiers`, user.token);
    expect(after.body.tiers[1]).toEqual({ tier: "BASIC", ...limits });
    expect(after.body.tiers[0]).toEqual(before.body.tiers[0]);
    expect(after.body.tiers[2]).toEqual(before.body.tiers[2]);
  });

  test("without a token it is a 401 problem", async () => {
    const res = await fetch(`${stack.kyc.url}/api/v1/kyc/tiers`);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("RPC bad input is INVALID_ARGUMENT naming the field, never a crash", () => {
  const cases: [string, string, unknown, string][] = [
    ["getTier", "an empty userId", { userId: "" }, "userId"],
    ["getLimits", "a userId over 64 characters", { userId: "u".repeat(65) }, "userId"],
    ["getProfile", "a numeric userId", { userId: 42 }, "userId"],
    ["listPending", "a limit of 0", { limit: 0 }, "limit"],
    ["listPending", "a limit over 100", { limit: 101 }, "limit"],
    ["listPending", "a negative offset", { offset: -1 }, "offset"],
    ["approve", "no adminId", { profileId: Bun.randomUUIDv7() }, "adminId"],
    ["reject", "a reason over 1000 characters", { profileId: Bun.randomUUIDv7(), adminId: "a", reason: "r".repeat(1001) }, "reason"],
    ["documentUrl", "no documentId", { adminId: "a" }, "documentId"],
    ["setLimits", "an unknown tier", { tier: "PLATINUM", limits: DEFAULT_LIMITS.BASIC, adminId: "a" }, "tier"],
  ];
  for (const [method, what, body, field] of cases) {
    test(`${method} with ${what}`, async () => {
      const reply = await rawRpc(stack.nc, method, body);
      expect(reply.ok).toBe(false);
      if (reply.ok) return;
      expect(reply.error.code).toBe("INVALID_ARGUMENT");
      expect(reply.error.errors?.map((f) => f.field)).toContain(field);
    });
  }

  test("a request that is not JSON", async () => {
    const msg = await stack.nc.request("mint.kyc.getTier", new TextEncoder().encode("{nope"), { timeout: 5_000 });
    expect(JSON.parse(new TextDecoder().decode(msg.data))).toMatchObject({ ok: false, error: { code: "INVALID_ARGUMENT" } });
  });
});
