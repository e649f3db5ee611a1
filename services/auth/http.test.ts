import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { freshEmail, registerUser, startAuth, type RunningAuth } from "../../tests/harness/auth.ts";

let auth: RunningAuth;
beforeAll(async () => {
  auth = await startAuth();
});
afterAll(() => auth.stop());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${auth.url}/api/v1/auth${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

async function userCount(): Promise<number> {
  const [row] = await auth.ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from users`);
  return row!.n;
}

describe("register", () => {
  test("creates the user, signs in, sets HttpOnly cookies and writes the event", async () => {
    const email = freshEmail("Mixed.Case").replace("mixed", "MiXeD");
    const res = await post("/register", { email, password: "passw0rd!", name: "Ann Lee" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, any>;
    expect(body.token_type).toBe("bearer");
    expect(body.expires_in).toBe(900);
    expect(body.user).toMatchObject({ email: email.toLowerCase(), name: "Ann Lee", email_verified: false, role: "USER" });
    const cookies = res.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith("access_token="))).toMatch(/HttpOnly/);
    expect(cookies.find((c) => c.startsWith("refresh_token="))).toMatch(/SameSite=Lax/);
    const [event] = await auth.ctx.db.execute<{ type: string; envelope: any }>(sql`select type, envelope from outbox where envelope->'data'->>'userId' = ${body.user.id}`);
    expect(event!.type).toBe("auth.user_registered");
    expect(event!.envelope.data.email).toBe(email.toLowerCase());
  });

  test("the same e-mail in another case is a 409 naming the field", async () => {
    const { email } = await registerUser(auth.url);
    const res = await post("/register", { email: email.toUpperCase(), password: "passw0rd!" });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await res.json()) as Record<string, any>;
    expect(problem.code).toBe("CONFLICT");
    expect(problem.errors[0].field).toBe("email");
  });

  test("unicode names and passwords are fine", async () => {
    const res = await post("/register", { email: freshEmail(), password: "Zürich2026€", name: "Zoë 山田" });
    expect(res.status).toBe(201);
    expect(((await res.json()) as any).user.name).toBe("Zoë 山田");
  });
});

describe("bad input never yields a 500 and leaves nothing behind", () => {
  const cases: [string, unknown, number, string?][] = [
    ["missing everything", {}, 400, "email"],
    ["missing password", { email: "a@b.co" }, 400, "password"],
    ["e-mail of the wrong type", { email: 42, password: "passw0rd" }, 400, "email"],
    ["password of the wrong type", { email: "a@b.co", password: ["passw0rd"] }, 400, "password"],
    ["not an e-mail", { email: "not-an-email", password: "passw0rd" }, 400, "email"],
    ["SQL-looking e-mail", { email: "x'; drop table users; --@b.co", password: "passw0rd" }, 400, "email"],
    ["password too short", { email: "a@b.co", password: "abc1" }, 400, "password"],
    ["password without digit", { email: "a@b.co", password: "abcdefghij" }, 400, "password"],
    ["password too long", { email: "a@b.co", password: "a1".repeat(100) }, 400, "password"],
    ["name too long", { email: "a@b.co", password: "passw0rd", name: "n".repeat(101) }, 400, "name"],
    ["a JSON array", [1, 2], 400],
    ["a JSON string", '"hello"', 400],
    ["malformed JSON", "{email:", 400],
  ];
  for (const [what, body, status, field] of cases) {
    test(what, async () => {
      const before = await userCount();
      const res = await post("/register", body);
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const problem = (await res.json()) as Record<string, any>;
      expect(problem.status).toBe(status);
      expect(typeof problem.detail).toBe("string");
      if (field) expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await userCount()).toBe(before);
    });
  }

  test("a 1 MB body is refused with 413", async () => {
    const res = await post("/register", { email: "a@b.co", password: "passw0rd", name: "x".repeat(1024 * 1024) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).code).toBe("INVALID_ARGUMENT");
  });

  test("a wrong content type is refused with 415", async () => {
    const res = await fetch(`${auth.url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "text/plain" }, body: "email=a" });
    expect(res.status).toBe(415);
  });

  test("unknown routes are 404 problems", async () => {
    const res = await fetch(`${auth.url}/api/v1/auth/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("login, me and logout", () => {
  test("login accepts the e-mail in any case and /me answers from the bearer token or the cookie", async () => {
    const { email, password } = await registerUser(auth.url, { name: "Bo" });
    const res = await post("/login", { email: email.toUpperCase(), password });
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    const viaHeader = await fetch(`${auth.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(await viaHeader.json()).toMatchObject({ email, name: "Bo", role: "USER", email_verified: false });
    const viaCookie = await fetch(`${auth.url}/api/v1/auth/me`, { headers: { cookie: `access_token=${access_token}` } });
    expect(viaCookie.status).toBe(200);
  });

  test("wrong password and unknown e-mail get the same 401", async () => {
    const { email } = await registerUser(auth.url);
    const wrong = await post("/login", { email, password: "wrong-passw0rd" }, { "x-forwarded-for": "198.51.100.10" });
    const unknown = await post("/login", { email: freshEmail("nobody"), password: "wrong-passw0rd" }, { "x-forwarded-for": "198.51.100.10" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(((await wrong.json()) as any).detail).toBe(((await unknown.json()) as any).detail);
  });

  test("/me without a token is 401", async () => {
    const res = await fetch(`${auth.url}/api/v1/auth/me`);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe("Bearer");
  });

  test("logout revokes the refresh family and clears the cookies", async () => {
    const { refresh_token } = await registerUser(auth.url);
    const out = await post("/logout", { refresh_token });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().some((c) => c.startsWith("refresh_token=;") || /refresh_token=.*Max-Age=0/.test(c))).toBe(true);
    expect((await post("/refresh", { refresh_token })).status).toBe(401);
  });
});

describe("PATCH /me: a user changes their own name", () => {
  const patchMe = (token: string | undefined, body: unknown) =>
    fetch(`${auth.url}/api/v1/auth/me`, {
      method: "PATCH",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
  const profileEvents = async (userId: string) =>
    (await auth.ctx.db.execute<{ envelope: any }>(sql`select envelope from outbox where type = 'auth.profile_updated' and envelope->'data'->>'userId' = ${userId} order by id`)).map((r) => r.envelope);
  const storedName = async (userId: string) => {
    const [row] = await auth.ctx.db.execute<{ name: string | null }>(sql`select name from users where id = ${userId}`);
    return row!.name;
  };

  test("stores the name (spaces tidied), answers the user, announces it once, and the next tokens carry it", async () => {
    const { access_token, refresh_token, user } = await registerUser(auth.url, { name: "Ann Lee" });
    const res = await patchMe(access_token, { name: "  Ann   Marie Lee " });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: user.id, name: "Ann Marie Lee", role: "USER" });
    const me = await fetch(`${auth.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(((await me.json()) as any).name).toBe("Ann Marie Lee");

    const refreshed = (await (await post("/refresh", { refresh_token })).json()) as { access_token: string };
    expect(claimsOf(refreshed.access_token).name).toBe("Ann Marie Lee");

    // The same name again changes nothing and announces nothing.
    expect((await patchMe(access_token, { name: "Ann Marie Lee" })).status).toBe(200);
    const events = await profileEvents(user.id);
    expect(events.map((e) => e.data)).toEqual([{ userId: user.id, name: "Ann Marie Lee", previousName: "Ann Lee" }]);
    expect(events[0].actorId).toBe(user.id);
  });

  const bad: [string, unknown, string | undefined][] = [
    ["no name", {}, "name"],
    ["an empty name", { name: "   " }, "name"],
    ["a name over 100 characters", { name: "n".repeat(101) }, "name"],
    ["a name that is not text", { name: 42 }, "name"],
    ["a name with a control character", { name: "Ann\u0000Lee" }, "name"],
    ["a role alongside the name", { name: "Mallory", role: "ADMIN" }, "role"],
    ["an e-mail alongside the name", { name: "Mallory", email: "mallory@example.com" }, "email"],
    ["a JSON array", [{ name: "x" }], undefined],
    ["malformed JSON", "{name:", undefined],
  ];
  for (const [what, body, field] of bad) {
    test(`${what} is a 400 problem${field ? ` naming ${field}` : ""}, and nothing changes`, async () => {
      const { access_token, user } = await registerUser(auth.url, { name: "Kept Name" });
      const res = await patchMe(access_token, body);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const problem = (await res.json()) as any;
      if (field) expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await storedName(user.id)).toBe("Kept Name");
      const [row] = await auth.ctx.db.execute<{ role: string; email: string }>(sql`select role, email from users where id = ${user.id}`);
      expect(row!.role).toBe("USER");
      expect(row!.email).toBe(user.email);
      expect(await profileEvents(user.id)).toEqual([]);
    });
  }

  test("without a token it is a 401", async () => {
    const res = await patchMe(undefined, { name: "Nobody" });
    expect(res.status).toBe(401);
  });
});
