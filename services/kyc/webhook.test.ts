import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { sql } from "drizzle-orm";
import { bearer } from "../../tests/harness/users.ts";
import { createDocuments } from "./documents.ts";
import { signatureHeader } from "./domain/webhook-signature.ts";
import { kycJobs } from "./jobs.ts";
import { createS3Storage } from "./storage.ts";
import { basicUser, outboxEvents, pendingUser, pngBytes, profileRow, startKycStack, storageSettings, upload, WEBHOOK_SECRET, type KycStack } from "./test-support.ts";

setDefaultTimeout(60_000);

let stack: KycStack;
beforeAll(async () => {
  stack = await startKycStack();
});
afterAll(() => stack.stop());

const nowS = () => Math.floor(Date.now() / 1000);

/** Sends exactly these bytes with exactly this signature header (replays reuse both). */
const send = (body: string, signature: string | undefined, contentType = "application/json") =>
  fetch(`${stack.kyc.url}/api/v1/kyc/webhook`, { method: "POST", headers: { "content-type": contentType, ...(signature ? { "x-kyc-signature": signature } : {}) }, body });

const signed = (payload: unknown, t = nowS(), secret = WEBHOOK_SECRET) => {
  const body = JSON.stringify(payload);
  return { body, signature: signatureHeader(secret, t, body) };
};

describe("decisions from the provider", () => {
  test("approved: the profile under review becomes VERIFIED, reviewed by the provider", async () => {
    const user = await pendingUser(stack);
    const { body, signature } = signed({ userId: user.id, status: "approved" });
    const res = await send(body, signature);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ profileId: user.profileId, status: "APPROVED" });
    expect(await profileRow(stack.kyc, user.id)).toMatchObject({ tier: "VERIFIED", status: "APPROVED", reviewedBy: "kyc-provider" });
    expect((await outboxEvents(stack.kyc, "kyc.tier_upgraded", { userId: user.id })).map((e) => e.data.newTier)).toEqual(["BASIC", "VERIFIED"]);
  });

  test("declined: the profile is REJECTED with the provider's reason, tier kept", async () => {
    const user = await pendingUser(stack);
    const { body, signature } = signed({ userId: user.id, status: "declined", reason: "Document expired" });
    const res = await send(body, signature);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ profileId: user.profileId, status: "REJECTED" });
    expect(await profileRow(stack.kyc, user.id)).toMatchObject({ tier: "BASIC", status: "REJECTED", rejectionReason: "Document expired" });
    expect((await outboxEvents(stack.kyc, "kyc.verification_failed", { userId: user.id })).map((e) => e.data.reason)).toEqual(["Document expired"]);
  });

  test("a replay of the same signed request changes nothing, even after the user resubmitted", async () => {
    const user = await pendingUser(stack);
    const { body, signature } = signed({ userId: user.id, status: "declined" });
    expect((await send(body, signature)).status).toBe(200);
    expect((await profileRow(stack.kyc, user.id))!.status).toBe("REJECTED");

    expect((await upload(stack.kyc.url, user.token, "SELFIE", { bytes: pngBytes() })).status).toBe(201);
    expect((await fetch(`${stack.kyc.url}/api/v1/kyc/submit`, { method: "POST", headers: bearer(user.token) })).status).toBe(201);

    const replay = await send(body, signature);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ ignored: "duplicate delivery" });
    expect((await profileRow(stack.kyc, user.id))!.status).toBe("PENDING_REVIEW");
    expect(await outboxEvents(stack.kyc, "kyc.verification_failed", { userId: user.id })).toHaveLength(1);
  });

  test("a decision already taken, sent again with a new signature, is a benign no-op", async () => {
    const user = await pendingUser(stack);
    const first = signed({ userId: user.id, status: "approved" }, nowS() - 1);
    expect((await send(first.body, first.signature)).status).toBe(200);
    const again = signed({ userId: user.id, status: "approved" });
    const res = await send(again.body, again.signature);
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).ignored).toContain("already decided");
    expect(await outboxEvents(stack.kyc, "kyc.tier_upgraded", { userId: user.id })).toHaveLength(2);
  });

  test("unknown user → 200 ignored", async () => {
    const { body, signature } = signed({ userId: Bun.randomUUIDv7(), status: "declined" });
    const res = await send(body, signature);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ignored: "unknown user" });
  });

  test("a user with nothing under review → 200 ignored, tier unchanged", async () => {
    const user = await basicUser(stack);
    const { body, signature } = signed({ userId: user.id, status: "approved" });
    const res = await send(body, signature);
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).ignored).toContain("not pending review");
    expect((await profileRow(stack.kyc, user.id))!.tier).toBe("BASIC");
  });
});

describe("requests that are not from the provider change nothing", () => {
  let user: Awaited<ReturnType<typeof pendingUser>>;
  beforeAll(async () => {
    user = await pendingUser(stack);
  });

  const cases: [string, () => { body: string; signature: string | undefined }, number, string][] = [
    ["no signature", () => ({ body: JSON.stringify({ userId: user.id, status: "approved" }), signature: undefined }), 401, "Missing or malformed"],
    ["a signature made with another secret", () => signed({ userId: user.id, status: "approved" }, nowS(), "not-the-provider-secret"), 401, "Invalid signature"],
    ["a stale timestamp (301 s old)", () => signed({ userId: user.id, status: "approved" }, nowS() - 301), 401, "tolerance"],
    ["a timestamp too far ahead", () => signed({ userId: user.id, status: "approved" }, nowS() + 400), 401, "tolerance"],
    [
      "a body changed after signing",
      () => {
        const s = signed({ userId: user.id, status: "declined" });
        return { body: s.body.replace("declined", "approved"), signature: s.signature };
      },
      401,
      "Invalid signature",
    ],
    [
      "the same JSON re-serialised with spaces",
      () => {
        const s = signed({ userId: user.id, status: "approved" });
        return { body: JSON.stringify({ userId: user.id, status: "approved" }, null, 1), signature: s.signature };
      },
      401,
      "Invalid signature",
    ],
    ["a garbage header", () => ({ body: "{}", signature: "sha256=abc" }), 401, "Missing or malformed"],
  ];
  for (const [what, make, status, detail] of cases) {
    test(`${what} → ${status}`, async () => {
      const { body, signature } = make();
      const res = await send(body, signature);
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(((await res.json()) as any).detail).toContain(detail);
      expect((await profileRow(stack.kyc, user.id))!.status).toBe("PENDING_REVIEW");
    });
  }

  const malformed: [string, string, string?][] = [
    ["not JSON", "{userId:"],
    ["an unknown status", JSON.stringify({ userId: "u", status: "maybe" }), "status"],
    ["no userId", JSON.stringify({ status: "approved" }), "userId"],
    ["a reason that is not text", JSON.stringify({ userId: "u", status: "declined", reason: 42 }), "reason"],
    ["a JSON array", "[]"],
  ];
  for (const [what, body, field] of malformed) {
    test(`correctly signed but ${what} → 400`, async () => {
      const res = await send(body, signatureHeader(WEBHOOK_SECRET, nowS(), body));
      expect(res.status).toBe(400);
      const problem = (await res.json()) as any;
      if (field) expect(problem.errors.map((e: any) => e.field)).toContain(field);
    });
  }

  test("a body over 64 KiB → 413, before any work", async () => {
    const { body, signature } = signed({ userId: user.id, status: "declined", padding: "x".repeat(70 * 1024) });
    expect((await send(body, signature)).status).toBe(413);
    expect((await profileRow(stack.kyc, user.id))!.status).toBe("PENDING_REVIEW");
  });

  test("a body that is not JSON by content type → 415", async () => {
    const { body, signature } = signed({ userId: user.id, status: "approved" });
    expect((await send(body, signature, "text/plain")).status).toBe(415);
    expect((await profileRow(stack.kyc, user.id))!.status).toBe("PENDING_REVIEW");
  });
});

test("receipts are pruned once their signatures could no longer be accepted anyway", async () => {
  const db = stack.kyc.ctx.db;
  await db.execute(sql`insert into kyc_webhook_receipts (signature_hash, received_at) values ('old-receipt', now() - interval '2 hours'), ('new-receipt', now())`);
  const storage = createS3Storage(storageSettings(stack.s3));
  try {
    const prune = kycJobs({ db, documents: createDocuments({ db, storage, log: stack.kyc.ctx.log }) }).find((j) => j.name === "webhook-receipt-pruning")!;
    await prune.run();
  } finally {
    storage.close();
  }
  const left = await db.execute<{ signature_hash: string }>(sql`select signature_hash from kyc_webhook_receipts where signature_hash in ('old-receipt', 'new-receipt')`);
  expect(left.map((r) => r.signature_hash)).toEqual(["new-receipt"]);
});
