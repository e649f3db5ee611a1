import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { eventually } from "../../shared/testing/wait.ts";
import { bearer } from "../../tests/harness/users.ts";
import { jpegBytes, pdfBytes, sha256, upload } from "../kyc/test-support.ts";
import { expectProblem, newTrace, startAdminStack, type AdminStack } from "./test-support.ts";

setDefaultTimeout(60_000);

let s: AdminStack;
beforeAll(async () => {
  s = await startAdminStack();
}, 180_000);
afterAll(() => s?.stop());

/** A BASIC user who uploaded an ID (a JPEG) and a selfie (a PDF, to see both kinds inline) and submitted them. */
async function submitted(name: string) {
  const user = await s.mesh.user({ name });
  const files = { PASSPORT: jpegBytes(), SELFIE: pdfBytes() };
  for (const [type, bytes] of Object.entries(files)) {
    const res = await upload(s.mesh.kyc!.url, user.token, type, { bytes });
    expect(res.status).toBe(201);
  }
  const res = await fetch(`${s.mesh.kyc!.url}/api/v1/kyc/submit`, { method: "POST", headers: bearer(user.token) });
  expect(res.status).toBe(201);
  return { ...user, files };
}

describe("KYC review", () => {
  test("the queue: oldest first, with names and waiting time", async () => {
    const first = await submitted("First Applicant");
    const second = await submitted("Second Applicant");
    const queue = await s.get(`/admin/kyc/queue?limit=100`);
    expect(queue.status).toBe(200);
    const ids = queue.body.items.map((i: any) => i.user.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(queue.body.items.find((i: any) => i.user.id === first.id)).toMatchObject({ user: { name: "First Applicant", email: first.email }, tier: "BASIC", waitingSeconds: expect.any(Number) });
    expect(queue.body.total).toBeGreaterThanOrEqual(2);
    const page = await s.get(`/admin/kyc/queue?limit=1`);
    expect(page.body.nextCursor).toBe("1");
    expect((await s.get(`/admin/kyc/queue?limit=1&cursor=1`)).body.items[0].profileId).toBe(queue.body.items[1].profileId);
  });

  test("a profile with its documents (audited); each document through a short-lived same-origin link, served inline and audited each time", async () => {
    const u = await submitted("Doc Holder");
    const trace = newTrace();
    const review = await s.get(`/admin/kyc/${u.id}`, s.alice.token, { traceparent: trace.traceparent });
    expect(review.status).toBe(200);
    expect(review.body).toMatchObject({ user: { id: u.id }, profile: { status: "PENDING_REVIEW", tier: "BASIC" }, limits: { tier: "BASIC" } });
    const docs = review.body.profile.documents as { id: string; type: string; contentType: string }[];
    expect(docs.map((d) => d.type).sort()).toEqual(["PASSPORT", "SELFIE"]);
    const [viewed] = await s.entries("admin.kyc_viewed", { subjectUserId: u.id });
    expect(viewed).toMatchObject({ actorId: s.alice.id, traceId: trace.traceId, payload: { userId: u.id, profileId: review.body.profile.profileId } });

    for (const doc of docs) {
      const link = await s.get(`/admin/kyc/${u.id}/documents/${doc.id}`);
      expect(link.status).toBe(200);
      expect(link.body.url).toStartWith(`/admin/kyc/documents/${doc.id}/content?token=`);
      expect(Date.parse(link.body.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
      // The link is the credential: no Authorization header, as an <img> or <object> would fetch it.
      const file = await fetch(`${s.admin.url}${link.body.url}`);
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toBe(doc.contentType);
      expect(file.headers.get("content-disposition")).toStartWith("inline");
      expect(file.headers.get("cache-control")).toBe("private, no-store");
      expect(sha256(await file.arrayBuffer())).toBe(sha256(u.files[doc.type as "PASSPORT" | "SELFIE"]));
    }
    const again = await s.get(`/admin/kyc/${u.id}/documents/${docs[0]!.id}`, s.bob.token);
    const links = await s.entries("admin.kyc_document_viewed", { subjectUserId: u.id });
    expect(links).toHaveLength(3);
    expect(links.map((e) => e.actorId).sort()).toEqual([s.alice.id, s.alice.id, s.bob.id].sort());

    // A link for one document does not open another, expires, and cannot be forged.
    const token = new URL(again.body.url, "http://x").searchParams.get("token")!;
    expectProblem(await s.get(`/admin/kyc/documents/${docs[1]!.id}/content?token=${encodeURIComponent(token)}`, null), 403, "PERMISSION_DENIED");
    expectProblem(await s.get(`/admin/kyc/documents/${docs[0]!.id}/content?token=${encodeURIComponent(token.slice(0, -2))}xx`, null), 403, "PERMISSION_DENIED");
    expectProblem(await s.get(`/admin/kyc/documents/${docs[0]!.id}/content`, null), 400, "INVALID_ARGUMENT", "token");
    s.clock.advance(301_000);
    try {
      expectProblem(await s.get(`/admin/kyc/documents/${docs[0]!.id}/content?token=${encodeURIComponent(token)}`, null), 403, "PERMISSION_DENIED");
    } finally {
      s.clock.advance(-301_000);
    }
    // Another user's document is not reachable through this user's profile.
    const other = await submitted("Other Holder");
    expectProblem(await s.get(`/admin/kyc/${other.id}/documents/${docs[0]!.id}`), 404, "NOT_FOUND");
  });

  test("approve: the user is VERIFIED with the tier's limits at once; recorded once", async () => {
    const u = await submitted("Approved Applicant");
    const approved = await s.post(`/admin/kyc/${u.id}/approve`, { notes: "documents match" });
    expect(approved.status).toBe(200);
    expect(approved.body.profile).toMatchObject({ tier: "VERIFIED", status: "APPROVED", reviewedBy: { id: s.alice.id } });
    expect(await s.mesh.rpc.kyc.getLimits({ userId: u.id })).toMatchObject({ tier: "VERIFIED", perTxnCents: 1_000_000 });
    expect((await s.post(`/admin/kyc/${u.id}/approve`, {})).status).toBe(200);
    const entries = await s.entries("admin.kyc_approved", { subjectUserId: u.id });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: s.alice.id, payload: { userId: u.id, notes: "documents match" } });
    expect((await s.get(`/admin/kyc/queue?limit=100`)).body.items.map((i: any) => i.user.id)).not.toContain(u.id);
    expectProblem(await s.post(`/admin/kyc/${u.id}/reject`, { reason: "too late" }), 409, "FAILED_PRECONDITION");
  });

  test("reject with a reason: the tier stays; recorded once", async () => {
    const u = await submitted("Rejected Applicant");
    const rejected = await s.post(`/admin/kyc/${u.id}/reject`, { reason: "the name does not match" }, s.bob.token);
    expect(rejected.body.profile).toMatchObject({ tier: "BASIC", status: "REJECTED", rejectionReason: "the name does not match" });
    const [entry] = await s.entries("admin.kyc_rejected", { subjectUserId: u.id });
    expect(entry).toMatchObject({ actorId: s.bob.id, payload: { reason: "the name does not match" } });
    expectProblem(await s.post(`/admin/kyc/${crypto.randomUUID()}/approve`, {}), 404, "NOT_FOUND");
  });
});

describe("system limits", () => {
  test("read in the console's shape; a change applies to the next payment, cache or not, and is recorded once", async () => {
    const table = await s.get(`/admin/system/limits`);
    expect(table.status).toBe(200);
    expect(table.body).toEqual({
      currency: "USD",
      tiers: {
        UNVERIFIED: { perTransactionCents: 5_000, dailyCents: 10_000, monthlyCents: 20_000, depositPerTransactionCents: 5_000, depositDailyCents: 10_000 },
        BASIC: { perTransactionCents: 50_000, dailyCents: 200_000, monthlyCents: 1_000_000, depositPerTransactionCents: 50_000, depositDailyCents: 200_000 },
        VERIFIED: { perTransactionCents: 1_000_000, dailyCents: 5_000_000, monthlyCents: 20_000_000, depositPerTransactionCents: 1_000_000, depositDailyCents: 5_000_000 },
      },
    });
    // A replica that caches limits for minutes: only kyc's announcement can make it see the change.
    await s.mesh.restart("transactions", { LIMITS_CACHE_TTL_MS: "300000" });
    const payer = await s.mesh.user({ balance: 10_000 });
    const payee = await s.mesh.user();
    expect((await s.mesh.transfer(payer, { recipientId: payee.id, amount: 3_000 })).status).toBe(201);

    const changed = await s.put(`/admin/system/limits`, { tiers: { BASIC: { perTransactionCents: 2_000 } }, reason: "fraud wave" });
    expect(changed.status).toBe(200);
    expect(changed.body.tiers.BASIC).toEqual({ ...table.body.tiers.BASIC, perTransactionCents: 2_000 });
    expect(changed.body.tiers.VERIFIED).toEqual(table.body.tiers.VERIFIED);
    const refused = await eventually(async () => {
      const r = await s.mesh.transfer(payer, { recipientId: payee.id, amount: 2_500 });
      return r.status === 422 ? r : undefined;
    }, { what: "the new per-transaction limit to apply" });
    expect(refused.body.code).toBe("LIMIT_EXCEEDED");
    expect((await s.get(`/admin/system/limits`)).body.tiers.BASIC.perTransactionCents).toBe(2_000);
    const [entry, ...more] = await s.entries("admin.limits_changed");
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actorId: s.alice.id, payload: { reason: "fraud wave", changes: [{ tier: "BASIC", previous: { perTransactionCents: 50_000 }, limits: { perTransactionCents: 2_000 } }] } });

    // The same values again change nothing and record nothing.
    expect((await s.put(`/admin/system/limits`, { tiers: { BASIC: { perTransactionCents: 2_000 } }, reason: "again" })).status).toBe(200);
    expect(await s.entries("admin.limits_changed")).toHaveLength(1);
    await s.put(`/admin/system/limits`, { tiers: { BASIC: table.body.tiers.BASIC }, reason: "wave over" });
  });

  test("validation names the field and changes nothing", async () => {
    const before = (await s.get(`/admin/system/limits`)).body;
    const cases: [unknown, string][] = [
      [{ tiers: { BASIC: { perTransactionCents: 0 } }, reason: "r" }, "tiers.BASIC.perTransactionCents"],
      [{ tiers: { BASIC: { dailyCents: -5 } }, reason: "r" }, "tiers.BASIC.dailyCents"],
      [{ tiers: { BASIC: { dailyCents: 10.5 } }, reason: "r" }, "tiers.BASIC.dailyCents"],
      [{ tiers: { BASIC: { dailyCents: "100" } }, reason: "r" }, "tiers.BASIC.dailyCents"],
      [{ tiers: { BASIC: { perTransactionCents: 300_000 } }, reason: "r" }, "tiers.BASIC.dailyCents"],
      [{ tiers: { VERIFIED: { dailyCents: 30_000_000 } }, reason: "r" }, "tiers.VERIFIED.monthlyCents"],
      [{ tiers: { UNVERIFIED: { depositPerTransactionCents: 20_000 } }, reason: "r" }, "tiers.UNVERIFIED.depositDailyCents"],
      [{ tiers: { GOLD: { dailyCents: 1 } }, reason: "r" }, "tiers.GOLD"],
      [{ tiers: { BASIC: { maxTransferCents: 1 } }, reason: "r" }, "tiers.BASIC.maxTransferCents"],
      [{ tiers: { BASIC: { dailyCents: 300_000 } } }, "reason"],
      [{ reason: "r" }, "tiers"],
    ];
    for (const [body, field] of cases) expectProblem(await s.put(`/admin/system/limits`, body), 400, "INVALID_ARGUMENT", field);
    // One valid tier and one invalid: neither changes.
    expectProblem(await s.put(`/admin/system/limits`, { tiers: { UNVERIFIED: { dailyCents: 15_000 }, BASIC: { monthlyCents: 1 } }, reason: "r" }), 400, "INVALID_ARGUMENT", "tiers.BASIC.monthlyCents");
    expect((await s.get(`/admin/system/limits`)).body).toEqual(before);
  });
});

describe("sanctions", () => {
  test("add (transfers to the user are blocked), list with names, remove with a reason; each recorded once", async () => {
    const payer = await s.mesh.user({ balance: 5_000 });
    const listed = await s.mesh.user({ name: "Listed Person" });
    const added = await s.post(`/admin/fraud/sanctions`, { userId: listed.id, reason: "OFAC match" });
    expect(added.status).toBe(201);
    expect(added.body.sanction).toMatchObject({ user: { id: listed.id, name: "Listed Person" }, reason: "OFAC match", addedBy: { id: s.alice.id } });
    expect((await s.post(`/admin/fraud/sanctions`, { userId: listed.id, reason: "OFAC match" })).status).toBe(201);
    expect((await s.get(`/admin/fraud/sanctions`)).body.items.map((i: any) => i.user.id)).toContain(listed.id);
    expect((await s.mesh.transfer(payer, { recipientId: listed.id, amount: 100 })).status).toBe(403);
    expect((await s.get(`/admin/users/${listed.id}`)).body.sanction).toMatchObject({ reason: "OFAC match", addedBy: { id: s.alice.id } });

    const removed = await s.del(`/admin/fraud/sanctions/${listed.id}`, { reason: "false positive" }, s.bob.token);
    expect(removed.status).toBe(200);
    expect(removed.body.removed).toMatchObject({ user: { id: listed.id }, reason: "OFAC match" });
    expectProblem(await s.del(`/admin/fraud/sanctions/${listed.id}`, { reason: "false positive" }), 404, "NOT_FOUND");
    expect((await s.mesh.transfer(payer, { recipientId: listed.id, amount: 100 })).status).toBe(201);

    expect(await s.entries("admin.sanction_added", { subjectUserId: listed.id })).toEqual([expect.objectContaining({ actorId: s.alice.id, payload: { userId: listed.id, reason: "OFAC match" } })]);
    expect(await s.entries("admin.sanction_removed", { subjectUserId: listed.id })).toEqual([expect.objectContaining({ actorId: s.bob.id, payload: expect.objectContaining({ reason: "false positive", listedReason: "OFAC match" }) })]);
  });

  test("bad input and unknown users", async () => {
    expectProblem(await s.post(`/admin/fraud/sanctions`, { userId: crypto.randomUUID(), reason: "x" }), 404, "NOT_FOUND");
    expectProblem(await s.post(`/admin/fraud/sanctions`, { userId: "bob", reason: "x" }), 400, "INVALID_ARGUMENT", "userId");
    expectProblem(await s.post(`/admin/fraud/sanctions`, { userId: crypto.randomUUID() }), 400, "INVALID_ARGUMENT", "reason");
    expectProblem(await s.del(`/admin/fraud/sanctions/${crypto.randomUUID()}`, {}), 400, "INVALID_ARGUMENT", "reason");
    expectProblem(await s.get(`/admin/kyc/queue?cursor=abc`), 400, "INVALID_ARGUMENT", "cursor");
    expectProblem(await s.get(`/admin/kyc/not-a-user`), 400, "INVALID_ARGUMENT", "userId");
    expectProblem(await s.get(`/admin/kyc/${crypto.randomUUID()}/documents/nope`), 400, "INVALID_ARGUMENT", "documentId");
    expectProblem(await s.post(`/admin/kyc/${crypto.randomUUID()}/reject`, { reason: "" }), 400, "INVALID_ARGUMENT", "reason");
    expectProblem(await s.post(`/admin/kyc/${crypto.randomUUID()}/approve`, { note: "typo" }), 400, "INVALID_ARGUMENT", "note");
  });
});
