import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { sql } from "drizzle-orm";
import { AppError } from "../../shared/errors.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { bearer, signUp } from "../../tests/harness/users.ts";
import { basicUser, getJson, jpegBytes, outboxEvents, pdfBytes, pendingUser, pngBytes, profileRow, publishAdminEvent, sha256, startKycStack, upload, type KycStack } from "./test-support.ts";

setDefaultTimeout(60_000);

let stack: KycStack;
beforeAll(async () => {
  stack = await startKycStack();
});
afterAll(() => stack.stop());

const submit = (token: string) => fetch(`${stack.kyc.url}/api/v1/kyc/submit`, { method: "POST", headers: bearer(token) });
const admin = () => Bun.randomUUIDv7();

async function expectRpcError(call: Promise<unknown>, code: string, detail?: string) {
  const err = await call.then(() => null, (e) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code as AppError["code"]);
  if (detail) expect((err as AppError).message).toContain(detail);
}

describe("submit", () => {
  test("an UNVERIFIED user cannot submit", async () => {
    const user = await signUp(stack.auth.url);
    await upload(stack.kyc.url, user.token, "PASSPORT", { bytes: jpegBytes() });
    await upload(stack.kyc.url, user.token, "SELFIE", { bytes: pngBytes() });
    const res = await submit(user.token);
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ code: "FAILED_PRECONDITION", detail: "Must be BASIC tier to submit for VERIFIED review" });
    expect((await profileRow(stack.kyc, user.id))!.status).toBe("NONE");
  });

  test("documents are required: an ID document, then a selfie", async () => {
    const user = await basicUser(stack);
    let res = await submit(user.token);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ detail: "Missing required document: PASSPORT or DRIVERS_LICENSE", missingDocuments: ["PASSPORT or DRIVERS_LICENSE", "SELFIE"] });

    await upload(stack.kyc.url, user.token, "SELFIE", { bytes: pngBytes() });
    await upload(stack.kyc.url, user.token, "UTILITY_BILL", { bytes: pdfBytes() });
    res = await submit(user.token);
    expect(((await res.json()) as any).detail).toBe("Missing required document: PASSPORT or DRIVERS_LICENSE");

    await stack.kyc.ctx.db.execute(sql`delete from kyc_documents where type = 'SELFIE' and profile_id = (select id from kyc_profiles where user_id = ${user.id})`);
    await upload(stack.kyc.url, user.token, "DRIVERS_LICENSE", { bytes: jpegBytes() });
    res = await submit(user.token);
    expect(((await res.json()) as any).detail).toBe("Missing required document: SELFIE");
    expect((await profileRow(stack.kyc, user.id))!.status).toBe("APPROVED");
    expect(await outboxEvents(stack.kyc, "kyc.submitted", { userId: user.id })).toEqual([]);
  });

  test("a driver's licence and a selfie put the profile under review, once", async () => {
    const user = await basicUser(stack);
    await upload(stack.kyc.url, user.token, "DRIVERS_LICENSE", { bytes: jpegBytes() });
    await upload(stack.kyc.url, user.token, "SELFIE", { bytes: pngBytes() });
    const res = await submit(user.token);
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    expect(body.message).toBe("Documents submitted for review");
    expect(body.profile).toMatchObject({ userId: user.id, tier: "BASIC", status: "PENDING_REVIEW" });
    expect(Date.parse(body.profile.submittedAt)).toBeGreaterThan(Date.now() - 60_000);

    const again = await submit(user.token);
    expect(again.status).toBe(409);
    expect(((await again.json()) as any).detail).toBe("Already under review");
    const events = await outboxEvents(stack.kyc, "kyc.submitted", { userId: user.id });
    expect(events.map((e) => e.data)).toEqual([{ userId: user.id, profileId: body.profile.profileId }]);
  });

  test("concurrent submissions produce one review", async () => {
    const user = await basicUser(stack);
    await upload(stack.kyc.url, user.token, "PASSPORT", { bytes: jpegBytes() });
    await upload(stack.kyc.url, user.token, "SELFIE", { bytes: pngBytes() });
    const statuses = (await Promise.all([submit(user.token), submit(user.token), submit(user.token)])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    expect(await outboxEvents(stack.kyc, "kyc.submitted", { userId: user.id })).toHaveLength(1);
  });
});

describe("review over RPC", () => {
  test("approve: PENDING_REVIEW → VERIFIED, documents ACCEPTED, reviewer recorded, event emitted; a repeat returns the profile", async () => {
    const user = await pendingUser(stack);
    const adminId = admin();
    const profile = await stack.rpc.approve({ profileId: user.profileId, adminId, notes: "looks right" });
    expect(profile).toMatchObject({ profileId: user.profileId, userId: user.id, tier: "VERIFIED", status: "APPROVED", reviewedBy: adminId, rejectionReason: null });
    expect(profile.verifiedAt).not.toBeNull();
    expect(profile.reviewedAt).not.toBeNull();
    expect(profile.documents.map((d) => d.status)).toEqual(["ACCEPTED", "ACCEPTED"]);
    expect((await profileRow(stack.kyc, user.id))!.reviewNotes).toBe("looks right");

    const repeat = await stack.rpc.approve({ profileId: user.profileId, adminId });
    expect(repeat).toEqual(profile);
    const events = await outboxEvents(stack.kyc, "kyc.tier_upgraded", { userId: user.id });
    expect(events.map((e) => e.data)).toEqual([
      { userId: user.id, profileId: user.profileId, previousTier: "UNVERIFIED", newTier: "BASIC" },
      { userId: user.id, profileId: user.profileId, previousTier: "BASIC", newTier: "VERIFIED" },
    ]);
    expect((await stack.rpc.getLimits({ userId: user.id })).perTxnCents).toBe(1_000_000);
    expect((await getJson(`${stack.kyc.url}/api/v1/kyc/limits`, user.token)).body.tier).toBe("VERIFIED");
    // The user sees the outcome, not which admin decided it.
    const own = (await getJson(`${stack.kyc.url}/api/v1/kyc`, user.token)).body;
    expect(own).toEqual({ ...profile, reviewedBy: null });
  });

  test("reject: PENDING_REVIEW → REJECTED with the reason, tier kept; the user may re-upload and resubmit", async () => {
    const user = await pendingUser(stack);
    const profile = await stack.rpc.reject({ profileId: user.profileId, adminId: admin(), reason: "Selfie is blurry" });
    expect(profile).toMatchObject({ tier: "BASIC", status: "REJECTED", rejectionReason: "Selfie is blurry" });
    expect(profile.documents.map((d) => d.status)).toEqual(["REJECTED", "REJECTED"]);
    expect(await stack.rpc.getTier({ userId: user.id })).toEqual({ tier: "BASIC", status: "REJECTED" });
    const events = await outboxEvents(stack.kyc, "kyc.verification_failed", { userId: user.id });
    expect(events.map((e) => e.data)).toEqual([{ userId: user.id, profileId: user.profileId, reason: "Selfie is blurry" }]);
    // A repeat of the same decision returns the profile and emits nothing more.
    expect((await stack.rpc.reject({ profileId: user.profileId, adminId: admin(), reason: "again" })).rejectionReason).toBe("Selfie is blurry");
    expect(await outboxEvents(stack.kyc, "kyc.verification_failed", { userId: user.id })).toHaveLength(1);

    expect((await upload(stack.kyc.url, user.token, "SELFIE", { bytes: pngBytes() })).status).toBe(201);
    const res = await submit(user.token);
    expect(res.status).toBe(201);
    const resubmitted = ((await res.json()) as any).profile;
    expect(resubmitted).toMatchObject({ status: "PENDING_REVIEW", rejectionReason: null, reviewedBy: null });
    expect(resubmitted.documents.map((d: any) => d.status)).toEqual(["PENDING", "PENDING"]);
    expect((await stack.rpc.approve({ profileId: user.profileId, adminId: admin() })).tier).toBe("VERIFIED");
  });

  test("a decision on a profile not under review is FAILED_PRECONDITION and changes nothing", async () => {
    const user = await basicUser(stack);
    const { profileId } = await stack.rpc.getProfile({ userId: user.id });
    await expectRpcError(stack.rpc.approve({ profileId, adminId: admin() }), "FAILED_PRECONDITION", "not pending review");
    await expectRpcError(stack.rpc.reject({ profileId, adminId: admin(), reason: "no" }), "FAILED_PRECONDITION");
    expect(await stack.rpc.getTier({ userId: user.id })).toEqual({ tier: "BASIC", status: "APPROVED" });

    const rejected = await pendingUser(stack);
    await stack.rpc.reject({ profileId: rejected.profileId, adminId: admin(), reason: "expired passport" });
    await expectRpcError(stack.rpc.approve({ profileId: rejected.profileId, adminId: admin() }), "FAILED_PRECONDITION");
    expect((await stack.rpc.getTier({ userId: rejected.id })).tier).toBe("BASIC");
  });

  test("an unknown or malformed profile id is NOT_FOUND; a missing reason is INVALID_ARGUMENT", async () => {
    await expectRpcError(stack.rpc.approve({ profileId: Bun.randomUUIDv7(), adminId: admin() }), "NOT_FOUND");
    await expectRpcError(stack.rpc.approve({ profileId: "not-a-uuid", adminId: admin() }), "NOT_FOUND");
    await expectRpcError(stack.rpc.reject({ profileId: Bun.randomUUIDv7(), adminId: admin(), reason: "" }), "INVALID_ARGUMENT");
  });

  test("listPending: oldest submission first, paged, with the total", async () => {
    const first = await pendingUser(stack);
    const second = await pendingUser(stack);
    const all = await stack.rpc.listPending({ limit: 100 });
    const ids = all.items.map((i) => i.profileId);
    expect(ids.indexOf(first.profileId)).toBeLessThan(ids.indexOf(second.profileId));
    expect(all.total).toBe(all.items.length);
    for (let i = 1; i < all.items.length; i++) expect(all.items[i - 1]!.submittedAt <= all.items[i]!.submittedAt).toBe(true);
    expect(all.items.find((i) => i.profileId === second.profileId)).toMatchObject({ userId: second.id, tier: "BASIC" });

    const page = await stack.rpc.listPending({ limit: 1, offset: 1 });
    expect(page.items).toEqual([all.items[1]!]);
    expect(page.total).toBe(all.total);
    await stack.rpc.approve({ profileId: first.profileId, adminId: admin() });
    expect((await stack.rpc.listPending({ limit: 100 })).items.map((i) => i.profileId)).not.toContain(first.profileId);
  });
});

describe("events", () => {
  test("an admin event records a decision taken over RPC; kyc does not act on it", async () => {
    const user = await pendingUser(stack);
    const adminId = admin();
    const eventId = await publishAdminEvent(stack.nc, "admin.kyc_rejected", { profileId: user.profileId, userId: user.id, rejectedBy: adminId, reason: "Name does not match" }, adminId);
    // The audit log reads the admin stream; kyc has no consumer there.
    const jsm = await stack.nc.jetstreamManager();
    await expect(jsm.consumers.info("ADMIN", "kyc-admin")).rejects.toThrow();
    expect(await stack.rpc.getTier({ userId: user.id })).toEqual({ tier: "BASIC", status: "PENDING_REVIEW" });
    expect((await stack.kyc.ctx.db.execute(sql`select 1 from inbox where event_id = ${eventId}`)).length).toBe(0);
  });

  test("a second auth.user_verified for the same user (a new event) upgrades nothing", async () => {
    const user = await basicUser(stack);
    const id = Bun.randomUUIDv7();
    const envelope = { id, type: "auth.user_verified", occurredAt: new Date().toISOString(), producer: "auth", actorId: user.id, subjectUserIds: [user.id], traceparent: null, data: { userId: user.id, email: user.email, verifiedAt: new Date().toISOString() } };
    await stack.nc.jetstream().publish("events.auth.user_verified", new TextEncoder().encode(JSON.stringify(envelope)), { msgID: id });
    await eventually(async () => (await stack.kyc.ctx.db.execute(sql`select 1 from inbox where event_id = ${id}`)).length === 1, { timeoutMs: 15_000, what: "event handled" });
    expect(await outboxEvents(stack.kyc, "kyc.tier_upgraded", { userId: user.id })).toHaveLength(1);
  });
});

describe("documentUrl", () => {
  test("an admin gets a short-lived URL to the exact bytes, and the access is recorded", async () => {
    const user = await basicUser(stack);
    const bytes = pdfBytes();
    const doc = (await (await upload(stack.kyc.url, user.token, "PASSPORT", { bytes })).json()) as any;
    const adminId = admin();
    const { url, expiresAt } = await stack.rpc.documentUrl({ documentId: doc.id, adminId });
    const lifetime = Date.parse(expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(200_000);
    expect(lifetime).toBeLessThanOrEqual(300_000);
    expect(new URL(url).searchParams.get("X-Amz-Expires")).toBe("300");

    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(sha256(await res.arrayBuffer())).toBe(sha256(bytes));
    const log = await stack.kyc.ctx.db.execute<{ admin_id: string }>(sql`select admin_id from kyc_document_access_log where document_id = ${doc.id}`);
    expect(log.map((r) => r.admin_id)).toEqual([adminId]);
  });

  test("an unknown, malformed or replaced document is NOT_FOUND and nothing is logged", async () => {
    const user = await basicUser(stack);
    const old = (await (await upload(stack.kyc.url, user.token, "PASSPORT", { bytes: jpegBytes() })).json()) as any;
    await upload(stack.kyc.url, user.token, "PASSPORT", { bytes: jpegBytes() });
    for (const documentId of [Bun.randomUUIDv7(), "../../etc/passwd", old.id]) {
      await expectRpcError(stack.rpc.documentUrl({ documentId, adminId: admin() }), "NOT_FOUND");
    }
    expect((await stack.kyc.ctx.db.execute(sql`select 1 from kyc_document_access_log where document_id = ${old.id}`)).length).toBe(0);
  });
});
