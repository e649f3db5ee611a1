import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { sql } from "drizzle-orm";
import { eventually } from "../../shared/testing/wait.ts";
import type { TestUser } from "../../tests/harness/users.ts";
import { verifyStandardWebhook } from "../../tests/harness/webhook.ts";
import { startWebhookStack, type WebhookStack } from "./test-support.ts";

setDefaultTimeout(60_000);

let stack: WebhookStack;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  stack = await startWebhookStack();
  [alice, bob] = await Promise.all([stack.user(), stack.user()]);
});
afterAll(() => stack.stop());

const outboxCount = (type: string, endpointId: string) => stack.count(sql`select count(*)::int as n from outbox where type = ${type} and envelope->'data'->>'endpointId' = ${endpointId}`);

describe("endpoints", () => {
  test("create shows the secret once; list and get never do", async () => {
    const created = await stack.call(alice, "POST", "", { url: `${stack.receiver.url}/a`, events: ["transaction.failed", "transaction.completed", "transaction.failed"], description: "  books  " });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: `${stack.receiver.url}/a`, events: ["transaction.completed", "transaction.failed"], description: "books", active: true, disabledReason: null });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const got = await stack.call(alice, "GET", `/${created.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).not.toHaveProperty("secret");
    const { secret: _secret, ...withoutSecret } = created.body;
    expect(got.body).toEqual(withoutSecret);

    const list = await stack.call(alice, "GET", "");
    expect(list.status).toBe(200);
    expect(list.body.map((e: any) => e.id)).toContain(created.body.id);
    expect(JSON.stringify(list.body)).not.toContain("whsec_");
    expect((await stack.call(alice, "GET", "/")).body).toEqual(list.body);

    // At rest the secret is encrypted.
    const [row] = (await stack.webhook.ctx.db.execute<{ secret_encrypted: string }>(sql`select secret_encrypted from webhook_endpoints where id = ${created.body.id}`)) as unknown as [{ secret_encrypted: string }];
    expect(row.secret_encrypted).not.toContain(created.body.secret.slice(6));
    expect(await outboxCount("webhook.endpoint_created", created.body.id)).toBe(1);
  });

  test("the list is the caller's only, newest first", async () => {
    const carol = await stack.user();
    const first = await stack.endpoint(carol, "/c1");
    const second = await stack.endpoint(carol, "/c2");
    await stack.endpoint(bob, "/b-only");
    const list = await stack.call(carol, "GET", "");
    expect(list.body.map((e: any) => e.id)).toEqual([second.id, first.id]);
  });

  test("another user's endpoint is 404 on every route, and stays untouched", async () => {
    const mine = await stack.endpoint(alice, "/mine");
    const ping = await stack.ping(alice, mine.id);
    const attempts = [
      stack.call(bob, "GET", `/${mine.id}`),
      stack.call(bob, "PATCH", `/${mine.id}`, { url: `${stack.receiver.url}/stolen` }),
      stack.call(bob, "DELETE", `/${mine.id}`),
      stack.call(bob, "POST", `/${mine.id}/rotate-secret`),
      stack.call(bob, "POST", `/${mine.id}/test`),
      stack.call(bob, "GET", `/${mine.id}/deliveries`),
      stack.call(bob, "GET", `/${mine.id}/deliveries/${ping.id}`),
      stack.call(bob, "POST", `/${mine.id}/deliveries/${ping.id}/redeliver`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expect(res.contentType).toBe("application/problem+json");
    }
    const after = await stack.call(alice, "GET", `/${mine.id}`);
    expect(after.body.url).toBe(mine.url);
    expect(await outboxCount("webhook.secret_rotated", mine.id)).toBe(0);
  });

  test("PATCH changes only url, events, description and active; anything else is refused by name", async () => {
    const ep = await stack.endpoint(alice, "/patch", ["transaction.completed"]);
    for (const field of ["userId", "user_id", "secret", "id", "secretEncrypted", "createdAt", "disabledReason"]) {
      const res = await stack.call(alice, "PATCH", `/${ep.id}`, { description: "x", [field]: field === "userId" ? bob.id : "x" });
      expect(res.status).toBe(400);
      expect(res.contentType).toBe("application/problem+json");
      expect(res.body.errors.map((e: any) => e.field)).toContain(field);
    }
    const unchanged = await stack.call(alice, "GET", `/${ep.id}`);
    expect(unchanged.body.description).toBeNull();
    expect((await stack.call(bob, "GET", `/${ep.id}`)).status).toBe(404);

    const res = await stack.call(alice, "PATCH", `/${ep.id}`, { url: `${stack.receiver.url}/patched`, events: ["*", "wallet.frozen"], description: "new", active: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ url: `${stack.receiver.url}/patched`, events: ["*"], description: "new", active: false, disabledReason: null });
    const cleared = await stack.call(alice, "PATCH", `/${ep.id}`, { description: null, active: true });
    expect(cleared.body).toMatchObject({ description: null, active: true });
  });

  test("DELETE removes the endpoint and its deliveries, and emits webhook.endpoint_deleted", async () => {
    const ep = await stack.endpoint(alice, "/delete-me");
    await stack.ping(alice, ep.id);
    const res = await stack.call(alice, "DELETE", `/${ep.id}`);
    expect(res).toMatchObject({ status: 200, body: { success: true } });
    expect((await stack.call(alice, "GET", `/${ep.id}`)).status).toBe(404);
    expect((await stack.call(alice, "DELETE", `/${ep.id}`)).status).toBe(404);
    expect(await stack.count(sql`select count(*)::int as n from webhook_deliveries where endpoint_id = ${ep.id}`)).toBe(0);
    expect(await outboxCount("webhook.endpoint_deleted", ep.id)).toBe(1);
  });

  test("a user has at most WEBHOOK_MAX_ENDPOINTS_PER_USER endpoints (20)", async () => {
    const dave = await stack.user();
    await Promise.all(Array.from({ length: 20 }, (_, i) => stack.endpoint(dave, `/many-${i}`)));
    const res = await stack.call(dave, "POST", "", { url: `${stack.receiver.url}/one-too-many`, events: ["*"] });
    expect(res.status).toBe(409);
    expect(res.contentType).toBe("application/problem+json");
    expect((await stack.call(dave, "GET", "")).body).toHaveLength(20);
  });
});

describe("bad input is a 4xx problem naming the field, and leaves nothing behind", () => {
  const url = () => `${stack.receiver.url}/bad`;
  const createCases: [string, () => unknown, number, string | null][] = [
    ["no body", () => undefined, 400, null],
    ["malformed JSON", () => "{not json", 400, null],
    ["an array", () => [], 400, null],
    ["missing url", () => ({ events: ["*"] }), 400, "url"],
    ["missing events", () => ({ url: url() }), 400, "events"],
    ["empty events", () => ({ url: url(), events: [] }), 400, "events"],
    ["unknown event type", () => ({ url: url(), events: ["transaction.exploded"] }), 400, "events.0"],
    ["a type nobody can subscribe to", () => ({ url: url(), events: ["auth.user_registered"] }), 400, "events.0"],
    ["events not a list", () => ({ url: url(), events: "*" }), 400, "events"],
    ["url not a string", () => ({ url: 42, events: ["*"] }), 400, "url"],
    ["url not a URL", () => ({ url: "not a url", events: ["*"] }), 400, "url"],
    ["ftp url", () => ({ url: "ftp://127.0.0.1/x", events: ["*"] }), 400, "url"],
    ["url with credentials", () => ({ url: `http://u:p@127.0.0.1:9/x`, events: ["*"] }), 400, "url"],
    ["url too long", () => ({ url: `${url()}/${"a".repeat(2100)}`, events: ["*"] }), 400, "url"],
    ["description too long", () => ({ url: url(), events: ["*"], description: "d".repeat(501) }), 400, "description"],
    ["unknown field", () => ({ url: url(), events: ["*"], userId: "someone-else" }), 400, "userId"],
    ["secret chosen by the client", () => ({ url: url(), events: ["*"], secret: "whsec_AAAA" }), 400, "secret"],
  ];
  test.each(createCases)("POST with %s", async (_name, body, status, field) => {
    const user = await stack.user();
    const res = await stack.call(user, "POST", "", body());
    expect(res.status).toBe(status);
    expect(res.contentType).toBe("application/problem+json");
    if (field) expect(res.body.errors.map((e: any) => e.field)).toContain(field);
    expect((await stack.call(user, "GET", "")).body).toEqual([]);
    expect(await stack.count(sql`select count(*)::int as n from outbox where envelope->>'actorId' = ${user.id}`)).toBe(0);
  });

  test("a body that is not JSON is 415", async () => {
    const res = await fetch(`${stack.webhook.url}/api/v1/webhooks`, { method: "POST", headers: { authorization: `Bearer ${alice.token}`, "content-type": "text/plain" }, body: "url=x" });
    expect(res.status).toBe(415);
  });

  test("every route needs a token", async () => {
    for (const [method, path] of [["GET", ""], ["POST", ""], ["GET", "/00000000-0000-7000-8000-000000000000"], ["POST", "/00000000-0000-7000-8000-000000000000/test"]] as const) {
      const res = await stack.call(null, method, path, method === "POST" ? { url: "http://127.0.0.1:9/x", events: ["*"] } : undefined);
      expect(res.status).toBe(401);
      expect(res.contentType).toBe("application/problem+json");
    }
  });

  test("PATCH: empty body, bad values, and ids that are not the caller's", async () => {
    const ep = await stack.endpoint(alice, "/patch-bad", ["transaction.completed"]);
    const cases: [unknown, number, string | null][] = [
      [{}, 400, null],
      [{ events: [] }, 400, "events"],
      [{ events: ["nope"] }, 400, "events.0"],
      [{ active: "yes" }, 400, "active"],
      [{ url: "gopher://x" }, 400, "url"],
      [{ description: 5 }, 400, "description"],
    ];
    for (const [body, status, field] of cases) {
      const res = await stack.call(alice, "PATCH", `/${ep.id}`, body);
      expect(res.status).toBe(status);
      expect(res.contentType).toBe("application/problem+json");
      if (field) expect(res.body.errors.map((e: any) => e.field)).toContain(field);
    }
    const after = (await stack.call(alice, "GET", `/${ep.id}`)).body;
    expect(after).toMatchObject({ url: ep.url, events: ["transaction.completed"], active: true, description: null });
    expect((await stack.call(alice, "PATCH", "/not-a-uuid", { active: false })).status).toBe(404);
    expect((await stack.call(alice, "PATCH", "/00000000-0000-7000-8000-000000000000", { active: false })).status).toBe(404);
  });

  test("deliveries: bad paging, unknown ids", async () => {
    const ep = await stack.endpoint(alice, "/deliveries-bad");
    for (const query of ["?limit=0", "?limit=101", "?limit=abc", "?cursor=xyz"]) {
      const res = await stack.call(alice, "GET", `/${ep.id}/deliveries${query}`);
      expect(res.status).toBe(400);
      expect(res.contentType).toBe("application/problem+json");
    }
    expect((await stack.call(alice, "GET", `/${ep.id}/deliveries/nope`)).status).toBe(404);
    expect((await stack.call(alice, "POST", `/${ep.id}/deliveries/00000000-0000-7000-8000-000000000000/redeliver`)).status).toBe(404);
    expect((await stack.call(alice, "POST", `/nope/test`)).status).toBe(404);
    expect((await stack.call(alice, "POST", `/nope/rotate-secret`)).status).toBe(404);
  });
});

describe("test event, signature, rotation, delivery log", () => {
  test("POST /:id/test sends a signed webhook.ping that a Standard Webhooks receiver verifies", async () => {
    const ep = await stack.endpoint(alice, "/ping");
    const ping = await stack.ping(alice, ep.id);
    const [req] = await stack.receiver.waitFor("/ping", 1);
    expect(req!.method).toBe("POST");
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(req!.headers["webhook-id"]).toBe(`msg_${ping.eventId}`);
    expect(await verifyStandardWebhook(ep.secret, req!, { nowS: Math.floor(Date.now() / 1000) })).toBe(true);
    expect(await verifyStandardWebhook(ep.secret, { ...req!, body: req!.body.replace("test", "tset") })).toBe(false);
    expect(JSON.parse(req!.body)).toEqual({ type: "webhook.ping", timestamp: expect.any(String), data: { endpointId: ep.id, message: expect.any(String) } });

    const log = await eventually(async () => {
      const res = await stack.call(alice, "GET", `/${ep.id}/deliveries`);
      return res.body.items[0]?.status === "SUCCEEDED" ? res.body : undefined;
    }, { what: "delivery logged as SUCCEEDED" });
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ id: ping.id, eventType: "webhook.ping", status: "SUCCEEDED", attempt: 1, responseStatus: 200, responseBody: "ok", nextAttemptAt: null, error: null });
    expect(log.items[0].durationMs).toBeGreaterThanOrEqual(0);
    const detail = await stack.delivery(alice, ep.id, ping.id);
    expect(detail.body).toBe(req!.body);
    expect(detail.attempts).toEqual([expect.objectContaining({ attempt: 1, succeeded: true, responseStatus: 200, responseBody: "ok" })]);
  });

  test("the response body is logged cut to its first 1 KB", async () => {
    const ep = await stack.endpoint(alice, "/big-answer");
    stack.receiver.respond("/big-answer", { status: 200, body: "x".repeat(5000) });
    const ping = await stack.ping(alice, ep.id);
    const d = await eventually(async () => {
      const r = await stack.delivery(alice, ep.id, ping.id);
      return r.status === "SUCCEEDED" ? r : undefined;
    }, { what: "big answer logged" });
    expect(d.responseBody).toBe("x".repeat(1024));
  });

  test("after a rotation both secrets verify for the overlap; the old one alone is not the only signature", async () => {
    const ep = await stack.endpoint(alice, "/rotate");
    const rotated = await stack.call(alice, "POST", `/${ep.id}/rotate-secret`);
    expect(rotated.status).toBe(201);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(ep.secret);
    const expires = new Date(rotated.body.previousSecretExpiresAt).getTime();
    expect(Math.abs(expires - Date.now() - 24 * 3_600_000)).toBeLessThan(60_000);

    await stack.ping(alice, ep.id);
    const [req] = await stack.receiver.waitFor("/rotate", 1);
    expect(req!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(await verifyStandardWebhook(rotated.body.secret, req!)).toBe(true);
    expect(await verifyStandardWebhook(ep.secret, req!)).toBe(true);
    expect(await verifyStandardWebhook("whsec_" + Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64"), req!)).toBe(false);
    expect(await outboxCount("webhook.secret_rotated", ep.id)).toBe(1);
  });

  test("redeliver sends a finished delivery again with the same webhook-id", async () => {
    const ep = await stack.endpoint(alice, "/again");
    const ping = await stack.ping(alice, ep.id);
    const [first] = await stack.receiver.waitFor("/again", 1);
    await eventually(async () => (await stack.delivery(alice, ep.id, ping.id)).status === "SUCCEEDED", { what: "first attempt done" });
    const res = await stack.call(alice, "POST", `/${ep.id}/deliveries/${ping.id}/redeliver`);
    expect(res.status).toBe(202);
    expect(res.body.status).toBe("PENDING");
    const [, second] = await stack.receiver.waitFor("/again", 2);
    expect(second!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    expect(second!.body).toBe(first!.body);
    const d = await eventually(async () => {
      const r = await stack.delivery(alice, ep.id, ping.id);
      return r.status === "SUCCEEDED" && r.attempts.length === 2 ? r : undefined;
    }, { what: "second attempt logged" });
    expect(d.attempt).toBe(2);
  });

  test("a disabled endpoint gets no test event (409)", async () => {
    const ep = await stack.endpoint(alice, "/off");
    await stack.call(alice, "PATCH", `/${ep.id}`, { active: false });
    const res = await stack.call(alice, "POST", `/${ep.id}/test`);
    expect(res.status).toBe(409);
    expect(await stack.count(sql`select count(*)::int as n from webhook_deliveries where endpoint_id = ${ep.id}`)).toBe(0);
  });

  test("the delivery log pages newest first", async () => {
    const ep = await stack.endpoint(alice, "/pages");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await stack.ping(alice, ep.id)).id);
    const first = await stack.call(alice, "GET", `/${ep.id}/deliveries?limit=2`);
    expect(first.body.items.map((d: any) => d.id)).toEqual([ids[2], ids[1]]);
    const second = await stack.call(alice, "GET", `/${ep.id}/deliveries?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((d: any) => d.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
  });
});
