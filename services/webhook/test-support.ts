/** Shared set-up for the webhook service's tests: real auth, NATS, PostgreSQL, the service, a local receiver. */
import { sql } from "drizzle-orm";
import { startAuth, type RunningAuth } from "../../tests/harness/auth.ts";
import { startService } from "../../tests/harness/services.ts";
import { bearer, signUp, type TestUser } from "../../tests/harness/users.ts";
import { startReceiver, type Receiver } from "../../tests/harness/webhook.ts";
import type { Clock } from "./clock.ts";
import type { Random } from "./domain/schedule.ts";
import { createWebhookService } from "./main.ts";
import type { Resolver } from "./target-guard.ts";

export type RunningWebhook = Awaited<ReturnType<ReturnType<typeof createWebhookService>["start"]>>;

/** A clock the test moves by hand. */
export function manualClock(start = new Date()): Clock & { advance(ms: number): void; set(d: Date): void } {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms) => void (t += ms), set: (d) => void (t = d.getTime()) };
}

export interface WebhookStackOptions {
  env?: Record<string, string>;
  clock?: Clock;
  random?: Random;
  resolver?: Resolver;
  /** Reuse a running auth (when the test has its own mesh). */
  auth?: RunningAuth;
}

export interface HttpResult<T = any> {
  status: number;
  contentType: string | null;
  body: T;
}

export async function startWebhookStack(options: WebhookStackOptions = {}) {
  const ownAuth = !options.auth;
  const auth = options.auth ?? (await startAuth());
  const receiver: Receiver = await startReceiver();
  const env = {
    JWKS_URL: `${auth.url}/.well-known/jwks.json`,
    WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
    WEBHOOK_SCHEDULER_EVERY_MS: "100",
    WEBHOOK_REQUEUE_GRACE_MS: "2000",
    WEBHOOK_SECRET_KEY: "test-webhook-secret-key-0123456789abcdef",
    ...options.env,
  };
  const webhook: RunningWebhook = await startService(createWebhookService({ clock: options.clock, random: options.random, resolver: options.resolver }), env);

  async function call<T = any>(user: TestUser | null, method: string, path: string, body?: unknown): Promise<HttpResult<T>> {
    const res = await fetch(`${webhook.url}/api/v1/webhooks${path}`, {
      method,
      headers: { ...(user ? bearer(user.token) : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, contentType: res.headers.get("content-type"), body: text ? JSON.parse(text) : null };
  }

  return {
    auth,
    webhook,
    receiver,
    env,
    call,
    user: () => signUp(auth.url),
    /** Registers an endpoint at the receiver's `path`; returns the creation answer (with the secret). */
    async endpoint(user: TestUser, path: string, events: string[] = ["*"], extra: Record<string, unknown> = {}) {
      const res = await call(user, "POST", "", { url: `${receiver.url}${path}`, events, ...extra });
      if (res.status !== 201) throw new Error(`create endpoint: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; url: string; secret: string; events: string[]; active: boolean };
    },
    async ping(user: TestUser, endpointId: string) {
      const res = await call(user, "POST", `/${endpointId}/test`);
      if (res.status !== 202) throw new Error(`ping: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; eventId: string };
    },
    async delivery(user: TestUser, endpointId: string, deliveryId: string) {
      return (await call(user, "GET", `/${endpointId}/deliveries/${deliveryId}`)).body;
    },
    async count(query: ReturnType<typeof sql>) {
      const [row] = (await webhook.ctx.db.execute<{ n: number }>(query)) as unknown as [{ n: number }];
      return row.n;
    },
    async stop() {
      await webhook.stop();
      await receiver.stop();
      if (ownAuth) await auth.stop();
    },
  };
}

export type WebhookStack = Awaited<ReturnType<typeof startWebhookStack>>;
