import { eq } from "drizzle-orm";
import { users } from "../../services/auth/db/schema.ts";
import { freshEmail, registerUser, type RunningAuth } from "./auth.ts";
import { tokenFromMail, waitForMail } from "./mail.ts";

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
}

/** A user who registered through the API (tier UNVERIFIED until the e-mail is verified). */
export async function signUp(authUrl: string, opts: { name?: string; email?: string } = {}): Promise<TestUser> {
  const r = await registerUser(authUrl, { name: opts.name, email: opts.email ?? freshEmail() });
  return { id: r.user.id, email: r.email, password: r.password, token: r.access_token };
}

/** A user who also followed the link in the verification e-mail (kyc moves them to BASIC). */
export async function signUpVerified(authUrl: string, opts: { name?: string } = {}): Promise<TestUser> {
  const user = await signUp(authUrl, opts);
  const { token } = tokenFromMail(await waitForMail(user.email, "Verify your e-mail"), "/verify-email");
  const res = await fetch(`${authUrl}/api/v1/auth/verify-email`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
  if (res.status !== 200) throw new Error(`verification failed: ${res.status}`);
  return { ...user, token: await login(authUrl, user.email, user.password) };
}

/** An ADMIN: a registered user promoted in the auth database, then signed in again. */
export async function signUpAdmin(auth: RunningAuth): Promise<TestUser> {
  const user = await signUp(auth.url, { name: "Admin" });
  await auth.ctx.db.update(users).set({ role: "ADMIN" }).where(eq(users.id, user.id));
  return { ...user, token: await login(auth.url, user.email, user.password) };
}

export async function login(authUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${authUrl}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
