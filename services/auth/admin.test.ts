import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect, type NatsConnection } from "nats";
import { sql } from "drizzle-orm";
import { authContract } from "../../proto-like-schemas/auth.ts";
import { rpcClient } from "../../shared/rpc/client.ts";
import { freshEmail, registerUser, startAuth, type RunningAuth } from "../../tests/harness/auth.ts";
import { getInfra } from "../../tests/harness/infra.ts";

let auth: RunningAuth;
let nc: NatsConnection;
beforeAll(async () => {
  auth = await startAuth();
  nc = await connect({ servers: (await getInfra()).natsUrl });
});
afterAll(async () => {
  await auth.stop();
  await nc.close();
});

const get = (path: string, token: string) => fetch(`${auth.url}/api/v1/auth${path}`, { headers: { authorization: `Bearer ${token}` } });
const patch = (path: string, token: string, body: unknown) =>
  fetch(`${auth.url}/api/v1/auth${path}`, { method: "PATCH", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });

/** An admin made the way create-admin does (in the database), as an id. */
async function adminUser(name = "Admin"): Promise<{ id: string; email: string }> {
  const r = await registerUser(auth.url, { name });
  await auth.ctx.db.execute(sql`update users set role = 'ADMIN' where id = ${r.user.id}`);
  return { id: r.user.id, email: r.email };
}

/** Runs the real CLI, as an operator would, against the test database. */
async function createAdmin(email: string, password: string): Promise<string> {
  const proc = Bun.spawn(["bun", "services/auth/scripts/create-admin.ts", "--email", email, "--password", password, "--name", "Ops"], {
    env: { ...process.env, POSTGRES_URL: auth.ctx.config.POSTGRES_URL, DATABASE_NAME: auth.ctx.config.DATABASE_NAME, LOG_LEVEL: "error" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = [await new Response(proc.stdout).text(), await new Response(proc.stderr).text(), await proc.exited];
  if (code !== 0) throw new Error(`create-admin failed: ${err}`);
  return out;
}

async function signIn(email: string, password: string): Promise<string> {
  const res = await fetch(`${auth.url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

describe("user search", () => {
  test("matches an e-mail prefix case-insensitively, excludes the caller, returns minimal fields", async () => {
    const tag = `srch${Date.now().toString(36)}`;
    const caller = await registerUser(auth.url, { email: `${tag}.me@example.com` });
    const other = await registerUser(auth.url, { email: `${tag}.you@example.com`, name: "You" });
    const res = await get(`/users/search?email=${tag.toUpperCase()}`, caller.access_token);
    const found = (await res.json()) as { id: string; email: string; name: string }[];
    expect(found).toEqual([{ id: other.user.id, email: other.user.email, name: "You" }]);
  });

  test("wildcards are literal and short prefixes are refused", async () => {
    const caller = await registerUser(auth.url);
    expect((await get("/users/search?email=%25", caller.access_token)).status).toBe(400);
    const wild = await get(`/users/search?email=${encodeURIComponent("___")}`, caller.access_token);
    expect(await wild.json()).toEqual([]);
    const pct = await get(`/users/search?email=${encodeURIComponent("%%%")}`, caller.access_token);
    expect(await pct.json()).toEqual([]);
  });

  test("needs a token", async () => {
    expect((await fetch(`${auth.url}/api/v1/auth/users/search?email=abc`)).status).toBe(401);
  });
});

describe("admin endpoints and create-admin", () => {
  test("a USER gets 403 on admin routes", async () => {
    const user = await registerUser(auth.url);
    expect((await get(`/users/${user.user.id}`, user.access_token)).status).toBe(403);
  });

  test("roles are not changed over HTTP here: the admin service does it, under dual control", async () => {
    const admin = await adminUser();
    const token = await signIn(admin.email, "correct horse 1");
    const target = await registerUser(auth.url);
    expect((await patch(`/users/${target.user.id}/role`, token, { role: "ADMIN" })).status).toBe(404);
    expect((await rpcClient(nc, authContract).getUser({ userId: target.user.id })).role).toBe("USER");
  });

  test("create-admin makes an admin who can sign in at once", async () => {
    const email = freshEmail("ops");
    const output = await createAdmin(email, "admin pass 1");
    expect(output).toContain("Created admin");
    const token = await signIn(email, "admin pass 1");
    const me = (await (await get("/me", token)).json()) as { role: string; email_verified: boolean };
    expect(me).toMatchObject({ role: "ADMIN", email_verified: true });

    const target = await registerUser(auth.url);
    const fetched = await get(`/users/${target.user.id}`, token);
    expect(await fetched.json()).toMatchObject({ id: target.user.id, role: "USER", is_active: true });
    expect((await get(`/users/${crypto.randomUUID()}`, token)).status).toBe(404);
    expect((await get("/users/not-a-uuid", token)).status).toBe(400);
  });

  test("create-admin promotes an existing user", async () => {
    const user = await registerUser(auth.url);
    expect(await createAdmin(user.email, "new admin pw 2")).toContain("Promoted admin");
    const token = await signIn(user.email, "new admin pw 2");
    expect(((await (await get("/me", token)).json()) as { role: string }).role).toBe("ADMIN");
  });
});

describe("RPC", () => {
  const client = () => rpcClient(nc, authContract);

  test("setRole: an admin promotes; the event names the admin; the claim follows at the next refresh; a repeat changes nothing", async () => {
    const admin = await adminUser();
    const target = await registerUser(auth.url);
    const promoted = await client().setRole({ userId: target.user.id, role: "ADMIN", adminId: admin.id });
    expect(promoted).toMatchObject({ user: { id: target.user.id, role: "ADMIN" }, previousRole: "USER", changed: true });
    const again = await client().setRole({ userId: target.user.id, role: "ADMIN", adminId: admin.id });
    expect(again).toMatchObject({ changed: false, previousRole: "ADMIN", changedAt: promoted.changedAt });
    const events = await auth.ctx.db.execute<{ envelope: any }>(sql`select envelope from outbox where type = 'auth.role_changed' and envelope->'data'->>'userId' = ${target.user.id}`);
    expect(events).toHaveLength(1);
    expect(events[0]!.envelope).toMatchObject({ actorId: admin.id, data: { role: "ADMIN", previousRole: "USER", changedBy: admin.id } });
    const refreshed = await fetch(`${auth.url}/api/v1/auth/refresh`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ refresh_token: target.refresh_token }) });
    const access = ((await refreshed.json()) as { access_token: string }).access_token;
    expect(JSON.parse(Buffer.from(access.split(".")[1]!, "base64url").toString()).role).toBe("ADMIN");
  });

  test("setRole refuses a change of one's own role, a caller who is not an active admin, and unknown users", async () => {
    const admin = await adminUser();
    const user = await registerUser(auth.url);
    await expect(client().setRole({ userId: admin.id, role: "USER", adminId: admin.id })).rejects.toMatchObject({ code: "FAILED_PRECONDITION" });
    await expect(client().setRole({ userId: admin.id, role: "USER", adminId: user.user.id })).rejects.toMatchObject({ code: "PERMISSION_DENIED" });
    await expect(client().setRole({ userId: crypto.randomUUID(), role: "ADMIN", adminId: admin.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(client().setRole({ userId: "not-a-uuid", role: "ADMIN", adminId: admin.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await client().getUser({ userId: admin.id })).role).toBe("ADMIN");
  });

  test("setRole: two admins demoting each other at once leave one admin, never none", async () => {
    // Only these two are active admins: every other admin of this database is deactivated for the test.
    await auth.ctx.db.execute(sql`update users set is_active = false where role = 'ADMIN'`);
    const [a, b] = [await adminUser("A"), await adminUser("B")];
    const results = await Promise.allSettled([
      client().setRole({ userId: b.id, role: "USER", adminId: a.id }),
      client().setRole({ userId: a.id, role: "USER", adminId: b.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: expect.stringMatching(/^(FAILED_PRECONDITION|PERMISSION_DENIED)$/) });
    expect((await client().countUsers({})).admins).toBe(1);
    // The one left is the last admin: the only one who could demote them is themself, which is refused.
    const left = (await client().getUser({ userId: a.id })).role === "ADMIN" ? a : b;
    await expect(client().setRole({ userId: left.id, role: "USER", adminId: left.id })).rejects.toMatchObject({ code: "FAILED_PRECONDITION" });
    await auth.ctx.db.execute(sql`update users set is_active = true where role = 'ADMIN'`);
  });

  test("searchUsers: e-mail prefix or the start of a word of the name, case-insensitive, paged by e-mail; countUsers", async () => {
    const tag = `dir${Date.now().toString(36)}`;
    const made = [];
    for (const [local, name] of [["ann", "Ann Zephyr"], ["bob", "Bob Zephyrine"], ["cat", "Cat Other"]] as const) {
      made.push(await registerUser(auth.url, { email: `${tag}.${local}@example.com`, name: `${name} ${tag}` }));
    }
    const byPrefix = await client().searchUsers({ query: tag.toUpperCase(), limit: 2 });
    expect(byPrefix.items.map((u) => u.email)).toEqual([made[0]!.email, made[1]!.email]);
    expect(byPrefix.items[0]).toMatchObject({ id: made[0]!.user.id, role: "USER", isActive: true, createdAt: expect.any(String) });
    const next = await client().searchUsers({ query: tag, limit: 2, cursor: byPrefix.nextCursor! });
    expect(next).toEqual({ items: [expect.objectContaining({ email: made[2]!.email })], nextCursor: null });
    const byName = await client().searchUsers({ query: "zephyr" });
    expect(byName.items.map((u) => u.id)).toEqual(expect.arrayContaining([made[0]!.user.id, made[1]!.user.id]));
    expect(byName.items.map((u) => u.id)).not.toContain(made[2]!.user.id);
    expect((await client().searchUsers({ query: "ephyr" })).items.map((u) => u.id)).not.toContain(made[0]!.user.id);
    expect((await client().searchUsers({ query: "%" })).items).toEqual([]);
    await expect(client().searchUsers({ query: tag, cursor: "bogus" })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    const everyone = await client().searchUsers({ query: "", limit: 100 });
    expect(everyone.items.length).toBeGreaterThanOrEqual(3);
    const counts = await client().countUsers({});
    expect(counts.total).toBeGreaterThanOrEqual(3);
    expect(counts.active).toBeLessThanOrEqual(counts.total);
  });

  test("getUser, getUsers and findUserByEmail", async () => {
    const client = rpcClient(nc, authContract);
    const a = await registerUser(auth.url, { name: "Ay" });
    const b = await registerUser(auth.url);
    expect(await client.getUser({ userId: a.user.id })).toMatchObject({ id: a.user.id, name: "Ay", role: "USER", isActive: true });
    const { users } = await client.getUsers({ userIds: [a.user.id, b.user.id, "nonsense"] });
    expect(users.map((u) => u.id).sort()).toEqual([a.user.id, b.user.id].sort());
    expect((await client.findUserByEmail({ email: a.email.toUpperCase() })).user?.id).toBe(a.user.id);
    await expect(client.getUser({ userId: crypto.randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
