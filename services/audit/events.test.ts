import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { eventually } from "../../shared/testing/wait.ts";
import { auditLog } from "./db/schema.ts";
import { envelopeOf, newId, newTraceId, publishEnvelope, rowsFor, startAuditStack, traceparentOf, waitForRows, type AuditStack } from "./test-support.ts";

setDefaultTimeout(60_000);

let stack: AuditStack;
beforeAll(async () => {
  stack = await startAuditStack();
});
afterAll(() => stack?.stop());

describe("every event of every stream becomes one row", () => {
  test("the row keeps the envelope, the trace id of its traceparent, and the audit's own time", async () => {
    const userId = newId();
    const traceId = newTraceId();
    const before = Date.now();
    const envelope = envelopeOf(
      "kyc.submitted",
      { userId, profileId: newId() },
      { producer: "kyc", actorId: userId, subjectUserIds: [userId], traceparent: traceparentOf(traceId), occurredAt: "2020-01-01T01:00:00.123456+01:00" },
    );
    await publishEnvelope(stack.nc, envelope);
    const [row] = await waitForRows(stack.audit, [envelope.id]);
    expect(row).toMatchObject({
      eventId: envelope.id,
      type: "kyc.submitted",
      producer: "kyc",
      actorId: userId,
      subjectUserIds: [userId],
      traceId,
      payload: envelope.data,
    });
    // The producer's time is kept as it said (to the millisecond); the recorded time is audit's, not the producer's.
    expect(row!.occurredAt.toISOString()).toBe("2020-01-01T00:00:00.123Z");
    expect(row!.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(row!.recordedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(row!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test("events of every domain are recorded, without and with a trace", async () => {
    const userId = newId();
    const envelopes = [
      envelopeOf("auth.password_changed", { userId, method: "change", changedAt: new Date().toISOString() }, { producer: "auth", actorId: userId, subjectUserIds: [userId] }),
      envelopeOf("wallet.created", { walletId: newId(), userId, currency: "USD" }, { producer: "wallet", actorId: userId, subjectUserIds: [userId] }),
      envelopeOf("kyc.tier_upgraded", { userId, profileId: newId(), previousTier: "UNVERIFIED", newTier: "BASIC" }, { producer: "kyc", actorId: userId, subjectUserIds: [userId] }),
      envelopeOf("admin.kyc_approved", { profileId: newId(), userId, approvedBy: userId, notes: null }, { producer: "admin", actorId: userId, traceparent: traceparentOf(newTraceId()) }),
    ];
    for (const e of envelopes) await publishEnvelope(stack.nc, e);
    const rows = await waitForRows(stack.audit, envelopes.map((e) => e.id));
    expect(rows.map((r) => r.type).sort()).toEqual(["admin.kyc_approved", "auth.password_changed", "kyc.tier_upgraded", "wallet.created"]);
    expect(rows.find((r) => r.type === "wallet.created")!.traceId).toBeNull();
    expect(rows.find((r) => r.type === "admin.kyc_approved")!.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  test("a real producer's events arrive too: the sign-up of this file's users", async () => {
    const rows = await eventually(async () => {
      const found = await stack.audit.ctx.db.select().from(auditLog).where(eq(auditLog.actorId, stack.user.id));
      return found.some((r) => r.type === "auth.user_registered") ? found : undefined;
    }, { timeoutMs: 20_000, what: "auth.user_registered of the user" });
    const registered = rows.find((r) => r.type === "auth.user_registered")!;
    expect(registered.producer).toBe("auth");
    expect(registered.payload).toMatchObject({ userId: stack.user.id, email: stack.user.email });
  });
});

describe("exactly once", () => {
  test("a redelivered event (same id, new message id) adds no second row", async () => {
    const userId = newId();
    const first = envelopeOf("kyc.submitted", { userId, profileId: newId() }, { producer: "kyc", actorId: userId });
    await publishEnvelope(stack.nc, first);
    await waitForRows(stack.audit, [first.id]);
    await publishEnvelope(stack.nc, first, `${first.id}-again`);
    // Published after the duplicate on the same stream: once it is recorded, the duplicate was handled.
    const marker = envelopeOf("kyc.submitted", { userId, profileId: newId() }, { producer: "kyc", actorId: userId });
    await publishEnvelope(stack.nc, marker);
    await waitForRows(stack.audit, [marker.id]);
    const rows = await rowsFor(stack.audit, [first.id, marker.id]);
    expect(rows.map((r) => r.eventId)).toEqual([first.id, marker.id]);
  });
});

describe("one chain", () => {
  test("an event already in the log arriving amid a batch (its inbox row gone) is skipped; the others still chain", async () => {
    const userId = newId();
    const recorded = envelopeOf("kyc.submitted", { userId, profileId: newId() }, { actorId: userId });
    await publishEnvelope(stack.nc, recorded);
    await waitForRows(stack.audit, [recorded.id]);
    // Only the log's unique event id stands in its way now.
    await stack.audit.ctx.db.execute(sql`delete from inbox where event_id = ${recorded.id}`);
    const fresh = Array.from({ length: 30 }, () => envelopeOf("kyc.submitted", { userId, profileId: newId() }, { actorId: userId }));
    await Promise.all([...fresh.slice(0, 15), recorded, ...fresh.slice(15)].map((e, i) => publishEnvelope(stack.nc, e, `${e.id}-${i}`)));
    await waitForRows(stack.audit, fresh.map((e) => e.id), "rows of the 30 fresh events");
    expect(await rowsFor(stack.audit, [recorded.id])).toHaveLength(1);
    expect(await stack.rpc.verify({})).toMatchObject({ ok: true, firstBroken: null });
  });


  test("appends racing in from several streams link into one chain without gaps or forks", async () => {
    const userId = newId();
    const envelopes = Array.from({ length: 60 }, (_, i) => {
      switch (i % 4) {
        case 0:
          return envelopeOf("kyc.submitted", { userId, profileId: newId() }, { actorId: userId });
        case 1:
          return envelopeOf("wallet.created", { walletId: newId(), userId, currency: "USD" }, { actorId: userId });
        case 2:
          return envelopeOf("auth.password_changed", { userId, method: "reset", changedAt: new Date().toISOString() }, { actorId: userId });
        default:
          return envelopeOf("admin.kyc_rejected", { profileId: newId(), userId, rejectedBy: userId, reason: `no ${i}` }, { actorId: userId });
      }
    });
    await Promise.all(envelopes.map((e) => publishEnvelope(stack.nc, e)));
    await waitForRows(stack.audit, envelopes.map((e) => e.id), "rows of 60 events");

    const [shape] = (await stack.audit.ctx.db.execute(sql`
      select count(*)::int as n, min(seq)::int as first, max(seq)::int as last,
             count(distinct prev_hash)::int as links, count(distinct hash)::int as hashes
      from audit_log`)) as unknown as { n: number; first: number; last: number; links: number; hashes: number }[];
    // seq 1..n without a hole, and no two rows claiming the same predecessor (a fork).
    expect(shape).toEqual({ n: shape!.n, first: 1, last: shape!.n, links: shape!.n, hashes: shape!.n });

    const report = await stack.rpc.verify({});
    expect(report).toMatchObject({ ok: true, firstBroken: null });
    expect(report.checkedRows).toBeGreaterThanOrEqual(shape!.n);
  });
});
