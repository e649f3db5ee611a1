/** A real transfer through the money mesh and the gateway, seen by both users in their feed, stream and inbox. */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { eventually } from "../../shared/testing/wait.ts";
import { getCaddy, type Gateway } from "../../tests/harness/infra.ts";
import { waitForMail } from "../../tests/harness/mail.ts";
import { startMoneyMesh, type MoneyMesh, type MoneyUser } from "../../tests/harness/money.ts";
import { openSse, startNotifications, type RunningNotifications, type SseClient } from "../../tests/harness/notifications.ts";
import { api, PREFIX } from "./test-support.ts";

setDefaultTimeout(120_000);

let mesh: MoneyMesh;
let notifications: RunningNotifications;
let gateway: Gateway;
let alice: MoneyUser;
let bob: MoneyUser;
const streams: SseClient[] = [];

const host = (url: string) => new URL(url).host;

beforeAll(async () => {
  mesh = await startMoneyMesh();
  notifications = await startNotifications({ jwksUrl: `${mesh.auth.url}/.well-known/jwks.json` });
  gateway = await getCaddy({ auth: host(mesh.auth.url), transactions: host(mesh.transactions.url), notifications: host(notifications.url) });
  [alice, bob] = await Promise.all([mesh.user({ balance: 20_000, name: "Alice Archer" }), mesh.user({ name: "Bob Baker" })]);
});

afterAll(async () => {
  for (const s of streams) s.close();
  await notifications?.stop();
  await mesh?.stop();
});

async function stream(user: MoneyUser, lastEventId?: string) {
  const s = await openSse(`${gateway.url}${PREFIX}/stream`, user.token, { lastEventId });
  streams.push(s);
  expect(s.status).toBe(200);
  await s.next((m) => m.event === "ready");
  return s;
}

/** A transfer as the browser makes it: through the gateway, with an Idempotency-Key. */
async function pay(from: MoneyUser, to: MoneyUser, amount: number, description: string) {
  const res = await mesh.call("POST", `${gateway.url}/api/v1/transactions/transfer`, from.token, { recipientId: to.id, amount, description }, { "idempotency-key": crypto.randomUUID() });
  expect(res.status).toBe(201);
  expect(res.body.status).toBe("COMPLETED");
  return res.body.id as string;
}

const isTransfer = (transactionId: string) => (m: { event: string; data: any }) => m.event === "notification" && m.data.data?.transactionId === transactionId;

test("both users are told: live on their streams, in their lists, and by e-mail", async () => {
  const [aliceStream, bobStream] = await Promise.all([stream(alice), stream(bob)]);
  const txnId = await pay(alice, bob, 25_00, "Concert");

  const sent = await aliceStream.next(isTransfer(txnId), { timeoutMs: 20_000 });
  expect(sent.data).toMatchObject({ userId: alice.id, type: "transaction.completed", title: "Transfer Sent", body: "You sent $25.00 to Bob Baker. “Concert”" });
  const received = await bobStream.next(isTransfer(txnId), { timeoutMs: 20_000 });
  expect(received.data).toMatchObject({ userId: bob.id, type: "transaction.completed", title: "Transfer Received", body: "You received $25.00 from Alice Archer. “Concert”" });
  expect(received.id).toBe(received.data.id);

  for (const [user, title] of [[alice, "Transfer Sent"], [bob, "Transfer Received"]] as const) {
    const list = await api(gateway.url, user.token, "GET", "?type=transaction.completed");
    expect(list.status).toBe(200);
    expect(list.body.items.filter((i: any) => i.data.transactionId === txnId).map((i: any) => i.title)).toEqual([title]);
  }
  // Alice's top-ups were announced too, and nobody sees the other's notifications.
  expect((await api(gateway.url, alice.token, "GET", "?type=transaction.topup_completed")).body.items.length).toBeGreaterThan(0);
  expect((await api(gateway.url, bob.token, "GET", "?limit=100")).body.items.every((i: any) => i.userId === bob.id)).toBe(true);

  expect((await waitForMail(alice.email, "Transfer Sent - $25.00", { timeoutMs: 20_000 })).text).toContain(txnId);
  expect((await waitForMail(bob.email, "Transfer Received - $25.00", { timeoutMs: 20_000 })).text).toContain("from Alice Archer");
});

test("after a dropped connection the stream replays exactly what was missed", async () => {
  const first = await stream(bob);
  const seenTxn = await pay(alice, bob, 1_00, "Coffee");
  const seen = await first.next(isTransfer(seenTxn), { timeoutMs: 20_000 });
  first.close();

  const missedTxns = [await pay(alice, bob, 2_00, "Bagel"), await pay(alice, bob, 3_00, "Juice")];
  await eventually(async () => {
    const list = await api(gateway.url, bob.token, "GET", "?type=transaction.completed&limit=10");
    return missedTxns.every((t) => list.body.items.some((i: any) => i.data.transactionId === t));
  }, { timeoutMs: 20_000, what: "missed notifications stored" });

  const resumed = await stream(bob, first.lastEventId());
  expect(first.lastEventId()).toBe(seen.id!);
  await resumed.next(isTransfer(missedTxns[1]!), { timeoutMs: 20_000 });
  const replayed = resumed.messages.filter((m) => m.event === "notification");
  expect(replayed.map((m) => m.data.data.transactionId)).toEqual(missedTxns);
  expect(replayed.map((m) => m.data.body)).toEqual(["You received $2.00 from Alice Archer. “Bagel”", "You received $3.00 from Alice Archer. “Juice”"]);
});
