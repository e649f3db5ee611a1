import { describe, expect, test } from "bun:test";
import { decisionRefusal, effectiveStatus, type ApprovalState } from "./approval.ts";
import { needsSecondAdmin } from "./dual-control.ts";
import { actionEventId } from "./event-ids.ts";
import { applyLimitsChange, fromKyc, toKyc, type LimitsTable } from "./limits.ts";
import { signGrant, verifyGrant } from "./links.ts";
import { traceUrl } from "./trace.ts";

describe("dual control", () => {
  test("money above the threshold waits; at or below it runs", () => {
    expect(needsSecondAdmin({ kind: "REVERSE", amountCents: 100_001 }, 100_000)).toBe(true);
    expect(needsSecondAdmin({ kind: "REVERSE", amountCents: 100_000 }, 100_000)).toBe(false);
    expect(needsSecondAdmin({ kind: "FORCE_COMPLETE", amountCents: 250_000 }, 100_000)).toBe(true);
    expect(needsSecondAdmin({ kind: "FORCE_COMPLETE", amountCents: 1 }, 0)).toBe(true);
  });
  test("a promotion to ADMIN always waits; a demotion does not", () => {
    expect(needsSecondAdmin({ kind: "SET_ROLE", role: "ADMIN" }, 1e12)).toBe(true);
    expect(needsSecondAdmin({ kind: "SET_ROLE", role: "USER" }, 0)).toBe(false);
  });
});

describe("approval decisions", () => {
  const now = new Date("2030-01-01T12:00:00Z");
  const pending: ApprovalState = { status: "PENDING", requestedBy: "a", decidedBy: null, expiresAt: new Date("2030-01-02T12:00:00Z") };
  test("another admin may approve or reject a pending request", () => {
    expect(decisionRefusal(pending, "b", "approve", now)).toBeNull();
    expect(decisionRefusal(pending, "b", "reject", now)).toBeNull();
  });
  test("the requester may neither approve nor reject their own", () => {
    expect(decisionRefusal(pending, "a", "approve", now)?.code).toBe("PERMISSION_DENIED");
    expect(decisionRefusal(pending, "a", "reject", now)?.code).toBe("PERMISSION_DENIED");
  });
  test("past its deadline a pending request is EXPIRED and cannot be decided", () => {
    const late = new Date("2030-01-02T12:00:00Z");
    expect(effectiveStatus(pending, late)).toBe("EXPIRED");
    expect(effectiveStatus(pending, now)).toBe("PENDING");
    expect(decisionRefusal(pending, "b", "approve", late)?.code).toBe("FAILED_PRECONDITION");
  });
  test("the admin who decided may repeat the decision (a retry); anyone else, or the other decision, meets a conflict", () => {
    const approved: ApprovalState = { ...pending, status: "APPROVED", decidedBy: "b" };
    expect(decisionRefusal(approved, "b", "approve", now)).toBeNull();
    expect(decisionRefusal({ ...approved, status: "EXECUTED" }, "b", "approve", now)).toBeNull();
    expect(decisionRefusal({ ...approved, status: "FAILED" }, "b", "approve", now)).toBeNull();
    expect(decisionRefusal({ ...approved, status: "REJECTED" }, "b", "reject", now)).toBeNull();
    expect(decisionRefusal(approved, "c", "approve", now)?.code).toBe("CONFLICT");
    expect(decisionRefusal(approved, "b", "reject", now)?.code).toBe("CONFLICT");
    expect(decisionRefusal({ ...approved, status: "REJECTED" }, "b", "approve", now)?.code).toBe("CONFLICT");
    expect(decisionRefusal({ ...approved, status: "EXECUTED" }, "c", "approve", now)?.code).toBe("CONFLICT");
    expect(effectiveStatus({ ...approved, expiresAt: new Date(0) }, now)).toBe("APPROVED");
  });
});

describe("limits", () => {
  const tier = (per: number, day: number, month: number) => ({ perTransactionCents: per, dailyCents: day, monthlyCents: month, depositPerTransactionCents: per, depositDailyCents: day });
  const table: LimitsTable = { UNVERIFIED: tier(5_000, 10_000, 20_000), BASIC: tier(50_000, 200_000, 1_000_000), VERIFIED: tier(1_000_000, 5_000_000, 20_000_000) };

  test("a change keeps the fields it leaves out and lists only the tiers that differ", () => {
    const r = applyLimitsChange(table, { BASIC: { dailyCents: 300_000 }, UNVERIFIED: { perTransactionCents: 5_000 } });
    expect(r.errors).toEqual([]);
    expect(r.next.BASIC).toEqual({ ...table.BASIC, dailyCents: 300_000 });
    expect(r.changes).toEqual([{ tier: "BASIC", previous: table.BASIC, limits: r.next.BASIC }]);
  });
  test("per-transaction ≤ daily ≤ monthly, named as the form names them", () => {
    expect(applyLimitsChange(table, { BASIC: { perTransactionCents: 300_000 } }).errors).toEqual([{ field: "tiers.BASIC.dailyCents", message: "must be at least perTransactionCents (300000)" }]);
    expect(applyLimitsChange(table, { VERIFIED: { monthlyCents: 1 } }).errors.map((e) => e.field)).toEqual(["tiers.VERIFIED.monthlyCents"]);
    expect(applyLimitsChange(table, { UNVERIFIED: { depositPerTransactionCents: 10_001 } }).errors.map((e) => e.field)).toEqual(["tiers.UNVERIFIED.depositDailyCents"]);
  });
  test("the kyc shape and the console's shape map one to one", () => {
    expect(fromKyc(toKyc(table.BASIC))).toEqual(table.BASIC);
  });
});

describe("document links", () => {
  const grant = { documentId: "d1", adminId: "a1", expiresAt: 2_000 };
  test("a signed grant verifies until it expires", () => {
    const token = signGrant("k".repeat(32), grant);
    expect(verifyGrant("k".repeat(32), token, 1_999)).toEqual({ ok: true, grant });
    expect(verifyGrant("k".repeat(32), token, 2_000)).toEqual({ ok: false, reason: "expired" });
  });
  test("another key, an edited payload or garbage is refused", () => {
    const token = signGrant("k".repeat(32), grant);
    expect(verifyGrant("x".repeat(32), token, 0)).toEqual({ ok: false, reason: "forged" });
    const [, mac] = token.split(".");
    const edited = `${Buffer.from(JSON.stringify(["d2", "a1", 2_000])).toString("base64url")}.${mac}`;
    expect(verifyGrant("k".repeat(32), edited, 0)).toEqual({ ok: false, reason: "forged" });
    for (const bad of ["", "abc", "a.b.c", "."]) expect(verifyGrant("k".repeat(32), bad, 0).ok).toBe(false);
  });
});

describe("trace links", () => {
  const id = "0af7651916cd43dd8448eb211c80319c";
  test("Jaeger's form by default, or a template", () => {
    expect(traceUrl("http://localhost:16686", id)).toBe(`http://localhost:16686/trace/${id}`);
    expect(traceUrl("http://localhost:16686/", id)).toBe(`http://localhost:16686/trace/${id}`);
    expect(traceUrl("https://grafana.example/explore?trace={traceId}", id)).toBe(`https://grafana.example/explore?trace=${id}`);
  });
  test("no viewer or no trace id: no link", () => {
    expect(traceUrl(undefined, id)).toBeNull();
    expect(traceUrl("http://x", null)).toBeNull();
    expect(traceUrl("http://x", "not-a-trace")).toBeNull();
  });
});

describe("event ids of actions", () => {
  test("the same action gives the same id; another target or moment another", () => {
    expect(actionEventId("reverse", "t1")).toBe(actionEventId("reverse", "t1"));
    expect(actionEventId("reverse", "t1")).not.toBe(actionEventId("reverse", "t2"));
    expect(actionEventId("freeze", "u1", "2030-01-01T00:00:00.000Z")).not.toBe(actionEventId("freeze", "u1", "2030-01-01T00:00:00.001Z"));
    expect(actionEventId("a", "b|c")).not.toBe(actionEventId("a", "b", "c"));
  });
});
