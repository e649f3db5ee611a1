import { describe, expect, test } from "bun:test";
import { cardState, fileProblem, formatBytes, kycVersion, MAX_DOCUMENT_BYTES, type ProfileIn, tierCards, uploadTypeOf, verificationAction, verificationStatus } from "./kyc-view.ts";

const profile = (p: Partial<ProfileIn> = {}): ProfileIn => ({ tier: "BASIC", status: "APPROVED", submittedAt: null, verifiedAt: null, rejectionReason: null, documents: [], ...p });
const doc = (type: ProfileIn["documents"][number]["type"], uploadedAt = "2026-03-03T10:00:00Z") => ({ id: crypto.randomUUID(), type, contentType: "image/jpeg", sizeBytes: 1_234_567, docName: `${type.toLowerCase()}.jpg`, uploadedAt });

describe("tier cards", () => {
  test("tiers before the user's are completed, theirs current, the one after next, the rest locked", () => {
    expect(["UNVERIFIED", "BASIC", "VERIFIED"].map((t) => cardState(t as any, "UNVERIFIED"))).toEqual(["current", "next", "locked"]);
    expect(["UNVERIFIED", "BASIC", "VERIFIED"].map((t) => cardState(t as any, "BASIC"))).toEqual(["completed", "current", "next"]);
    expect(["UNVERIFIED", "BASIC", "VERIFIED"].map((t) => cardState(t as any, "VERIFIED"))).toEqual(["completed", "completed", "current"]);
  });

  test("limits come from the table as given, in dollars; a state is always said in words", () => {
    const table = [
      { tier: "UNVERIFIED" as const, perTxnCents: 5_000, dailyCents: 10_000, monthlyCents: 20_000, depositPerTxnCents: 5_000, depositDailyCents: 10_000 },
      { tier: "BASIC" as const, perTxnCents: 654_321, dailyCents: 1_000_000, monthlyCents: 9_999_999, depositPerTxnCents: 50_000, depositDailyCents: 200_000 },
      { tier: "VERIFIED" as const, perTxnCents: 1_000_000, dailyCents: 5_000_000, monthlyCents: 20_000_000, depositPerTxnCents: 1_000_000, depositDailyCents: 5_000_000 },
    ];
    const cards = tierCards(table, "BASIC");
    expect(cards.map((c) => c.stateLabel)).toEqual(["Completed", "Your tier", "Next step"]);
    expect(cards[1]!.limits).toEqual([
      { label: "Per transfer", value: "$6,543.21" },
      { label: "Sent per day", value: "$10,000.00" },
      { label: "Sent per month", value: "$99,999.99" },
      { label: "Per deposit", value: "$500.00" },
      { label: "Deposits per day", value: "$2,000.00" },
    ]);
  });

  test("without the table the cards show no limits; without the profile no state", () => {
    expect(tierCards(undefined, "BASIC").every((c) => c.limits === undefined)).toBe(true);
    expect(tierCards(undefined, undefined).map((c) => c.stateLabel)).toEqual(["", "", ""]);
  });
});

describe("the review's status as the user reads it", () => {
  const tz = "Europe/London";
  test("under review says how long it takes and when it was submitted", () => {
    const s = verificationStatus(profile({ status: "PENDING_REVIEW", submittedAt: "2026-03-03T23:30:00Z" }), true, tz);
    expect(s).toMatchObject({ label: "Under review", tone: "pending", when: "Submitted on March 3, 2026" });
    expect(s.text).toContain("usually takes 1–2 business days");
  });

  test("a rejection carries the reviewers' reason", () => {
    expect(verificationStatus(profile({ status: "REJECTED", rejectionReason: "The photo is blurred" }), true, tz)).toMatchObject({ label: "Rejected", tone: "error", reason: "The photo is blurred" });
  });

  test("verified says since when, in the user's time zone", () => {
    expect(verificationStatus(profile({ tier: "VERIFIED", verifiedAt: "2026-03-03T23:30:00Z" }), true, "Asia/Tokyo")).toMatchObject({ label: "Approved", when: "Verified on March 4, 2026" });
  });

  test("Basic after the e-mail step is 'Not submitted' for the documents, with the hint to upload", () => {
    const s = verificationStatus(profile(), true, tz);
    expect(s.label).toBe("Not submitted");
    expect(s.text).toContain("Upload a government ID");
  });

  test("Unverified is told to verify the e-mail first", () => {
    expect(verificationStatus(profile({ tier: "UNVERIFIED", status: "NONE" }), false, tz).text).toContain("Verify your e-mail address first");
  });
});

describe("what the user can do", () => {
  const tz = "UTC";
  test("submit is offered only with an ID and a selfie, at Basic, not under review", () => {
    expect(verificationAction(profile(), true, tz)).toMatchObject({ kind: "upload", canSubmit: false, submitBlocker: "Upload your ID and a selfie first." });
    expect(verificationAction(profile({ documents: [doc("PASSPORT")] }), true, tz)).toMatchObject({ canSubmit: false, submitBlocker: "Upload a selfie with your ID first.", idType: "PASSPORT" });
    expect(verificationAction(profile({ documents: [doc("SELFIE")] }), true, tz)).toMatchObject({ canSubmit: false, submitBlocker: "Upload your ID first." });
    expect(verificationAction(profile({ status: "REJECTED", documents: [doc("DRIVERS_LICENSE"), doc("SELFIE")] }), true, tz)).toMatchObject({ canSubmit: true, idType: "DRIVERS_LICENSE" });
    expect(verificationAction(profile({ status: "PENDING_REVIEW", documents: [doc("PASSPORT"), doc("SELFIE")] }), true, tz).kind).toBe("in-review");
    expect(verificationAction(profile({ tier: "UNVERIFIED", status: "NONE" }), false, tz)).toEqual({ kind: "verify-email", emailVerified: false });
    expect(verificationAction(profile({ tier: "VERIFIED" }), true, tz)).toEqual({ kind: "verified" });
  });

  test("the newest ID document is the one shown, and it names the file, type, size and day", () => {
    const a = verificationAction(profile({ documents: [doc("PASSPORT", "2026-03-01T00:00:00Z"), doc("DRIVERS_LICENSE", "2026-03-02T00:00:00Z")] }), true, tz);
    expect(a).toMatchObject({ idType: "DRIVERS_LICENSE", id: { name: "Driver's license", summary: "drivers_license.jpg · JPEG · 1.2 MB · uploaded March 2, 2026" } });
  });
});

describe("files", () => {
  test("the size is checked before anything is sent on", () => {
    expect(fileProblem(undefined)).toBe("Choose a file to upload.");
    expect(fileProblem(0)).toContain("empty");
    expect(fileProblem(MAX_DOCUMENT_BYTES)).toBeUndefined();
    expect(fileProblem(MAX_DOCUMENT_BYTES + 1)).toContain("larger than 10 MB");
  });

  test("sizes read like people write them", () => {
    expect([0, 1, 1023, 1536, 1_234_567, MAX_DOCUMENT_BYTES, 150 * 1024 * 1024].map(formatBytes)).toEqual(["0 bytes", "1 byte", "1023 bytes", "1.5 KB", "1.2 MB", "10 MB", "150 MB"]);
  });

  test("only the three types the page offers are read from a form", () => {
    expect(["passport", "DRIVERS_LICENSE", " selfie ", "UTILITY_BILL", "", undefined].map(uploadTypeOf)).toEqual(["PASSPORT", "DRIVERS_LICENSE", "SELFIE", undefined, undefined, undefined]);
  });
});

test("the page's version changes with the tier, the review and the documents, and only with them", () => {
  const a = profile({ documents: [doc("PASSPORT")] });
  expect(kycVersion(a)).toBe(kycVersion({ ...a, documents: [...a.documents] }));
  expect(kycVersion(a)).not.toBe(kycVersion({ ...a, status: "PENDING_REVIEW" }));
  expect(kycVersion(a)).not.toBe(kycVersion({ ...a, tier: "VERIFIED" }));
  expect(kycVersion(a)).not.toBe(kycVersion({ ...a, documents: [doc("PASSPORT")] }));
});
