/**
 * The API services behind the real gateway refuse an unsafe request signed in by the session
 * cookie unless it comes from the site itself (its Origin, or Sec-Fetch-Site: same-origin), as a
 * browser would send it when another site's page submits a form or fetches with credentials.
 * Safe methods and bearer-token calls are unaffected.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { createSocialService } from "../../services/social/main.ts";
import { createWebhookService } from "../../services/webhook/main.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { getCaddy, type Gateway } from "../harness/infra.ts";
import { startMoneyMesh, type MoneyMesh, type MoneyUser } from "../harness/money.ts";
import { startNotifications, type RunningNotifications } from "../harness/notifications.ts";
import { startService } from "../harness/services.ts";
import { bearer } from "../harness/users.ts";

setDefaultTimeout(60_000);

/** The public origin webhook is configured with, unlike the address the test reaches it at. */
const PUBLIC_ORIGIN = "https://mint.example";
const EVIL = "https://evil.example";

type Started = { url: string; port: number; stop(): Promise<void> };

let mesh: MoneyMesh;
let notifications: RunningNotifications;
let social: Started;
let webhook: Started;
let gateway: Gateway;
let alice: MoneyUser;
let bob: MoneyUser;

beforeAll(async () => {
  mesh = await startMoneyMesh();
  const jwks = { JWKS_URL: `${mesh.auth.url}/.well-known/jwks.json` };
  notifications = await startNotifications({ jwksUrl: jwks.JWKS_URL });
  [social, webhook] = (await Promise.all([
    startService(createSocialService(), jwks),
    startService(createWebhookService(), { ...jwks, WEBHOOK_ALLOW_PRIVATE_TARGETS: "true", PUBLIC_BASE_URL: PUBLIC_ORIGIN }),
  ])) as [Started, Started];
  const at = (s: { port: number }) => `127.0.0.1:${s.port}`;
  gateway = await getCaddy({
    auth: at(mesh.auth),
    wallet: at(mesh.wallet),
    transactions: at(mesh.transactions),
    notifications: at(notifications),
    webhook: at(webhook),
    social: at(social),
  });
  [alice, bob] = await Promise.all([mesh.user({ balance: 20_000, name: "Alice" }), mesh.user({ balance: 1_000, name: "Bob" })]);
}, 180_000);

afterAll(async () => {
  await Promise.allSettled([notifications?.stop(), social?.stop(), webhook?.stop()]);
  await mesh?.stop();
});

interface Sent {
  status: number;
  contentType: string | null;
  body: any;
}

async function send(path: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Sent> {
  const res = await fetch(`${gateway.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get("content-type"), body: text ? JSON.parse(text) : null };
}

/** As a browser sends it: the session cookie, plus whichever of Origin / Sec-Fetch-Site it sets. */
const withCookie = (user: MoneyUser, method: string, path: string, from: Record<string, string>, body?: unknown, extra: Record<string, string> = {}) =>
  send(path, {
    method,
    headers: { cookie: `access_token=${user.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...from, ...extra },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** What a page on another site can make a browser send: a bodiless form submission. */
const formPost = (user: MoneyUser, path: string, from: Record<string, string>) =>
  send(path, { method: "POST", headers: { cookie: `access_token=${user.token}`, "content-type": "application/x-www-form-urlencoded", ...from }, body: "" });

const withBearer = (user: MoneyUser, method: string, path: string, body?: unknown, extra: Record<string, string> = {}) =>
  send(path, { method, headers: { ...bearer(user.token), ...(body === undefined ? {} : { "content-type": "application/json" }), ...extra }, body: body === undefined ? undefined : JSON.stringify(body) });

const crossSite = {
  "another site's Origin": { origin: EVIL, "sec-fetch-site": "cross-site" },
  "Sec-Fetch-Site: cross-site without Origin": { "sec-fetch-site": "cross-site" },
  "a same-site sibling's Origin": { origin: "http://127.0.0.1:1", "sec-fetch-site": "same-site" },
  "neither header": {},
} as const;
const sameOrigin = () => ({ origin: gateway.url, "sec-fetch-site": "same-origin" });

function expectRefused(res: Sent): void {
  expect(res.status).toBe(403);
  expect(res.contentType).toBe("application/problem+json");
  expect(res.body.code).toBe("PERMISSION_DENIED");
  expect(res.body.detail).toContain("Cross-site request refused");
}

describe("cookie-authenticated unsafe requests through the gateway", () => {
  test("social: another site's form cannot accept a money request; the site's own page can", async () => {
    const ask = async () => {
      const res = await withBearer(alice, "POST", "/api/v1/social/requests", { recipientId: bob.id, amount: 300 });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const status = async (id: string) => (await withBearer(bob, "GET", `/api/v1/social/requests/${id}`)).body.status;
    const first = await ask();
    for (const [how, from] of Object.entries(crossSite)) {
      const res = await formPost(bob, `/api/v1/social/requests/${first}/accept`, from);
      expect(res.status, how).toBe(403);
      expectRefused(res);
    }
    expect(await status(first)).toBe("PENDING");

    expect((await formPost(bob, `/api/v1/social/requests/${first}/accept`, { origin: gateway.url })).status).toBe(201);
    expect(await status(first)).not.toBe("PENDING");
    const second = await ask();
    expect((await formPost(bob, `/api/v1/social/requests/${second}/accept`, { "sec-fetch-site": "same-origin" })).status).toBe(201);
    // Bob pays both; waiting for that keeps Alice's balance still for the next test.
    await eventually(async () => (await status(first)) === "PAID" && (await status(second)) === "PAID", { timeoutMs: 20_000, what: "both accepted requests paid" });
    const third = await ask();
    expect((await withBearer(bob, "POST", `/api/v1/social/requests/${third}/decline`)).status).toBe(201);
  });

  test("transactions: a cross-site transfer moves nothing; same-origin and bearer transfers go through", async () => {
    const before = await mesh.balance(alice.id);
    const transfer = (from: Record<string, string>) => withCookie(alice, "POST", "/api/v1/transactions/transfer", from, { recipientId: bob.id, amount: 150 }, { "idempotency-key": crypto.randomUUID() });
    expectRefused(await transfer(crossSite["another site's Origin"]));
    expectRefused(await transfer(crossSite["Sec-Fetch-Site: cross-site without Origin"]));
    expectRefused(await transfer(crossSite["neither header"]));
    expect((await mesh.balance(alice.id)).balance).toBe(before.balance);

    expect((await transfer(sameOrigin())).status).toBe(201);
    expect((await transfer({ "sec-fetch-site": "same-origin" })).status).toBe(201);
    const viaBearer = await withBearer(alice, "POST", "/api/v1/transactions/transfer", { recipientId: bob.id, amount: 150 }, { "idempotency-key": crypto.randomUUID() });
    expect(viaBearer.status).toBe(201);
    expect((await mesh.balance(alice.id)).balance).toBe(before.balance - 3 * 150);
  });

  test("webhook: cross-site creation and deletion are refused; the gateway's and the configured public origin are the site's", async () => {
    const list = async () => (await withBearer(alice, "GET", "/api/v1/webhooks/")).body as { id: string }[];
    const create = (from: Record<string, string>) => withCookie(alice, "POST", "/api/v1/webhooks/", from, { url: "http://127.0.0.1:9/hook", events: ["*"] });
    expectRefused(await create(crossSite["another site's Origin"]));
    expectRefused(await create(crossSite["Sec-Fetch-Site: cross-site without Origin"]));
    expect(await list()).toEqual([]);

    const own = await create({ origin: gateway.url });
    expect(own.status).toBe(201);
    expect((await create({ origin: PUBLIC_ORIGIN })).status).toBe(201);
    expect((await withBearer(alice, "POST", "/api/v1/webhooks/", { url: "http://127.0.0.1:9/hook", events: ["*"] })).status).toBe(201);
    expect(await list()).toHaveLength(3);

    expectRefused(await withCookie(alice, "DELETE", `/api/v1/webhooks/${own.body.id}`, { origin: EVIL }));
    expect((await list()).map((e) => e.id)).toContain(own.body.id);
    expect((await withCookie(alice, "DELETE", `/api/v1/webhooks/${own.body.id}`, sameOrigin())).status).toBe(200);
    expect(await list()).toHaveLength(2);
  });

  test("notifications: read-all from another site marks nothing read; from the site it does", async () => {
    const unread = async () => (await withBearer(bob, "GET", "/api/v1/notifications/unread-count")).body.count as number;
    const before = await eventually(async () => (await unread()) > 0 && unread(), { what: "an unread notification for Bob" });
    expectRefused(await formPost(bob, "/api/v1/notifications/read-all", crossSite["another site's Origin"]));
    expectRefused(await formPost(bob, "/api/v1/notifications/read-all", crossSite["Sec-Fetch-Site: cross-site without Origin"]));
    expect(await unread()).toBeGreaterThanOrEqual(before);

    expect((await formPost(bob, "/api/v1/notifications/read-all", sameOrigin())).status).toBe(200);
    expect(await unread()).toBe(0);
  });

  test("safe methods with the cookie pass from anywhere, the live stream included", async () => {
    const count = await withCookie(bob, "GET", "/api/v1/notifications/unread-count", crossSite["another site's Origin"]);
    expect(count.status).toBe(200);
    expect((await withCookie(alice, "GET", "/api/v1/webhooks/", crossSite["neither header"])).status).toBe(200);
    expect((await withCookie(alice, "GET", "/api/v1/transactions", crossSite["Sec-Fetch-Site: cross-site without Origin"])).status).toBe(200);

    const abort = new AbortController();
    const stream = await fetch(`${gateway.url}/api/v1/notifications/stream`, { headers: { cookie: `access_token=${bob.token}`, accept: "text/event-stream", "sec-fetch-site": "cross-site" }, signal: abort.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toStartWith("text/event-stream");
    abort.abort();
  });
});
