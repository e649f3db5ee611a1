import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { users } from "../auth/db/schema.ts";
import { signUp, type TestUser } from "../../tests/harness/users.ts";
import { call, outboxEvents, rowCount, startContactsStack } from "./test-support.ts";

setDefaultTimeout(60_000);

let stack: Awaited<ReturnType<typeof startContactsStack>>;
beforeAll(async () => {
  stack = await startContactsStack();
});
afterAll(() => stack.stop());

const api = (method: string, path: string, user: TestUser | null, body?: unknown) => call(stack.social.url, method, `/contacts${path}`, user, body);
const person = (name = "Contact Person") => signUp(stack.auth.url, { name });

describe("adding contacts", () => {
  test("by user id: the contact comes back with name and e-mail, and fraud is told", async () => {
    const [alice, bob] = await Promise.all([person("Alice"), person("Bob")]);
    const res = await api("POST", "", alice, { contactId: bob.id });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), ownerId: alice.id, contactId: bob.id, name: "Bob", email: bob.email, createdAt: expect.any(String) });
    const events = await outboxEvents(stack.social, "social.contact_added", "ownerId", alice.id);
    expect(events.map((e) => e.data)).toEqual([{ ownerId: alice.id, contactId: bob.id }]);
    expect(events[0]).toMatchObject({ actorId: alice.id, subjectUserIds: [alice.id] });
  });

  test("by e-mail address, in any letter case", async () => {
    const [alice, bob] = await Promise.all([person(), person("Bob")]);
    const res = await api("POST", "", alice, { email: bob.email.toUpperCase() });
    expect(res.status).toBe(201);
    expect(res.body.contactId).toBe(bob.id);
  });

  test("yourself, by id or by e-mail: 400 naming the field", async () => {
    const alice = await person();
    const byId = await api("POST", "", alice, { contactId: alice.id });
    expect(byId.status).toBe(400);
    expect(byId.body.errors).toEqual([{ field: "contactId", message: "must be another user" }]);
    const byEmail = await api("POST", "", alice, { email: alice.email });
    expect(byEmail.status).toBe(400);
    expect(byEmail.body.errors).toEqual([{ field: "email", message: "must be another user" }]);
    expect(await rowCount(stack.social, "contacts", sql`owner_id = ${alice.id}`)).toBe(0);
  });

  test("twice: 409, one row, one event", async () => {
    const [alice, bob] = await Promise.all([person(), person()]);
    const results = await Promise.all([api("POST", "", alice, { contactId: bob.id }), api("POST", "", alice, { contactId: bob.id })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body).toMatchObject({ code: "CONFLICT", detail: "Contact already exists" });
    expect(await rowCount(stack.social, "contacts", sql`owner_id = ${alice.id}`)).toBe(1);
    expect(await outboxEvents(stack.social, "social.contact_added", "ownerId", alice.id)).toHaveLength(1);
  });

  test("someone who does not exist: 404 naming the field, nothing stored", async () => {
    const alice = await person();
    const byId = await api("POST", "", alice, { contactId: Bun.randomUUIDv7() });
    expect(byId.status).toBe(404);
    expect(byId.body.errors).toEqual([{ field: "contactId", message: "no such user" }]);
    const byEmail = await api("POST", "", alice, { email: "nobody.at.all@example.com" });
    expect(byEmail.status).toBe(404);
    expect(byEmail.body.errors[0].field).toBe("email");
    expect(await rowCount(stack.social, "contacts", sql`owner_id = ${alice.id}`)).toBe(0);
  });

  test("a closed account: 409", async () => {
    const [alice, bob] = await Promise.all([person(), person()]);
    await stack.auth.ctx.db.update(users).set({ isActive: false }).where(eq(users.id, bob.id));
    const res = await api("POST", "", alice, { contactId: bob.id });
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([{ field: "contactId", message: "account is not active" }]);
  });
});

describe("listing and removing", () => {
  test("a user sees only their own contacts, newest first, page by page", async () => {
    const [alice, eve, ...others] = await Promise.all([person(), person(), person("C1"), person("C2"), person("C3")]);
    for (const o of others) expect((await api("POST", "", alice, { contactId: o.id })).status).toBe(201);
    expect((await api("POST", "", eve, { contactId: others[0]!.id })).status).toBe(201);

    const first = await api("GET", "?limit=2", alice);
    expect(first.status).toBe(200);
    expect(first.body.items.map((c: any) => c.name)).toEqual(["C3", "C2"]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api("GET", `?limit=2&cursor=${first.body.nextCursor}`, alice);
    expect(second.body.items.map((c: any) => c.name)).toEqual(["C1"]);
    expect(second.body.nextCursor).toBeNull();

    const evesList = await api("GET", "", eve);
    expect(evesList.body.items.map((c: any) => c.contactId)).toEqual([others[0]!.id]);
  });

  test("removing by the contact's user id; again, or someone else's, is 404", async () => {
    const [alice, bob, eve] = await Promise.all([person(), person(), person()]);
    await api("POST", "", alice, { contactId: bob.id });
    // Eve cannot remove Alice's contact, even knowing both ids.
    expect((await api("DELETE", `/${bob.id}`, eve)).status).toBe(404);
    expect(await rowCount(stack.social, "contacts", sql`owner_id = ${alice.id}`)).toBe(1);

    const res = await api("DELETE", `/${bob.id.toUpperCase()}`, alice);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect((await api("GET", "", alice)).body.items).toEqual([]);
    const removed = await outboxEvents(stack.social, "social.contact_removed", "ownerId", alice.id);
    expect(removed.map((e) => e.data)).toEqual([{ ownerId: alice.id, contactId: bob.id }]);

    const again = await api("DELETE", `/${bob.id}`, alice);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: "NOT_FOUND", detail: "Contact not found" });
    expect(again.headers.get("content-type")).toContain("application/problem+json");
  });
});

describe("bad input gets a problem naming the field, and leaves nothing behind", () => {
  let alice: TestUser;
  let bob: TestUser;
  beforeAll(async () => {
    [alice, bob] = await Promise.all([person(), person()]);
  });

  const cases: [string, () => [string, string, unknown?], number, string | null][] = [
    ["no body", () => ["POST", ""], 400, null],
    ["malformed JSON", () => ["POST", "", "{"], 400, null],
    ["an array", () => ["POST", "", []], 400, null],
    ["neither id nor e-mail", () => ["POST", "", {}], 400, "contactId"],
    ["both id and e-mail", () => ["POST", "", { contactId: bob.id, email: bob.email }], 400, "contactId"],
    ["an id that is no UUID", () => ["POST", "", { contactId: "bob" }], 400, "contactId"],
    ["an id of the wrong type", () => ["POST", "", { contactId: 42 }], 400, "contactId"],
    ["no e-mail address", () => ["POST", "", { email: "not-an-address" }], 400, "email"],
    ["an unknown field", () => ["POST", "", { contactId: bob.id, nickname: "B" }], 400, "nickname"],
    ["limit 0", () => ["GET", "?limit=0"], 400, "limit"],
    ["limit above 100", () => ["GET", "?limit=101"], 400, "limit"],
    ["limit not a number", () => ["GET", "?limit=ten"], 400, "limit"],
    ["a forged cursor", () => ["GET", "?cursor=abc"], 400, "cursor"],
  ];

  for (const [name, make, status, field] of cases) {
    test(name, async () => {
      const [method, path, body] = make();
      const res = await api(method, path, alice, body);
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      if (field) expect(res.body.errors.map((e: any) => e.field)).toContain(field);
      expect(await rowCount(stack.social, "contacts", sql`owner_id = ${alice.id}`)).toBe(0);
    });
  }

  test("no token: 401 on every route", async () => {
    for (const [method, path] of [["GET", ""], ["POST", ""], ["DELETE", `/${bob.id}`]] as const) {
      const res = await api(method, path, null, method === "POST" ? { contactId: bob.id } : undefined);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  test("a body that is not JSON: 415", async () => {
    const res = await fetch(`${stack.social.url}/api/v1/social/contacts`, { method: "POST", headers: { authorization: `Bearer ${alice.token}`, "content-type": "text/plain" }, body: bob.id });
    expect(res.status).toBe(415);
  });
});
