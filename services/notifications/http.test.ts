import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { TestUser } from "../../tests/harness/users.ts";
import { api, handled, publishEvent, startNotificationsStack, type NotificationsStack } from "./test-support.ts";

setDefaultTimeout(60_000);

let stack: NotificationsStack;
let ann: TestUser;
let ben: TestUser;
let annBase: number;

/** A top-up notification for the user, through the real consumer. */
async function topup(user: TestUser, amount: number) {
  const e = await publishEvent(stack.nc, "transaction.completed", {
    transactionId: Bun.randomUUIDv7(), type: "TOPUP", senderId: user.id, recipientId: null, amount, currency: "USD", requestId: null, splitId: null,
    description: null, merchant: null, category: null, fraudDecision: null, fraudScore: null, completedAt: new Date().toISOString(),
  }, { subjectUserIds: [user.id], actorId: user.id });
  return (await handled(stack.notifications, e.id))[0]!;
}

beforeAll(async () => {
  stack = await startNotificationsStack();
  [ann, ben] = await Promise.all([stack.user("Ann"), stack.user("Ben")]);
  for (const amount of [100, 200, 300, 400, 500]) await topup(ann, amount);
  await topup(ben, 999);
  annBase = 6; // welcome + five top-ups
});

afterAll(async () => {
  await stack?.stop();
});

const n = () => stack.notifications.url;

describe("the feed", () => {
  test("newest first, a page at a time, nothing lost or repeated", async () => {
    const all = await api(n(), ann.token, "GET", "?limit=100");
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(annBase);
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.items.map((i: any) => i.id)).toEqual([...all.body.items.map((i: any) => i.id)].sort().reverse());
    expect(all.body.items[0]).toMatchObject({ userId: ann.id, type: "transaction.topup_completed", title: "Funds Added", body: "$5.00 was added to your wallet.", read: false, readAt: null });
    expect(all.body.items.at(-1)).toMatchObject({ type: "auth.user_registered", title: "Welcome to Mint!" });
    expect(typeof all.body.items[0].occurredAt).toBe("string");

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api(n(), ann.token, "GET", `?limit=4${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.body.items.map((i: any) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((i: any) => i.id));
  });

  test("filters by type and by read state; never shows another user's", async () => {
    const topups = await api(n(), ann.token, "GET", "?type=transaction.topup_completed");
    expect(topups.body.items).toHaveLength(5);
    const welcome = await api(n(), ann.token, "GET", "?type=auth.user_registered");
    expect(welcome.body.items).toHaveLength(1);
    const unknown = await api(n(), ann.token, "GET", "?type=kyc.tier_upgraded");
    expect(unknown.body.items).toEqual([]);
    const bens = await api(n(), ben.token, "GET", "");
    expect(bens.body.items.every((i: any) => i.userId === ben.id)).toBe(true);
    expect(bens.body.items).toHaveLength(2);
  });
});

describe("read state", () => {
  test("one read, unread count, idempotent re-read, read-all", async () => {
    const user = await stack.user("Cleo");
    const a = await topup(user, 1_00);
    await topup(user, 2_00);
    expect((await api(n(), user.token, "GET", "/unread-count")).body).toEqual({ count: 3 });

    const read = await api(n(), user.token, "POST", `/${a.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: a.id, read: true });
    expect(typeof read.body.readAt).toBe("string");
    expect((await api(n(), user.token, "GET", "/unread-count")).body).toEqual({ count: 2 });

    await Bun.sleep(20);
    const again = await api(n(), user.token, "POST", `/${a.id}/read`);
    expect(again.status).toBe(200);
    expect(again.body.readAt).toBe(read.body.readAt);

    const unread = await api(n(), user.token, "GET", "?unread=true");
    expect(unread.body.items.map((i: any) => i.id)).not.toContain(a.id);
    expect(unread.body.items).toHaveLength(2);
    const readOnly = await api(n(), user.token, "GET", "?unread=false");
    expect(readOnly.body.items.map((i: any) => i.id)).toEqual([a.id]);

    const all = await api(n(), user.token, "POST", "/read-all");
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ success: true, updated: 2 });
    expect((await api(n(), user.token, "GET", "/unread-count")).body).toEqual({ count: 0 });
    expect((await api(n(), user.token, "POST", "/read-all")).body).toEqual({ success: true, updated: 0 });
  });

  test("another user's notification is 404 and stays unread; read-all touches only the caller's", async () => {
    const bens = await api(n(), ben.token, "GET", "?unread=true");
    const target = bens.body.items[0].id;
    const res = await api(n(), ann.token, "POST", `/${target}/read`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toStartWith("application/problem+json");
    expect(res.body.detail).toBe("Notification not found");
    expect((await api(n(), ann.token, "POST", `/${Bun.randomUUIDv7()}/read`)).status).toBe(404);

    const before = (await api(n(), ben.token, "GET", "/unread-count")).body.count;
    await api(n(), ann.token, "POST", "/read-all");
    expect((await api(n(), ben.token, "GET", "/unread-count")).body.count).toBe(before);
    expect(before).toBeGreaterThan(0);
  });
});

describe("preferences", () => {
  test("e-mail is on by default and can be turned off and on", async () => {
    const user = await stack.user("Dee");
    expect((await api(n(), user.token, "GET", "/preferences")).body).toEqual({ emailEnabled: true });
    const off = await api(n(), user.token, "PUT", "/preferences", { emailEnabled: false });
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ emailEnabled: false });
    expect((await api(n(), user.token, "GET", "/preferences")).body).toEqual({ emailEnabled: false });
    expect((await api(n(), ann.token, "GET", "/preferences")).body).toEqual({ emailEnabled: true });
    expect((await api(n(), user.token, "PUT", "/preferences", { emailEnabled: true })).body).toEqual({ emailEnabled: true });
  });
});

test("the API describes itself", async () => {
  const res = await fetch(`${n()}/openapi.json`);
  expect(res.status).toBe(200);
  const doc = (await res.json()) as { paths: Record<string, unknown> };
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/notifications", "/api/v1/notifications/unread-count", "/api/v1/notifications/read-all", "/api/v1/notifications/preferences", "/api/v1/notifications/stream", "/api/v1/notifications/{id}/read"]));
});

describe("refusals", () => {
  test.each([
    ["GET", ""],
    ["GET", "/unread-count"],
    ["POST", "/read-all"],
    ["GET", "/preferences"],
    ["PUT", "/preferences"],
    ["GET", "/stream"],
    ["POST", `/${Bun.randomUUIDv7()}/read`],
  ])("%s %s without a token is 401", async (method, path) => {
    const res = await fetch(`${n()}/api/v1/notifications${path}`, { method });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toStartWith("application/problem+json");
    const bad = await fetch(`${n()}/api/v1/notifications${path}`, { method, headers: { authorization: "Bearer not-a-token" } });
    expect(bad.status).toBe(401);
  });

  const bad: [string, string, string, unknown, string, number?, Record<string, string>?][] = [
    ["cursor not issued here", "GET", "?cursor=abc", undefined, "cursor"],
    ["cursor with bad characters", "GET", "?cursor=%24%24%24", undefined, "cursor"],
    ["cursor too long", "GET", `?cursor=${"a".repeat(300)}`, undefined, "cursor"],
    ["limit zero", "GET", "?limit=0", undefined, "limit"],
    ["limit too big", "GET", "?limit=101", undefined, "limit"],
    ["limit not a number", "GET", "?limit=ten", undefined, "limit"],
    ["limit fractional", "GET", "?limit=2.5", undefined, "limit"],
    ["unread not a boolean", "GET", "?unread=maybe", undefined, "unread"],
    ["type malformed", "GET", "?type=DROP%20TABLE", undefined, "type"],
    ["type too long", "GET", `?type=a.${"b".repeat(70)}`, undefined, "type"],
    ["id not a uuid", "POST", "/123/read", undefined, "id"],
    ["id with sql", "POST", "/'%20or%201=1/read", undefined, "id"],
    ["preferences without the field", "PUT", "/preferences", {}, "emailEnabled"],
    ["preferences with a string", "PUT", "/preferences", { emailEnabled: "false" }, "emailEnabled"],
    ["preferences with null", "PUT", "/preferences", { emailEnabled: null }, "emailEnabled"],
    ["preferences with an unknown field", "PUT", "/preferences", { emailEnabled: false, sms: true }, "sms"],
    ["preferences as an array", "PUT", "/preferences", [false], "(root)"],
    ["preferences malformed JSON", "PUT", "/preferences", "{\"emailEnabled\":", ""],
    ["preferences as text", "PUT", "/preferences", "emailEnabled=false", "", 415, { "content-type": "text/plain" }],
    ["Last-Event-ID not an id", "GET", "/stream", undefined, "Last-Event-ID", 400, { "last-event-id": "yesterday" }],
  ];

  test.each(bad)("%s → 4xx problem naming the field, nothing changed", async (_name, method, path, body, field, status = 400, headers = {}) => {
    const before = { unread: (await api(n(), ann.token, "GET", "/unread-count")).body.count, prefs: (await api(n(), ann.token, "GET", "/preferences")).body };
    const res = await api(n(), ann.token, method, path, body, headers);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toStartWith("application/problem+json");
    expect(res.body.status).toBe(status);
    if (field) expect(res.body.errors.map((e: any) => e.field)).toContain(field);
    expect((await api(n(), ann.token, "GET", "/unread-count")).body.count).toBe(before.unread);
    expect((await api(n(), ann.token, "GET", "/preferences")).body).toEqual(before.prefs);
  });
});
