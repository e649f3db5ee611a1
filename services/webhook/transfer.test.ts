import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { sql } from "drizzle-orm";
import { eventually } from "../../shared/testing/wait.ts";
import { getCaddy } from "../../tests/harness/infra.ts";
import { bearer } from "../../tests/harness/users.ts";
import { startMoneyMesh, type MoneyMesh, type MoneyUser } from "../../tests/harness/money.ts";
import { verifyStandardWebhook, type ReceivedRequest } from "../../tests/harness/webhook.ts";
import { startWebhookStack, type WebhookStack } from "./test-support.ts";

setDefaultTimeout(120_000);

let mesh: MoneyMesh;
let stack: WebhookStack;
let alice: MoneyUser;
let bob: MoneyUser;
beforeAll(async () => {
  mesh = await startMoneyMesh();
  stack = await startWebhookStack({ auth: mesh.auth });
  [alice, bob] = await Promise.all([mesh.user({ balance: 20_000 }), mesh.user()]);
});
afterAll(async () => {
  await stack?.stop();
  await mesh?.stop();
});

const forTransaction = (path: string, transactionId: string) => stack.receiver.at(path).filter((r) => JSON.parse(r.body).data?.transactionId === transactionId);
const waitForTransaction = async (path: string, transactionId: string) => {
  return eventually(() => {
    const found = forTransaction(path, transactionId);
    return found.length ? found : undefined;
  }, { timeoutMs: 20_000, what: `delivery of ${transactionId} at ${path}` });
};

describe("a real transfer reaches both parties' endpoints, signed", () => {
  let aliceEndpoint: { id: string; secret: string };
  let bobEndpoint: { id: string; secret: string };
  let firstTransfer: string;

  test("sender and recipient each get one transaction.completed that verifies with their own secret", async () => {
    // Registered through the gateway, as a client would.
    const gateway = await getCaddy({ webhook: `127.0.0.1:${stack.webhook.port}` });
    const viaGateway = await fetch(`${gateway.url}/api/v1/webhooks`, {
      method: "POST",
      headers: { ...bearer(alice.token), "content-type": "application/json" },
      body: JSON.stringify({ url: `${stack.receiver.url}/alice`, events: ["transaction.completed"] }),
    });
    expect(viaGateway.status).toBe(201);
    aliceEndpoint = (await viaGateway.json()) as { id: string; secret: string };
    bobEndpoint = await stack.endpoint(bob, "/bob", ["transaction.completed"]);
    await stack.endpoint(bob, "/bob-frozen-only", ["wallet.frozen"]);

    const queued = async () => (await (await stack.webhook.ctx.nc.jetstreamManager()).streams.info("WEBHOOK_DELIVERIES")).state.last_seq;
    const queuedBefore = await queued();
    const res = await mesh.transfer(alice, { recipientId: bob.id, amount: 1_234, description: "Lunch" });
    expect(res.status).toBe(201);
    firstTransfer = res.body.id;

    const [toAlice] = await waitForTransaction("/alice", firstTransfer);
    const [toBob] = await waitForTransaction("/bob", firstTransfer);
    // The replica that consumed the event made the first attempts itself: nothing went through the queue.
    expect(await queued()).toBe(queuedBefore);
    const nowS = Math.floor(Date.now() / 1000);
    expect(await verifyStandardWebhook(aliceEndpoint.secret, toAlice!, { nowS })).toBe(true);
    expect(await verifyStandardWebhook(bobEndpoint.secret, toBob!, { nowS })).toBe(true);
    // Each endpoint's secret is its own.
    expect(await verifyStandardWebhook(aliceEndpoint.secret, toBob!)).toBe(false);

    for (const req of [toAlice!, toBob!] as ReceivedRequest[]) {
      const body = JSON.parse(req.body);
      expect(body).toEqual({ type: "transaction.completed", timestamp: expect.any(String), data: expect.objectContaining({ transactionId: firstTransfer, type: "TRANSFER", senderId: alice.id, recipientId: bob.id, amount: 1_234, currency: "USD", description: "Lunch" }) });
    }
    // The screening of Alice's payment is hers: Bob's endpoint does not get it.
    expect(JSON.parse(toAlice!.body).data).toMatchObject({ fraudDecision: "ALLOW", fraudScore: expect.any(Number) });
    expect(Object.keys(JSON.parse(toBob!.body).data)).not.toContain("fraudScore");
    expect(Object.keys(JSON.parse(toBob!.body).data)).not.toContain("fraudDecision");
    // One message, two receivers: the same webhook-id (each with what its owner may see).
    expect(toAlice!.headers["webhook-id"]).toBe(toBob!.headers["webhook-id"]);
    expect(stack.receiver.at("/bob-frozen-only")).toHaveLength(0);

    const log = await eventually(async () => {
      const res = await fetch(`${gateway.url}/api/v1/webhooks/${aliceEndpoint.id}/deliveries`, { headers: bearer(alice.token) });
      const body = (await res.json()) as { items: any[] };
      return body.items.find((d) => d.status === "SUCCEEDED" && `msg_${d.eventId}` === toAlice!.headers["webhook-id"]);
    }, { what: "delivery log through the gateway" });
    expect(log).toMatchObject({ eventType: "transaction.completed", attempt: 1, responseStatus: 200 });
  });

  test("a redelivered event makes no second delivery", async () => {
    const [row] = (await mesh.transactions.ctx.db.execute<{ envelope: any }>(
      sql`select envelope from outbox where type = 'transaction.completed' and envelope->'data'->>'transactionId' = ${firstTransfer}`,
    )) as unknown as [{ envelope: any }];
    expect(row).toBeDefined();
    // Published again under another message id, so JetStream's de-duplication does not catch it: only the inbox can.
    await stack.webhook.ctx.js.publish(`events.transaction.completed`, JSON.stringify(row.envelope), { msgID: crypto.randomUUID() });

    // A later transfer is handled after the duplicate (one ordered consumer), so once it has arrived the duplicate was seen.
    const second = await mesh.transfer(alice, { recipientId: bob.id, amount: 100 });
    expect(second.status).toBe(201);
    await waitForTransaction("/alice", second.body.id);
    await waitForTransaction("/bob", second.body.id);
    await Bun.sleep(300);

    expect(forTransaction("/alice", firstTransfer)).toHaveLength(1);
    expect(forTransaction("/bob", firstTransfer)).toHaveLength(1);
    expect(await stack.count(sql`select count(*)::int as n from webhook_deliveries where event_id = ${row.envelope.id}`)).toBe(2);
  });
});
