import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { sql } from "drizzle-orm";
import type { Envelope } from "../../shared/events/envelope.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { startMoneyMesh, type MoneyMesh } from "../../tests/harness/money.ts";
import { signUpAdmin } from "../../tests/harness/users.ts";
import { envelopeOf, getJson, newTraceId, publishEnvelope, rowsFor, startAudit, traceparentOf, waitForRows, type RunningAudit } from "./test-support.ts";

setDefaultTimeout(120_000);

let mesh: MoneyMesh;
let audit: RunningAudit;

beforeAll(async () => {
  mesh = await startMoneyMesh();
  audit = await startAudit(mesh.auth.url);
});
afterAll(async () => {
  await audit?.stop();
  await mesh?.stop();
});

/** Every event any money service wrote to its outbox about the transaction: what audit must hold. */
async function eventsAbout(transactionId: string): Promise<Envelope[]> {
  const found: Envelope[] = [];
  for (const svc of [mesh.auth, mesh.wallet, mesh.kyc, mesh.fraud, mesh.transactions]) {
    if (!svc) continue;
    const rows = (await svc.ctx.db.execute(sql`select envelope from outbox where envelope->'data'->>'transactionId' = ${transactionId}`)) as unknown as { envelope: Envelope | string }[];
    found.push(...rows.map((r) => (typeof r.envelope === "string" ? JSON.parse(r.envelope) : r.envelope)));
  }
  return found;
}

test("a transfer leaves one audit row per event, each with the transfer's trace id; a redelivery adds none; the chain verifies", async () => {
  const [alice, bob, admin] = await Promise.all([mesh.user({ balance: 10_000 }), mesh.user(), signUpAdmin(mesh.auth)]);
  const traceId = newTraceId();
  const res = await mesh.transfer(alice, { recipientId: bob.id, amount: 2_500, description: "audited" }, crypto.randomUUID(), { traceparent: traceparentOf(traceId) });
  expect(res.status).toBe(201);
  const transactionId: string = res.body.id;

  const events = await eventually(async () => {
    const found = await eventsAbout(transactionId);
    const types = found.map((e) => e.type);
    return types.includes("transaction.completed") && types.filter((t) => t === "wallet.balance_changed").length === 2 ? found : undefined;
  }, { timeoutMs: 30_000, what: "the transfer's events in the outboxes" });
  expect(events.map((e) => e.type).sort()).toEqual(["transaction.completed", "transaction.created", "wallet.balance_changed", "wallet.balance_changed"]);

  const rows = await waitForRows(audit, events.map((e) => e.id), "audit rows of the transfer");
  expect(rows.map((r) => r.eventId).sort()).toEqual(events.map((e) => e.id).sort());
  for (const row of rows) {
    const envelope = events.find((e) => e.id === row.eventId)!;
    expect(row).toMatchObject({ type: envelope.type, producer: envelope.producer, actorId: envelope.actorId, subjectUserIds: envelope.subjectUserIds, traceId });
  }
  expect(rows.find((r) => r.type === "transaction.completed")!.subjectUserIds.sort()).toEqual([alice.id, bob.id].sort());

  // The admin finds them through the API, with the trace id.
  const listed = await getJson(`${audit.url}/internal/audit?type=transaction.completed&actorId=${alice.id}`, admin.token);
  expect(listed.status).toBe(200);
  expect(listed.body.entries.find((e: any) => e.payload.transactionId === transactionId)).toMatchObject({ traceId, actorId: alice.id });

  // Force a redelivery of the completed event; a later event on the same stream proves it was handled.
  const completed = events.find((e) => e.type === "transaction.completed")!;
  await publishEnvelope(mesh.nc, completed, `${completed.id}-redelivered`);
  const marker = envelopeOf("transaction.created", { ...(events.find((e) => e.type === "transaction.created")!.data as any), transactionId: crypto.randomUUID() }, { producer: "test", actorId: alice.id });
  await publishEnvelope(mesh.nc, marker);
  await waitForRows(audit, [marker.id], "marker after the redelivery");
  expect((await rowsFor(audit, events.map((e) => e.id))).length).toBe(events.length);

  const verify = await getJson(`${audit.url}/internal/audit/verify`, admin.token);
  expect(verify.status).toBe(200);
  expect(verify.body).toMatchObject({ ok: true, firstBroken: null });
});
