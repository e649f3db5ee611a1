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
    expect((await patch(`/users/${user.user.id}/role`, user.access_token, { role: "ADMIN" })).status).toBe(403);
  });

  test("create-admin makes an admin who can sign in at once and manage roles", async () => {
    const email = freshEmail("ops");
    const output = await createAdmin(email, "admin pass 1");
    expect(output).toContain("Created admin");
    const token = await signIn(email, "admin pass 1");
    const me = (await (await get("/me", token)).json()) as { role: string; email_verified: boolean };
    expect(me).toMatchObject({ role: "ADMIN", email_verified: true });

    const target = await registerUser(auth.url);
    const fetched = await get(`/users/${target.user.id}`, token);
    expect(await fetched.json()).toMatchObject({ id: target.user.id, role: "USER", is_active: true });
    const promoted = await patch(`/users/${target.user.id}/role`, token, { role: "ADMIN" });
    expect(await promoted.json()).toEqual({ userId: target.user.id, role: "ADMIN" });
    const [event] = await auth.ctx.db.execute<{ envelope: any }>(sql`select envelope from outbox where type = 'auth.role_changed' and envelope->'data'->>'userId' = ${target.user.id}`);
    expect(event!.envelope.actorId).not.toBeNull();
    expect(event!.envelope.data).toMatchObject({ role: "ADMIN", previousRole: "USER" });
    // The role claim follows the database at the next refresh.
    const refreshed = await fetch(`${auth.url}/api/v1/auth/refresh`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ refresh_token: target.refresh_token }) });
    const access = ((await refreshed.json()) as { access_token: string }).access_token;
    expect(JSON.parse(Buffer.from(access.split(".")[1]!, "base64url").toString()).role).toBe("ADMIN");

    expect((await patch(`/users/${target.user.id}/role`, token, { role: "ROOT" })).status).toBe(400);
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
