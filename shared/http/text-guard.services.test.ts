/**
 * The text guard in front of real services: the requests that reached PostgreSQL with a NUL (and
 * failed there as 500) or stored a lone surrogate as U+FFFD are refused with 400 naming the field,
 * and nothing is written for them.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { sql } from "drizzle-orm";
import { startSocialStack, type SocialStack } from "../../services/social/test-support.ts";
import { startWebhookStack, type WebhookStack } from "../../services/webhook/test-support.ts";
import type { MoneyUser } from "../../tests/harness/money.ts";
import { bearer } from "../../tests/harness/users.ts";

setDefaultTimeout(60_000);

let stack: SocialStack;
let hooks: WebhookStack;
let alice: MoneyUser;
let bob: MoneyUser;

beforeAll(async () => {
  stack = await startSocialStack();
  hooks = await startWebhookStack({ auth: stack.mesh.auth });
  [alice, bob] = await Promise.all([stack.mesh.user({ balance: 10_000, name: "Alice" }), stack.mesh.user({ name: "Bob" })]);
}, 180_000);
afterAll(async () => {
  await hooks?.stop();
  await stack?.stop();
});

async function send(url: string, init: { method?: string; token?: string; body?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { ...(init.token ? bearer(init.token) : {}), ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
    body: init.body,
  });
  return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as any };
}

/** A 400 problem document that names exactly these fields. */
function expectRefused(res: { status: number; type: string | null; body: any }, fields: string[]) {
  expect(res.status).toBe(400);
  expect(res.type).toBe("application/problem+json");
  expect(res.body.code).toBe("INVALID_ARGUMENT");
  expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(fields);
}

const count = async (db: { execute: (q: ReturnType<typeof sql>) => Promise<unknown> }, query: ReturnType<typeof sql>) => {
  const [row] = (await db.execute(query)) as [{ n: number }];
  return row.n;
};

describe("a NUL or a lone surrogate is refused at the edge of every service", () => {
  test("transfer description: 400, no transaction, no money moved", async () => {
    const { mesh } = stack;
    const before = await count(mesh.transactions.ctx.db, sql`select count(*)::int as n from transactions`);
    const url = `${mesh.transactions.url}/api/v1/transactions/transfer`;
    const headers = () => ({ "idempotency-key": crypto.randomUUID() });
    expectRefused(await send(url, { token: alice.token, headers: headers(), body: JSON.stringify({ recipientId: bob.id, amount: 100, description: "lunch\u0000" }) }), ["description"]);
    // A lone surrogate used to be stored silently as U+FFFD.
    expectRefused(await send(url, { token: alice.token, headers: headers(), body: JSON.stringify({ recipientId: bob.id, amount: 100, description: "lunch \ud800" }) }), ["description"]);
    expect(await count(mesh.transactions.ctx.db, sql`select count(*)::int as n from transactions`)).toBe(before);
    expect((await mesh.balance(alice.id)).availableBalance).toBe(10_000);
  });

  test("register name and login e-mail: 400, no user", async () => {
    const { auth } = stack.mesh;
    const users = () => count(auth.ctx.db, sql`select count(*)::int as n from users`);
    const before = await users();
    expectRefused(await send(`${auth.url}/api/v1/auth/register`, { body: JSON.stringify({ email: `nul.${Date.now()}@example.com`, password: "a good pass 1", name: "Nu\u0000ll" }) }), ["name"]);
    expectRefused(await send(`${auth.url}/api/v1/auth/login`, { body: JSON.stringify({ email: `${alice.email}\u0000`, password: "whatever 1" }) }), ["email"]);
    expect(await users()).toBe(before);
  });

  test("query parameters: user search by e-mail and the transaction filter q", async () => {
    expectRefused(await send(`${stack.mesh.auth.url}/api/v1/auth/users/search?email=ali%00`, { token: alice.token }), ["query.email"]);
    expectRefused(await send(`${stack.mesh.transactions.url}/api/v1/transactions/?q=%00`, { token: alice.token }), ["query.q"]);
  });

  test("social: a contact id in the path, a money request note, a split title", async () => {
    const { social } = stack;
    expectRefused(await send(`${social.url}/api/v1/social/contacts/%00`, { method: "DELETE", token: alice.token }), ["path"]);
    const rows = () => count(social.ctx.db, sql`select ((select count(*) from money_requests) + (select count(*) from bill_splits))::int as n`);
    const before = await rows();
    expectRefused(await send(`${social.url}/api/v1/social/requests`, { token: alice.token, body: JSON.stringify({ recipientId: bob.id, amount: 500, note: "rent\u0000" }) }), ["note"]);
    expectRefused(await send(`${social.url}/api/v1/social/splits`, { token: alice.token, body: JSON.stringify({ title: "din\u0000ner", totalCents: 500, participants: [{ userId: bob.id, amountCents: 500 }] }) }), ["title"]);
    expect(await rows()).toBe(before);
  });

  test("webhook description: 400, no endpoint", async () => {
    const endpoints = () => count(hooks.webhook.ctx.db, sql`select count(*)::int as n from webhook_endpoints`);
    const before = await endpoints();
    const res = await send(`${hooks.webhook.url}/api/v1/webhooks/`, { token: alice.token, body: JSON.stringify({ url: `${hooks.receiver.url}/hook`, events: ["*"], description: "mine\u0000" }) });
    expectRefused(res, ["description"]);
    expect(await endpoints()).toBe(before);
  });
});
