import { describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { sniffContentType, storageKeyFor } from "./documents.ts";
import { DEFAULT_LIMITS, limitsProblems, sameLimits } from "./limits.ts";
import { decisionOutcome, missingDocuments, submitRefusal, uploadRefusal } from "./review.ts";
import { parseSignatureHeader, signatureHeader, verifySignature } from "./webhook-signature.ts";

const bytes = (...b: number[]) => new Uint8Array(b);
const ascii = (s: string) => new TextEncoder().encode(s);

describe("content sniffing", () => {
  test.each([
    ["JPEG", bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), "image/jpeg"],
    ["PNG", bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0), "image/png"],
    ["PDF", ascii("%PDF-1.7\n..."), "application/pdf"],
  ] as const)("%s is recognised from its first bytes", (_, data, type) => {
    expect(sniffContentType(data)).toBe(type);
  });
  test.each([
    ["empty", bytes()],
    ["plain text", ascii("hello, I am a passport")],
    ["HTML pretending to be a PDF", ascii("<html>%PDF-</html>")],
    ["a truncated PNG signature", bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a)],
    ["JPEG magic off by one byte", bytes(0xff, 0xd8, 0xfe, 0xe0)],
    ["%PDF without the dash", ascii("%PDF1.7")],
    ["GIF", ascii("GIF89a....")],
  ])("%s is refused", (_, data) => {
    expect(sniffContentType(data)).toBeNull();
  });
  test("storage keys use only generated ids and the sniffed type's extension", () => {
    expect(storageKeyFor("p-1", "SELFIE", "d-1", "image/png")).toBe("kyc/p-1/SELFIE/d-1.png");
    expect(storageKeyFor("p-1", "PASSPORT", "d-2", "application/pdf")).toBe("kyc/p-1/PASSPORT/d-2.pdf");
    expect(storageKeyFor("p-1", "OTHER", "d-3", "image/jpeg")).toBe("kyc/p-1/OTHER/d-3.jpg");
  });
});

describe("review rules", () => {
  test("uploads are frozen under review and pointless once VERIFIED", () => {
    expect(uploadRefusal({ tier: "UNVERIFIED", status: "NONE" })).toBeNull();
    expect(uploadRefusal({ tier: "BASIC", status: "APPROVED" })).toBeNull();
    expect(uploadRefusal({ tier: "BASIC", status: "REJECTED" })).toBeNull();
    expect(uploadRefusal({ tier: "BASIC", status: "PENDING_REVIEW" })).toContain("under review");
    expect(uploadRefusal({ tier: "VERIFIED", status: "APPROVED" })).toContain("already verified");
  });

  test("an ID document (passport or licence) and a selfie are required", () => {
    expect(missingDocuments([])).toEqual(["PASSPORT or DRIVERS_LICENSE", "SELFIE"]);
    expect(missingDocuments(["SELFIE", "UTILITY_BILL", "OTHER"])).toEqual(["PASSPORT or DRIVERS_LICENSE"]);
    expect(missingDocuments(["PASSPORT"])).toEqual(["SELFIE"]);
    expect(missingDocuments(["PASSPORT", "SELFIE"])).toEqual([]);
    expect(missingDocuments(["DRIVERS_LICENSE", "SELFIE"])).toEqual([]);
  });

  test("submission needs BASIC, no review in progress, and the documents", () => {
    const complete = ["PASSPORT", "SELFIE"] as const;
    expect(submitRefusal({ tier: "UNVERIFIED", status: "NONE" }, complete)?.message).toBe("Must be BASIC tier to submit for VERIFIED review");
    expect(submitRefusal({ tier: "VERIFIED", status: "APPROVED" }, complete)?.message).toBe("Identity is already verified");
    expect(submitRefusal({ tier: "BASIC", status: "PENDING_REVIEW" }, complete)?.message).toBe("Already under review");
    expect(submitRefusal({ tier: "BASIC", status: "APPROVED" }, ["SELFIE"])).toEqual({ message: "Missing required document: PASSPORT or DRIVERS_LICENSE", missing: ["PASSPORT or DRIVERS_LICENSE"] });
    expect(submitRefusal({ tier: "BASIC", status: "APPROVED" }, ["DRIVERS_LICENSE"])?.message).toBe("Missing required document: SELFIE");
    expect(submitRefusal({ tier: "BASIC", status: "APPROVED" }, complete)).toBeNull();
    // A rejected user may try again.
    expect(submitRefusal({ tier: "BASIC", status: "REJECTED" }, complete)).toBeNull();
  });

  test("decisions apply only to a profile under review; repeats are recognised", () => {
    const pending = { tier: "BASIC", status: "PENDING_REVIEW" } as const;
    expect(decisionOutcome(pending, "approve")).toBe("apply");
    expect(decisionOutcome(pending, "reject")).toBe("apply");
    expect(decisionOutcome({ tier: "VERIFIED", status: "APPROVED" }, "approve")).toBe("repeat");
    expect(decisionOutcome({ tier: "VERIFIED", status: "APPROVED" }, "reject")).toBe("not_pending");
    expect(decisionOutcome({ tier: "BASIC", status: "REJECTED" }, "reject")).toBe("repeat");
    expect(decisionOutcome({ tier: "BASIC", status: "REJECTED" }, "approve")).toBe("not_pending");
    // BASIC + APPROVED is the e-mail-verified state, not an identity approval.
    expect(decisionOutcome({ tier: "BASIC", status: "APPROVED" }, "approve")).toBe("not_pending");
    expect(decisionOutcome({ tier: "UNVERIFIED", status: "NONE" }, "approve")).toBe("not_pending");
  });
});

describe("tier limits", () => {
  test("the defaults are consistent", () => {
    for (const limits of Object.values(DEFAULT_LIMITS)) expect(limitsProblems(limits)).toEqual([]);
  });
  test("each wider window must be at least the narrower one", () => {
    const base = DEFAULT_LIMITS.BASIC;
    expect(limitsProblems({ ...base, dailyCents: base.perTxnCents - 1 }).map((p) => p.field)).toEqual(["limits.dailyCents"]);
    expect(limitsProblems({ ...base, monthlyCents: base.dailyCents - 1 }).map((p) => p.field)).toEqual(["limits.monthlyCents"]);
    expect(limitsProblems({ ...base, depositDailyCents: base.depositPerTxnCents - 1 }).map((p) => p.field)).toEqual(["limits.depositDailyCents"]);
    expect(limitsProblems({ perTxnCents: 10, dailyCents: 10, monthlyCents: 10, depositPerTxnCents: 7, depositDailyCents: 7 })).toEqual([]);
  });
  test("sameLimits compares every field", () => {
    expect(sameLimits(DEFAULT_LIMITS.BASIC, { ...DEFAULT_LIMITS.BASIC })).toBe(true);
    for (const key of Object.keys(DEFAULT_LIMITS.BASIC) as (keyof typeof DEFAULT_LIMITS.BASIC)[]) {
      expect(sameLimits(DEFAULT_LIMITS.BASIC, { ...DEFAULT_LIMITS.BASIC, [key]: DEFAULT_LIMITS.BASIC[key] + 1 })).toBe(false);
    }
  });
});

describe("webhook signature", () => {
  const secret = "provider-secret-123456";
  const body = ascii('{"userId":"u1","status":"approved"}');
  const now = 1_800_000_000;

  test("the signature is HMAC-SHA256 of '<t>.<raw body>'", () => {
    const expected = createHmac("sha256", secret).update(`${now}.{"userId":"u1","status":"approved"}`).digest("hex");
    expect(signatureHeader(secret, now, body)).toBe(`t=${now},v1=${expected}`);
  });

  test("a fresh, correct signature passes (within the tolerance either way)", () => {
    for (const t of [now, now - 300, now + 300]) {
      expect(verifySignature({ header: signatureHeader(secret, t, body), rawBody: body, secret, nowS: now })).toEqual({ ok: true, timestampS: t });
    }
  });

  test("any of several v1 values may match (secret rotation)", () => {
    const good = signatureHeader(secret, now, body).split(",v1=")[1]!;
    const header = `t=${now},v1=${"0".repeat(64)},v1=${good}`;
    expect(verifySignature({ header, rawBody: body, secret, nowS: now }).ok).toBe(true);
  });

  test.each([
    ["no header", undefined, "Missing or malformed"],
    ["empty header", "", "Missing or malformed"],
    ["no timestamp", `v1=${"a".repeat(64)}`, "Missing or malformed"],
    ["no v1", `t=${now}`, "Missing or malformed"],
    ["two timestamps", `t=${now},t=${now},v1=${"a".repeat(64)}`, "Missing or malformed"],
    ["non-numeric timestamp", `t=soon,v1=${"a".repeat(64)}`, "Missing or malformed"],
    ["stale by 301 s", signatureHeader(secret, now - 301, body), "outside the tolerance"],
    ["301 s in the future", signatureHeader(secret, now + 301, body), "outside the tolerance"],
    ["wrong secret", signatureHeader("another-secret-123456", now, body), "Invalid signature"],
    ["v1 not hex", `t=${now},v1=${"z".repeat(64)}`, "Invalid signature"],
    ["v1 too short", `t=${now},v1=abcd`, "Invalid signature"],
  ])("%s is refused", (_, header, reason) => {
    const check = verifySignature({ header, rawBody: body, secret, nowS: now });
    expect(check.ok).toBe(false);
    expect(check.ok ? "" : check.reason).toContain(reason);
  });

  test("the raw bytes count: re-serialised JSON with the same meaning does not verify", () => {
    const header = signatureHeader(secret, now, body);
    const reformatted = ascii('{"userId": "u1", "status": "approved"}');
    expect(verifySignature({ header, rawBody: reformatted, secret, nowS: now }).ok).toBe(false);
  });

  test("the header parser tolerates spaces and upper-case hex", () => {
    const sig = signatureHeader(secret, now, body).split(",v1=")[1]!;
    expect(parseSignatureHeader(` t=${now} , v1=${sig.toUpperCase()} `)).toEqual({ timestampS: now, signatures: [sig] });
    expect(verifySignature({ header: `t=${now}, v1=${sig.toUpperCase()}`, rawBody: body, secret, nowS: now }).ok).toBe(true);
  });
});
