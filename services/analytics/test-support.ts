import { sql } from "drizzle-orm";
import { connect, type NatsConnection } from "nats";
import type { Envelope } from "../../shared/events/envelope.ts";
import { startMoneyMesh, type MoneyMesh, type MoneyUser } from "../../tests/harness/money.ts";
import { getInfra } from "../../tests/harness/infra.ts";
import { startService } from "../../tests/harness/services.ts";
import { bearer } from "../../tests/harness/users.ts";
import type { Clock } from "./clock.ts";
import { createAnalyticsService } from "./main.ts";

/** Helpers shared by the analytics service's tests (real services, real NATS, Postgres and Redis). */

export interface TestClock extends Clock {
  set(at: Date): void;
}

export function testClock(start: Date = new Date()): TestClock {
  let t = start.getTime();
  return { now: () => new Date(t), set: (at) => void (t = at.getTime()) };
}

export type RunningAnalytics = Awaited<ReturnType<ReturnType<typeof createAnalyticsService>["start"]>>;

/** Analytics on its own (events are published straight to JetStream), trusting `jwksUrl` if given. */
export async function startAnalytics(opts: { clock?: Clock; jwksUrl?: string } = {}) {
  const svc: RunningAnalytics = await startService(createAnalyticsService({ clock: opts.clock }), opts.jwksUrl ? { JWKS_URL: opts.jwksUrl } : {});
  const nc: NatsConnection = await connect({ servers: (await getInfra()).natsUrl });
  return {
    svc,
    nc,
    async stop() {
      await nc.close();
      await svc.stop();
    },
  };
}

/** The money mesh (auth, wallet, kyc, fraud, transactions) plus analytics trusting its tokens. */
export async function startAnalyticsMesh(opts: { clock?: Clock } = {}) {
  const mesh = await startMoneyMesh();
  try {
    const analytics = await startAnalytics({ clock: opts.clock, jwksUrl: `${mesh.auth.url}/.well-known/jwks.json` });
    return {
      mesh,
      analytics,
      svc: analytics.svc,
      async stop() {
        await analytics.stop();
        await mesh.stop();
      },
    };
  } catch (err) {
    await mesh.stop();
    throw err;
  }
}
export type AnalyticsMesh = Awaited<ReturnType<typeof startAnalyticsMesh>>;

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** One HTTP call to analytics as `token` (a string body is sent as is). */
export async function call<T = any>(svc: RunningAnalytics, method: string, path: string, token: string | null, body?: unknown): Promise<HttpResult<T>> {
  const res = await fetch(`${svc.url}/api/v1/analytics${path}`, {
    method,
    headers: { ...(token ? bearer(token) : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** Has analytics handled this event (its inbox row exists)? */
export async function handled(svc: RunningAnalytics, eventId: string): Promise<boolean> {
  const [row] = await svc.ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from inbox where event_id = ${eventId}`);
  return row!.n > 0;
}

/** Outbox events of a type about one user, oldest first. */
export async function alertEvents(svc: RunningAnalytics, type: "analytics.budget_warning" | "analytics.budget_exceeded", userId: string): Promise<Envelope<any>[]> {
  const rows = await svc.ctx.db.execute<{ envelope: Envelope<any> }>(sql`select envelope from outbox where type = ${type} and envelope->'data'->>'userId' = ${userId} order by id`);
  return rows.map((r) => r.envelope);
}

export { publishEvent, completedTransfer as completed } from "../../shared/testing/events.ts";

/** A real transfer through the transactions service; fails the test unless it completed. */
export async function pay(mesh: MoneyMesh, from: MoneyUser, to: MoneyUser, body: { amount: number; description?: string; merchant?: string; category?: string }) {
  const res = await mesh.transfer(from, { recipientId: to.id, ...body });
  if (res.status !== 201 || res.body.status !== "COMPLETED") throw new Error(`transfer did not complete: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
