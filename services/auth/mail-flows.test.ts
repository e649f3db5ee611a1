import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { freshEmail, registerUser, startAuth, type RunningAuth } from "../../tests/harness/auth.ts";
import { tokenFromMail, waitForMail } from "../../tests/harness/mail.ts";

let auth: RunningAuth;
beforeAll(async () => {
  auth = await startAuth();
});
afterAll(() => auth.stop());

const api = (path: string, init: { body?: unknown; token?: string; method?: string } = {}) =>
  fetch(`${auth.url}/api/v1/auth${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { "content-type": "application/json", ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

const eventsFor = async (userId: string) =>
  (await auth.ctx.db.execute<{ type: string }>(sql`select type from outbox where envelope->'data'->>'userId' = ${userId} order by id`)).map((r) => r.type);

describe("e-mail verification", () => {
  test("the link in the mail goes to the web page and verifies once", async () => {
    const user = await registerUser(auth.url);
    const mail = await waitForMail(user.email, "Verify your e-mail");
    const { url, token } = tokenFromMail(mail, "/verify-email");
    expect(url.startsWith("http://localhost:8080/verify-email?token=")).toBe(true);

    expect((await api("/verify-email", { body: { token } })).status).toBe(200);
    const me = (await (await api("/me", { token: user.access_token })).json()) as { email_verified: boolean };
    expect(me.email_verified).toBe(true);
    expect(await eventsFor(user.user.id)).toEqual(["auth.user_registered", "auth.user_verified"]);
    await waitForMail(user.email, "Welcome to Mint");

    const again = await api("/verify-email", { body: { token } });
    expect(again.status).toBe(400);
    expect(((await again.json()) as any).errors[0].field).toBe("token");
  });

  test("GET with the token works too, and a bogus token is a 400", async () => {
    const user = await registerUser(auth.url);
    const { token } = tokenFromMail(await waitForMail(user.email, "Verify your e-mail"), "/verify-email");
    expect((await api(`/verify-email?token=${encodeURIComponent(token)}`)).status).toBe(200);
    expect((await api("/verify-email?token=bogus")).status).toBe(400);
  });

  test("resend sends a new link, invalidates the old one, and is limited to one a minute", async () => {
    const user = await registerUser(auth.url);
    const first = tokenFromMail(await waitForMail(user.email, "Verify your e-mail"), "/verify-email").token;
    expect((await api("/request-verify-email", { token: user.access_token, method: "POST" })).status).toBe(200);
    const second = tokenFromMail(await waitForMail(user.email, "Verify your e-mail", { after: 1 }), "/verify-email").token;
    expect(second).not.toBe(first);
    const tooSoon = await api("/request-verify-email", { token: user.access_token, method: "POST" });
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.headers.get("retry-after")).toBe("60");
    expect((await api("/verify-email", { body: { token: first } })).status).toBe(400);
    expect((await api("/verify-email", { body: { token: second } })).status).toBe(200);
  });
});

describe("password reset", () => {
  test("forgot → mail → reset page link → new password works, old one and old sessions do not", async () => {
    const user = await registerUser(auth.url);
    const res = await api("/forgot-password", { body: { email: user.email.toUpperCase() } });
    expect(await res.json()).toEqual({ message: "If the email exists, a reset link has been sent" });
    const { url, token } = tokenFromMail(await waitForMail(user.email, "Reset your Mint password"), "/reset-password");
    expect(url.startsWith("http://localhost:8080/reset-password?token=")).toBe(true);

    const weak = await api("/reset-password", { body: { token, new_password: "short" } });
    expect(weak.status).toBe(400);
    expect(((await weak.json()) as any).errors[0].field).toBe("new_password");

    expect((await api("/reset-password", { body: { token, new_password: "brand new 2" } })).status).toBe(200);
    expect((await api("/login", { body: { email: user.email, password: user.password } })).status).toBe(401);
    expect((await api("/login", { body: { email: user.email, password: "brand new 2" } })).status).toBe(200);
    expect((await api("/refresh", { body: { refresh_token: user.refresh_token } })).status).toBe(401);
    expect((await api("/reset-password", { body: { token, new_password: "another 3x" } })).status).toBe(400);
    expect(await eventsFor(user.user.id)).toContain("auth.password_changed");
    await waitForMail(user.email, "password was changed");
  });

  test("an unknown address gets the same answer and no mail", async () => {
    const email = freshEmail("ghost");
    const res = await api("/forgot-password", { body: { email } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ message: "If the email exists, a reset link has been sent" });
  });
});

describe("change password", () => {
  test("needs the current password, signs out other sessions and issues new tokens", async () => {
    const user = await registerUser(auth.url);
    const wrong = await api("/account/change-password", { token: user.access_token, body: { current_password: "nope nope 1", new_password: "changed pw 9" } });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as any).errors[0].field).toBe("current_password");
    const weak = await api("/account/change-password", { token: user.access_token, body: { current_password: user.password, new_password: "weak" } });
    expect(((await weak.json()) as any).errors[0].field).toBe("new_password");

    const ok = await api("/account/change-password", { token: user.access_token, body: { current_password: user.password, new_password: "changed pw 9" } });
    expect(ok.status).toBe(200);
    const fresh = (await ok.json()) as { refresh_token: string };
    expect((await api("/refresh", { body: { refresh_token: user.refresh_token } })).status).toBe(401);
    expect((await api("/refresh", { body: { refresh_token: fresh.refresh_token } })).status).toBe(200);
    expect((await api("/login", { body: { email: user.email, password: "changed pw 9" } })).status).toBe(200);
  });
});
