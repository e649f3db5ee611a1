import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { sql } from "drizzle-orm";
import type { Logger } from "../../shared/log.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { startService } from "../../tests/harness/services.ts";
import { bearer, type TestUser } from "../../tests/harness/users.ts";
import { verifyStandardWebhook } from "../../tests/harness/webhook.ts";
import { DISABLE_AFTER_FAILING_MS, RETRY_DELAYS_MS } from "./domain/schedule.ts";
import { createWebhookService } from "./main.ts";
import { createDeliveries } from "./deliveries.ts";
import { createSecretBox } from "./domain/secret-box.ts";
import { createEndpoints } from "./endpoints.ts";
import { openDeliveryQueue, partitionOf } from "./queue.ts";
import { createTargetGuard } from "./target-guard.ts";
import { manualClock, startWebhookStack, type RunningWebhook, type WebhookStack } from "./test-support.ts";
import { createDeliveryWorker } from "./worker.ts";

setDefaultTimeout(60_000);

const clock = manualClock(new Date("2026-06-01T08:00:00Z"));
let stack: WebhookStack;
let user: TestUser;
beforeAll(async () => {
  stack = await startWebhookStack({ clock, random: () => 0.5, env: { WEBHOOK_DELIVERY_TIMEOUT_MS: "1000" } });
  user = await stack.user();
});
afterAll(() => stack.stop());

const settled = (endpointId: string, deliveryId: string, attempts: number) =>
  eventually(async () => {
    const d = await stack.delivery(user, endpointId, deliveryId);
    return d.attempts.length === attempts && d.status !== "SENDING" ? d : undefined;
  }, { what: `attempt ${attempts} of ${deliveryId} recorded` });

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

const disabledEvents = (endpointId: string) =>
  stack.webhook.ctx.db.execute<{ envelope: any }>(sql`select envelope from outbox where type = 'webhook.endpoint_disabled' and envelope->'data'->>'endpointId' = ${endpointId}`).then((rows) => [...rows].map((r) => r.envelope));

describe("retries", () => {
  test("a failing receiver is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then the delivery fails", async () => {
    const ep = await stack.endpoint(user, "/flaky");
    stack.receiver.respond("/flaky", { status: 500, body: "boom" });
    const ping = await stack.ping(user, ep.id);
    let d = await settled(ep.id, ping.id, 1);
    expect(d).toMatchObject({ status: "PENDING", attempt: 1, responseStatus: 500, responseBody: "boom" });
    expect(d.nextAttemptAt).toBe(new Date(clock.now().getTime() + 5_000).toISOString());

    for (const [i, delay] of RETRY_DELAYS_MS.entries()) {
      const attempt = i + 2;
      // Not yet due: nothing is sent however long the scheduler runs.
      clock.advance(delay - 1_000);
      await Bun.sleep(400);
      expect(stack.receiver.at("/flaky")).toHaveLength(attempt - 1);
      clock.advance(1_000);
      await stack.receiver.waitFor("/flaky", attempt);
      d = await settled(ep.id, ping.id, attempt);
      expect(d.attempt).toBe(attempt);
      const next = RETRY_DELAYS_MS[attempt - 1];
      expect(d.nextAttemptAt).toBe(next === undefined ? null : new Date(clock.now().getTime() + next).toISOString());
    }
    expect(d.status).toBe("FAILED");
    expect(d.attempts.map((a: any) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Same message on every attempt: one webhook-id, one body, a fresh timestamp and signature.
    const requests = stack.receiver.at("/flaky");
    expect(new Set(requests.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    for (const r of requests) expect(await verifyStandardWebhook(ep.secret, r)).toBe(true);
    expect(Number(requests[7]!.headers["webhook-timestamp"]) - Number(requests[0]!.headers["webhook-timestamp"])).toBe(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0) / 1000);

    clock.advance(48 * 3_600_000);
    await Bun.sleep(400);
    expect(stack.receiver.at("/flaky")).toHaveLength(8);
    // Eight failures over about 28 hours do not disable the endpoint (that takes five days).
    expect((await stack.call(user, "GET", `/${ep.id}`)).body.active).toBe(true);
  });

  test("a timeout is a failed attempt, retried", async () => {
    const ep = await stack.endpoint(user, "/slow");
    stack.receiver.respond("/slow", { status: 200, delayMs: 3_000 });
    const ping = await stack.ping(user, ep.id);
    const d = await settled(ep.id, ping.id, 1);
    expect(d).toMatchObject({ status: "PENDING", responseStatus: null, error: "Timed out after 1000 ms" });
  });

  test("a redirect is a failure and is not followed", async () => {
    const ep = await stack.endpoint(user, "/redirect");
    stack.receiver.respond("/redirect", { status: 302, headers: { location: `${stack.receiver.url}/redirect-target` } });
    const ping = await stack.ping(user, ep.id);
    const d = await settled(ep.id, ping.id, 1);
    expect(d).toMatchObject({ status: "PENDING", responseStatus: 302 });
    await Bun.sleep(300);
    expect(stack.receiver.at("/redirect-target")).toHaveLength(0);
  });

  test("a recovering receiver ends the retries with SUCCEEDED", async () => {
    const ep = await stack.endpoint(user, "/recovers");
    stack.receiver.respond("/recovers", { status: 503 });
    const failing = () => stack.count(sql`select count(*)::int as n from webhook_endpoints where id = ${ep.id} and failing_since is not null`);
    const ping = await stack.ping(user, ep.id);
    await settled(ep.id, ping.id, 1);
    expect(await failing()).toBe(1);
    stack.receiver.respond("/recovers", { status: 204 });
    clock.advance(6_000);
    const d = await settled(ep.id, ping.id, 2);
    expect(d).toMatchObject({ status: "SUCCEEDED", responseStatus: 204, nextAttemptAt: null });
    expect(d.deliveredAt).toBe(clock.now().toISOString());
    expect(d.attempts.map((a: any) => [a.attempt, a.succeeded, a.responseStatus])).toEqual([[1, false, 503], [2, true, 204]]);
    // The success makes the endpoint healthy again: five days of failures count from the next failure.
    expect(await failing()).toBe(0);
  });

  test("a retry that comes due after its endpoint was turned off ends FAILED without a request", async () => {
    const ep = await stack.endpoint(user, "/turned-off");
    stack.receiver.respond("/turned-off", { status: 500 });
    const ping = await stack.ping(user, ep.id);
    await settled(ep.id, ping.id, 1);
    expect((await stack.call(user, "PATCH", `/${ep.id}`, { active: false })).status).toBe(200);
    clock.advance(6_000);
    const d = await eventually(async () => {
      const found = await stack.delivery(user, ep.id, ping.id);
      return found.status === "FAILED" ? found : undefined;
    }, { what: "delivery ended" });
    expect(d).toMatchObject({ status: "FAILED", attempt: 1, error: "Endpoint is disabled", nextAttemptAt: null });
    expect(stack.receiver.at("/turned-off")).toHaveLength(1);
  });

  test("redelivering a delivery that waits for a retry brings it forward, with a fresh schedule", async () => {
    const ep = await stack.endpoint(user, "/forward");
    stack.receiver.respond("/forward", { status: 500 });
    const ping = await stack.ping(user, ep.id);
    await settled(ep.id, ping.id, 1);
    const res = await stack.call(user, "POST", `/${ep.id}/deliveries/${ping.id}/redeliver`);
    expect(res.status).toBe(202);
    const d = await settled(ep.id, ping.id, 2);
    // Still failing: the new run starts again at the first step of the schedule.
    expect(d).toMatchObject({ status: "PENDING", attempt: 2 });
    expect(d.nextAttemptAt).toBe(new Date(clock.now().getTime() + 5_000).toISOString());
  });
});

describe("disabling", () => {
  test("410 Gone disables the endpoint at once and tells its owner", async () => {
    const ep = await stack.endpoint(user, "/gone");
    stack.receiver.respond("/gone", { status: 410 });
    const ping = await stack.ping(user, ep.id);
    const d = await settled(ep.id, ping.id, 1);
    expect(d).toMatchObject({ status: "FAILED", responseStatus: 410, nextAttemptAt: null });
    const endpoint = (await stack.call(user, "GET", `/${ep.id}`)).body;
    expect(endpoint).toMatchObject({ active: false, disabledReason: "GONE" });
    const events = await disabledEvents(ep.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: null, subjectUserIds: [user.id], data: { endpointId: ep.id, userId: user.id, url: ep.url, reason: "GONE" } });
    expect((await stack.call(user, "POST", `/${ep.id}/test`)).status).toBe(409);
    // The owner turns it back on: the system's reason is cleared.
    stack.receiver.respond("/gone", { status: 200 });
    expect((await stack.call(user, "PATCH", `/${ep.id}`, { active: true })).body).toMatchObject({ active: true, disabledReason: null });
  });

  test("several replicas never send the same attempt twice, even with duplicate work items", async () => {
    const replica: RunningWebhook = await startService(createWebhookService({ clock, random: () => 0.5 }), { ...stack.env, WEBHOOK_DELIVERY_TIMEOUT_MS: "1000", DATABASE_NAME: stack.webhook.ctx.config.DATABASE_NAME });
    try {
      const ep = await stack.endpoint(user, "/replicas");
      stack.receiver.respond("/replicas", { status: 200, delayMs: 50 });
      const pings = await Promise.all(Array.from({ length: 12 }, () => stack.ping(user, ep.id)));
      const subject = `webhook.deliver.${stack.webhook.ctx.config.DATABASE_NAME}`;
      for (const p of pings) {
        for (let i = 0; i < 3; i++) await stack.webhook.ctx.js.publish(subject, JSON.stringify({ deliveryId: p.id, attempt: 1 }), { msgID: crypto.randomUUID() });
      }
      await stack.receiver.waitFor("/replicas", 12);
      await Bun.sleep(800);
      const ids = stack.receiver.at("/replicas").map((r) => r.headers["webhook-id"]);
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size).toBe(12);
      expect(await stack.count(sql`select count(*)::int as n from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id where d.endpoint_id = ${ep.id}`)).toBe(12);
    } finally {
      await replica.stop();
    }
  });

  test("first attempts go from the commit straight to the receiver; beyond the replica's room, through the queue", async () => {
    const queued = async () => (await (await stack.webhook.ctx.nc.jetstreamManager()).streams.info("WEBHOOK_DELIVERIES")).state.last_seq;
    const ep = await stack.endpoint(user, "/direct");
    stack.receiver.respond("/direct", { status: 200 });
    const before = await queued();
    const ping = await stack.ping(user, ep.id);
    await stack.receiver.waitFor("/direct", 1);
    await settled(ep.id, ping.id, 1);
    expect(await queued()).toBe(before);

    // One slot, room for four waiting: of twelve pings sent together, some must take the queue, and every one arrives once.
    const narrow: RunningWebhook = await startService(createWebhookService({ clock, random: () => 0.5 }), { ...stack.env, WEBHOOK_WORKER_CONCURRENCY: "1", WEBHOOK_DELIVERY_TIMEOUT_MS: "1000", DATABASE_NAME: stack.webhook.ctx.config.DATABASE_NAME });
    try {
      // Slow enough that the twelve requests all arrive while the first attempt is still running.
      stack.receiver.respond("/direct", { status: 200, delayMs: 400 });
      const res = await Promise.all(Array.from({ length: 12 }, () => fetch(`${narrow.url}/api/v1/webhooks/${ep.id}/test`, { method: "POST", headers: bearer(user.token) })));
      expect(res.map((r) => r.status)).toEqual(Array(12).fill(202));
      await stack.receiver.waitFor("/direct", 13);
      expect(await queued()).toBeGreaterThan(before);
      await Bun.sleep(500);
      const ids = stack.receiver.at("/direct").map((r) => r.headers["webhook-id"]);
      expect(new Set(ids).size).toBe(13);
    } finally {
      await narrow.stop();
    }
  });

  test("deliveries born claimed by a replica that stops before attempting them are given back and sent once", async () => {
    // An owner of one endpoint only, so the four events make four deliveries.
    const owner = await stack.user();
    const ep = await stack.endpoint(owner, "/handed-over", ["transaction.completed"]);
    stack.receiver.respond("/handed-over", { status: 200, delayMs: 300 });
    const ctx = stack.webhook.ctx;
    const guard = createTargetGuard({ allowPrivateTargets: true });
    const endpointStore = createEndpoints({ db: ctx.db, emit: ctx.emit, box: createSecretBox(stack.env.WEBHOOK_SECRET_KEY!), guard, clock, rotationOverlapMs: 3_600_000, maxPerUser: 20 });
    const queue = await openDeliveryQueue({ js: ctx.js, jsm: await ctx.nc.jetstreamManager(), partition: partitionOf(ctx.config.DATABASE_NAME!), ackWaitMs: 30_000, log: silent });
    // A second replica's worker with one slot, stopped while most of its deliveries wait.
    const worker = createDeliveryWorker({ db: ctx.db, queue, endpoints: endpointStore, guard, clock, random: () => 0.5, timeoutMs: 1_000, requeueGraceMs: 60_000, concurrency: 1, log: silent });
    const events = Array.from({ length: 4 }, (_, i) => ({
      id: Bun.randomUUIDv7(),
      type: "transaction.completed",
      occurredAt: clock.now().toISOString(),
      producer: "transactions",
      actorId: owner.id,
      subjectUserIds: [owner.id],
      traceparent: null,
      data: { transactionId: Bun.randomUUIDv7(), note: `handed over ${i}` },
    }));
    const { claimed, queued } = await ctx.db.transaction((tx) => createDeliveries({ db: ctx.db, clock, getEndpoint: endpointStore.get }).createForEvents(tx, events, worker.room()));
    expect(queued).toEqual([]);
    expect(claimed.map((c) => c.delivery.status)).toEqual(["SENDING", "SENDING", "SENDING", "SENDING"]);
    worker.attemptClaimed(claimed);
    await stack.receiver.waitFor("/handed-over", 1);
    await worker.stop();

    const ids = claimed.map((c) => c.delivery.id);
    await stack.receiver.waitFor("/handed-over", 4);
    await Bun.sleep(500);
    const sent = stack.receiver.at("/handed-over").map((r) => r.headers["webhook-id"]);
    expect(new Set(sent).size).toBe(4);
    expect(sent).toHaveLength(4);
    for (const id of ids) {
      // Given back before any attempt was made: the first attempt on record is number 1.
      const d = await eventually(async () => {
        const found = await stack.delivery(owner, ep.id, id);
        return found.attempts.length === 1 && found.status !== "SENDING" ? found : undefined;
      }, { what: `delivery ${id} recorded` });
      expect(d).toMatchObject({ status: "SUCCEEDED", attempt: 1 });
    }
  });

  test("a work item lost after commit, and an attempt abandoned by a dead worker, are picked up again", async () => {
    const ep = await stack.endpoint(user, "/lost");
    const ping = await stack.ping(user, ep.id);
    await settled(ep.id, ping.id, 1);
    const now = clock.now().toISOString();
    // As if a redelivery had committed but its publish never happened.
    await stack.webhook.ctx.db.execute(sql`update webhook_deliveries set status = 'PENDING', run_attempts = 0, next_attempt_at = ${now}::timestamptz, queued_at = ${now}::timestamptz - interval '1 hour' where id = ${ping.id}`);
    await stack.receiver.waitFor("/lost", 2);
    await settled(ep.id, ping.id, 2);
    // As if the worker had claimed attempt 3 and died.
    await stack.webhook.ctx.db.execute(sql`update webhook_deliveries set status = 'SENDING', attempt_count = 3, run_attempts = 1, lease_until = ${now}::timestamptz - interval '1 second', next_attempt_at = null where id = ${ping.id}`);
    await stack.receiver.waitFor("/lost", 3);
    const d = await settled(ep.id, ping.id, 3);
    expect(d.attempts.map((a: any) => a.attempt)).toEqual([1, 2, 4]);
    expect(d.status).toBe("SUCCEEDED");
  });

  test("an endpoint failing for five days is disabled and its owner told", async () => {
    const ep = await stack.endpoint(user, "/down");
    stack.receiver.respond("/down", { status: 500 });
    const first = await stack.ping(user, ep.id);
    await settled(ep.id, first.id, 1);
    clock.advance(DISABLE_AFTER_FAILING_MS - 60_000);
    const second = await stack.ping(user, ep.id);
    await eventually(async () => (await stack.delivery(user, ep.id, second.id)).attempts.length === 1, { what: "second ping attempted" });
    expect((await stack.call(user, "GET", `/${ep.id}`)).body.active).toBe(true);
    clock.advance(120_000);
    const endpoint = await eventually(async () => {
      const e = (await stack.call(user, "GET", `/${ep.id}`)).body;
      return e.active === false ? e : undefined;
    }, { what: "endpoint disabled after five days of failures" });
    expect(endpoint.disabledReason).toBe("FAILING");
    const events = await disabledEvents(ep.id);
    expect(events.map((e) => e.data.reason)).toEqual(["FAILING"]);
  });
});
