/**
 * What one transfer and one money request set off, seen through the gateway as users see it: the
 * money path plus every event consumer (notifications, audit, analytics, webhook, social) running
 * against the same NATS, each on its own database, behind one Caddy.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { sql } from "drizzle-orm";
import { createAnalyticsService } from "../../services/analytics/main.ts";
import { service as auditService } from "../../services/audit/main.ts";
import { createSocialService } from "../../services/social/main.ts";
import { createWebhookService } from "../../services/webhook/main.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { getCaddy, type Gateway } from "../harness/infra.ts";
import { startMoneyMesh, type MoneyMesh, type MoneyUser } from "../harness/money.ts";
import { openSse, startNotifications, type RunningNotifications, type SseClient } from "../harness/notifications.ts";
import { startService } from "../harness/services.ts";
import { bearer } from "../harness/users.ts";
import { startReceiver, verifyStandardWebhook, type Receiver } from "../harness/webhook.ts";

setDefaultTimeout(60_000);

type Started = { url: string; port: number; stop(): Promise<void>; ctx: { db: any } };

let mesh: MoneyMesh;
let notifications: RunningNotifications;
let audit: Started;
let others: Started[] = [];
let gateway: Gateway;
let receiver: Receiver;
let alice: MoneyUser;
let bob: MoneyUser;
const streams: SseClient[] = [];

beforeAll(async () => {
  mesh = await startMoneyMesh();
  const jwks = { JWKS_URL: `${mesh.auth.url}/.well-known/jwks.json` };
  receiver = await startReceiver();
  notifications = await startNotifications({ jwksUrl: jwks.JWKS_URL });
  audit = (await startService(auditService, jwks)) as Started;
  const [analytics, webhook, social] = (await Promise.all([
    startService(createAnalyticsService(), jwks),
    startService(createWebhookService(), { ...jwks, WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" }),
    startService(createSocialService(), jwks),
  ])) as Started[];
  others = [analytics!, webhook!, social!];
  const at = (s: { port: number }) => `127.0.0.1:${s.port}`;
  gateway = await getCaddy({
    auth: at(mesh.auth),
    wallet: at(mesh.wallet),
    transactions: at(mesh.transactions),
    notifications: at(notifications),
    analytics: at(analytics!),
    webhook: at(webhook!),
    social: at(social!),
  });
  [alice, bob] = await Promise.all([mesh.user({ balance: 50_000, name: "Alice" }), mesh.user({ balance: 1_000, name: "Bob" })]);
}, 180_000);

afterAll(async () => {
  streams.forEach((s) => s.close());
  await receiver?.stop();
  await Promise.allSettled([notifications?.stop(), audit?.stop(), ...others.map((s) => s.stop())]);
  await mesh?.stop();
});

async function api(user: MoneyUser, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { ...bearer(user.token), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const stream = async (user: MoneyUser, lastEventId?: string) => {
  const s = await openSse(`${gateway.url}/api/v1/notifications/stream`, user.token, { lastEventId });
  streams.push(s);
  return s;
};
const about = (transactionId: string) => (m: { event: string; data: any }) => m.event === "notification" && m.data?.data?.transactionId === transactionId;

describe("one transfer through the gateway", () => {
  const traceId = "0af7651916cd43dd8448eb211c80319c";
  let transactionId: string;
  let aliceStream: SseClient;
  let bobStream: SseClient;
  let bobLastSeen: string | undefined;
  let endpoints: Record<string, { secret: string }>;

  test("is made with SSE streams open and webhook endpoints registered", async () => {
    endpoints = {};
    for (const [user, path] of [[alice, "/alice"], [bob, "/bob"]] as const) {
      const created = await api(user, "POST", "/api/v1/webhooks", { url: `${receiver.url}${path}`, events: ["transaction.completed"] });
      expect(created.status).toBe(201);
      expect(created.body.secret).toStartWith("whsec_");
      endpoints[path] = created.body;
    }
    // Bob was connected earlier (his last notification: the top-up) and went offline; he comes
    // back with Last-Event-ID below. Alice stays connected.
    bobStream = await stream(bob);
    await bobStream.next((m) => m.event === "ready");
    bobLastSeen = (await api(bob, "GET", "/api/v1/notifications/?limit=1")).body.items[0]?.id;
    bobStream.close();
    await bobStream.ended;
    aliceStream = await stream(alice);
    await aliceStream.next((m) => m.event === "ready");

    const res = await api(alice, "POST", "/api/v1/transactions/transfer", { recipientId: bob.id, amount: 2_500, description: "Pizza night", merchant: "Luigi's" }, {
      "idempotency-key": crypto.randomUUID(),
      traceparent: `00-${traceId}-b7ad6b7169203331-01`,
    });
    expect(res.status).toBe(201);
    transactionId = res.body.id;
  });

  test("both users are notified: live for the sender, replayed after reconnecting for the recipient", async () => {
    const live = await aliceStream.next(about(transactionId));
    expect(live.data.userId).toBe(alice.id);
    const resumed = await stream(bob, bobLastSeen);
    const replayed = await resumed.next(about(transactionId));
    expect(replayed.data.userId).toBe(bob.id);
    expect(replayed.id).toBeTruthy();
    const listed = await api(bob, "GET", "/api/v1/notifications/");
    expect(listed.status).toBe(200);
    expect(listed.body.items.filter((n: any) => n.data?.transactionId === transactionId).length).toBe(1);
  });

  test("the sender's spending is in analytics; the recipient spent nothing", async () => {
    const month = new Date().toISOString().slice(0, 7);
    const spent = await eventually(async () => {
      const r = await api(alice, "GET", `/api/v1/analytics/summary?month=${month}`);
      return r.body?.totalSpend >= 2_500 ? r.body : undefined;
    }, { what: "sender's summary" });
    expect(spent.transactionCount).toBeGreaterThanOrEqual(1);
    const bobs = await api(bob, "GET", `/api/v1/analytics/summary?month=${month}`);
    expect(bobs.body.totalSpend).toBe(0);
    expect(bobs.body.totalReceived).toBeGreaterThanOrEqual(2_500);
  });

  test("each party's endpoint gets one delivery, verifiable with the Standard Webhooks algorithm", async () => {
    for (const path of ["/alice", "/bob"]) {
      // Only this transfer's: a set-up top-up's event may reach the endpoint too if it was handled after registration.
      const ofThisTransfer = () => receiver.at(path).filter((r) => JSON.parse(r.body).data?.transactionId === transactionId);
      const [delivery] = await eventually(async () => (ofThisTransfer().length > 0 ? ofThisTransfer() : undefined), { timeoutMs: 20_000, what: `delivery at ${path}` });
      await Bun.sleep(300);
      expect(ofThisTransfer()).toHaveLength(1);
      expect(await verifyStandardWebhook(endpoints[path]!.secret, delivery!, { nowS: Math.floor(Date.now() / 1000) })).toBe(true);
    }
  });

  test("the audit log has one row per event of the transfer, each with the transfer's trace id", async () => {
    const rows = await eventually(async () => {
      const found = await audit.ctx.db.execute(sql`select type, trace_id from audit_log where payload->>'transactionId' = ${transactionId} order by seq`);
      return found.length >= 4 ? [...found] : undefined;
    }, { what: "audit rows" });
    expect(rows.map((r: any) => r.type).sort()).toEqual(["transaction.completed", "transaction.created", "wallet.balance_changed", "wallet.balance_changed"]);
    expect(new Set(rows.map((r: any) => r.trace_id))).toEqual(new Set([traceId]));
  });
});

describe("a money request through the gateway", () => {
  test("accepted → paid by a real transfer, and both users hear how it ended", async () => {
    const requested = await api(bob, "POST", "/api/v1/social/requests", { recipientId: alice.id, amount: 1_500, note: "Concert ticket" });
    expect(requested.status).toBe(201);
    const accepted = await api(alice, "POST", `/api/v1/social/requests/${requested.body.id}/accept`);
    expect(accepted.status).toBe(201);
    const paid = await eventually(async () => {
      const r = await api(bob, "GET", `/api/v1/social/requests/${requested.body.id}`);
      return r.body?.status === "PAID" ? r.body : undefined;
    }, { what: "request paid" });
    const txn = await api(alice, "GET", `/api/v1/transactions/${paid.transactionId}`);
    expect(txn.body).toMatchObject({ status: "COMPLETED", type: "REQUEST_PAYMENT", requestId: requested.body.id, senderId: alice.id, recipientId: bob.id, amount: 1_500 });
    for (const user of [alice, bob]) {
      await eventually(async () => {
        const list = await api(user, "GET", "/api/v1/notifications/?type=social.money_request_paid");
        return list.body?.items?.some((n: any) => n.data?.requestId === requested.body.id);
      }, { what: `${user.email} told the request was paid` });
    }
  });
});
