/** Shared set-up for social's tests: the real money mesh (auth, wallet, kyc, fraud, transactions) plus social. */
import { sql } from "drizzle-orm";
import { startAuth, type RunningAuth } from "../../tests/harness/auth.ts";
import { startMoneyMesh, type MoneyMesh } from "../../tests/harness/money.ts";
import { startService } from "../../tests/harness/services.ts";
import { bearer, type TestUser } from "../../tests/harness/users.ts";
import type { Clock } from "./clock.ts";
import { createSocialService } from "./main.ts";

export interface TestClock extends Clock {
  set(at: Date): void;
  advance(ms: number): void;
}

/** A clock that stands still unless moved; it starts at the real time so other services agree with it. */
export function testClock(start = new Date()): TestClock {
  let t = start.getTime();
  return { now: () => new Date(t), set: (at) => void (t = at.getTime()), advance: (ms) => void (t += ms) };
}

export type RunningSocial = Awaited<ReturnType<ReturnType<typeof createSocialService>["start"]>>;

/** Test defaults: a fast expiry sweep so tests see it act, and a slow one where a test drives it by hand. */
export async function startSocial(authUrl: string, opts: { clock?: Clock; env?: Record<string, string> } = {}): Promise<RunningSocial> {
  return startService(createSocialService({ clock: opts.clock }), { JWKS_URL: `${authUrl}/.well-known/jwks.json`, SOCIAL_EXPIRY_SWEEP_MS: "200", ...opts.env });
}

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** An HTTP call with the user's token; `body` undefined sends none, a string is sent as it is. */
export async function call<T = any>(base: string, method: string, path: string, user: Pick<TestUser, "token"> | null, body?: unknown): Promise<HttpResult<T>> {
  const res = await fetch(`${base}/api/v1/social${path}`, {
    method,
    headers: { ...(user ? bearer(user.token) : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

export interface SocialStack {
  mesh: MoneyMesh;
  social: RunningSocial;
  clock: TestClock;
  api<T = any>(method: string, path: string, user: Pick<TestUser, "token"> | null, body?: unknown): Promise<HttpResult<T>>;
  stop(): Promise<void>;
}

export async function startSocialStack(opts: { env?: Record<string, string> } = {}): Promise<SocialStack> {
  const mesh = await startMoneyMesh();
  const clock = testClock();
  let social: RunningSocial;
  try {
    social = await startSocial(mesh.auth.url, { clock, env: opts.env });
  } catch (err) {
    await mesh.stop();
    throw err;
  }
  return {
    mesh,
    social,
    clock,
    api: (method, path, user, body) => call(social.url, method, path, user, body),
    async stop() {
      await social.stop();
      await mesh.stop();
    },
  };
}

/** Only auth and social: enough for contacts. */
export async function startContactsStack(): Promise<{ auth: RunningAuth; social: RunningSocial; stop(): Promise<void> }> {
  const auth = await startAuth();
  const social = await startSocial(auth.url);
  return {
    auth,
    social,
    async stop() {
      await social.stop();
      await auth.stop();
    },
  };
}

/** Events social wrote to its outbox whose data field `key` equals `value`, oldest first. */
export async function outboxEvents(social: RunningSocial, type: string, key: string, value: string): Promise<any[]> {
  const rows = await social.ctx.db.execute<{ envelope: any }>(sql`select envelope from outbox where type = ${type} and envelope->'data'->>${key} = ${value} order by id`);
  return rows.map((r) => r.envelope);
}

/** How many rows of `table` mention the user (for "no state left behind" checks). */
export async function rowCount(social: RunningSocial, table: "contacts" | "money_requests" | "bill_splits" | "split_participants" | "reversed_share_payments" | "outbox", where: ReturnType<typeof sql>): Promise<number> {
  const [row] = (await social.ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`)) as unknown as [{ n: number }];
  return row.n;
}
