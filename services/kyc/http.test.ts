import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { sql } from "drizzle-orm";
import { eventually } from "../../shared/testing/wait.ts";
import { registerUser } from "../../tests/harness/auth.ts";
import { bearer, signUp } from "../../tests/harness/users.ts";
import { basicUser, getJson, jpegBytes, outboxEvents, pngBytes, profileRow, startKycStack, upload, type KycStack } from "./test-support.ts";

setDefaultTimeout(60_000);

let stack: KycStack;
beforeAll(async () => {
  stack = await startKycStack();
});
afterAll(() => stack.stop());

const api = (path = "") => `${stack.kyc.url}/api/v1/kyc${path}`;

describe("profiles follow the user's sign-up and e-mail verification", () => {
  test("a profile exists right after sign-up, before anything asks for it", async () => {
    const user = await signUp(stack.auth.url);
    const row = await eventually(() => profileRow(stack.kyc, user.id), { timeoutMs: 20_000, what: "profile from auth.user_registered" });
    expect(row).toMatchObject({ tier: "UNVERIFIED", status: "NONE", submittedAt: null, verifiedAt: null });
  });

  test("verifying the e-mail makes the user BASIC (APPROVED) and emits kyc.tier_upgraded once", async () => {
    const user = await basicUser(stack);
    const { status, body } = await getJson(api(), user.token);
    expect(status).toBe(200);
    expect(body).toMatchObject({ userId: user.id, tier: "BASIC", status: "APPROVED", documents: [] });
    const events = await outboxEvents(stack.kyc, "kyc.tier_upgraded", { userId: user.id });
    expect(events.map((e) => e.data)).toEqual([{ userId: user.id, profileId: body.profileId, previousTier: "UNVERIFIED", newTier: "BASIC" }]);
    expect(events[0].actorId).toBe(user.id);
  });

  test("GET / answers with the whole profile, with or without the trailing slash", async () => {
    const user = await signUp(stack.auth.url);
    const [a, b] = await Promise.all([getJson(api(), user.token), getJson(api("/"), user.token)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.body.profileId).toBe(b.body.profileId);
    expect(a.body).toEqual({
      profileId: a.body.profileId,
      userId: user.id,
      tier: "UNVERIFIED",
      status: "NONE",
      submittedAt: null,
      verifiedAt: null,
      rejectionReason: null,
      reviewedBy: null,
      reviewedAt: null,
      documents: [],
    });
  });

  test("a user kyc has never heard of (signed up before kyc ran) gets a profile on first lookup, exactly one", async () => {
    const userId = Bun.randomUUIDv7();
    const [tier, limits, profile] = await Promise.all([stack.rpc.getTier({ userId }), stack.rpc.getLimits({ userId }), stack.rpc.getProfile({ userId })]);
    expect(tier).toEqual({ tier: "UNVERIFIED", status: "NONE" });
    expect(limits.tier).toBe("UNVERIFIED");
    expect(profile).toMatchObject({ userId, tier: "UNVERIFIED", status: "NONE", documents: [] });
    const [{ n }] = (await stack.kyc.ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from kyc_profiles where user_id = ${userId}`)) as unknown as [{ n: number }];
    expect(n).toBe(1);
  });
});

describe("limits", () => {
  test("an UNVERIFIED user gets the UNVERIFIED limits", async () => {
    const user = await signUp(stack.auth.url);
    const { status, body } = await getJson(api("/limits"), user.token);
    expect(status).toBe(200);
    expect(body).toEqual({ tier: "UNVERIFIED", perTxnCents: 5_000, dailyCents: 10_000, monthlyCents: 20_000, depositPerTxnCents: 5_000, depositDailyCents: 10_000, currency: "USD" });
  });

  test("a BASIC user gets the BASIC limits, over HTTP and RPC alike", async () => {
    const user = await basicUser(stack);
    const expected = { tier: "BASIC", perTxnCents: 50_000, dailyCents: 200_000, monthlyCents: 1_000_000, depositPerTxnCents: 50_000, depositDailyCents: 200_000, currency: "USD" };
    expect((await getJson(api("/limits"), user.token)).body).toEqual(expected);
    expect(await stack.rpc.getLimits({ userId: user.id })).toEqual(expected as any);
  });
});

describe("own data only", () => {
  test("another user's profile and documents are invisible", async () => {
    const owner = await basicUser(stack);
    const other = await signUp(stack.auth.url);
    expect((await upload(stack.kyc.url, owner.token, "PASSPORT", { bytes: jpegBytes() })).status).toBe(201);
    expect((await upload(stack.kyc.url, owner.token, "SELFIE", { bytes: pngBytes() })).status).toBe(201);
    const mine = await getJson(api(), owner.token);
    const theirs = await getJson(api(), other.token);
    expect(mine.body.documents).toHaveLength(2);
    expect(theirs.body.userId).toBe(other.id);
    expect(theirs.body.documents).toEqual([]);
    expect(JSON.stringify(theirs.body)).not.toContain(mine.body.profileId);
  });

  test("the profile never exposes storage keys", async () => {
    const user = await basicUser(stack);
    expect((await upload(stack.kyc.url, user.token, "PASSPORT", { bytes: jpegBytes() })).status).toBe(201);
    const { body } = await getJson(api(), user.token);
    expect(body.documents).toHaveLength(1);
    expect(JSON.stringify(body)).not.toMatch(/kyc\/|storageKey|s3Key/);
  });

  test.each([
    ["GET", "", undefined],
    ["GET", "/limits", undefined],
    ["POST", "/submit", undefined],
    ["POST", "/documents?type=PASSPORT", "Bearer not-a-jwt"],
  ])("%s %s without a valid token is 401", async (method, path, authorization) => {
    const res = await fetch(api(path), { method, headers: authorization ? { authorization } : {} });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  test("a refresh token is not an access token", async () => {
    const { refresh_token } = await registerUser(stack.auth.url);
    expect((await fetch(api(), { headers: bearer(refresh_token) })).status).toBe(401);
  });
});

test("the OpenAPI document lists the routes and explains the webhook signature", async () => {
  const doc = (await (await fetch(`${stack.kyc.url}/openapi.json`)).json()) as any;
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/kyc", "/api/v1/kyc/limits", "/api/v1/kyc/documents", "/api/v1/kyc/submit", "/api/v1/kyc/webhook"]));
  expect(doc.paths["/api/v1/kyc/webhook"].post.description).toContain("x-kyc-signature: t=<unix seconds>,v1=<hex>");
});
