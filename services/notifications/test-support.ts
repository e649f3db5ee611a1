/** Shared set-up for the notifications service's tests: real auth and notifications, events published as producers do. */
import { and, eq } from "drizzle-orm";
import { connect, type NatsConnection } from "nats";
import { eventually } from "../../shared/testing/wait.ts";
import { startAuth, type RunningAuth } from "../../tests/harness/auth.ts";
import { getInfra } from "../../tests/harness/infra.ts";
import { startNotifications, type RunningNotifications } from "../../tests/harness/notifications.ts";
import { bearer, signUp, type TestUser } from "../../tests/harness/users.ts";
import type { Clock } from "./clock.ts";
import { mails, notifications } from "./db/schema.ts";

export const PREFIX = "/api/v1/notifications";

export interface NotificationsStack {
  auth: RunningAuth;
  notifications: RunningNotifications;
  nc: NatsConnection;
  /** Another notifications process on the same database (a replica). */
  replica(env?: Record<string, string>): Promise<RunningNotifications>;
  /** A registered user, known to notifications (its welcome notification exists). */
  user(name?: string): Promise<TestUser>;
  stop(): Promise<void>;
}

export async function startNotificationsStack(opts: { env?: Record<string, string>; clock?: Clock } = {}): Promise<NotificationsStack> {
  const auth = await startAuth();
  const jwksUrl = `${auth.url}/.well-known/jwks.json`;
  const notifications = await startNotifications({ jwksUrl, env: opts.env, clock: opts.clock });
  const nc = await connect({ servers: (await getInfra()).natsUrl });
  const replicas: RunningNotifications[] = [];
  return {
    auth,
    notifications,
    nc,
    async replica(env = {}) {
      const r = await startNotifications({ jwksUrl, env: { DATABASE_NAME: notifications.ctx.config.DATABASE_NAME!, ...opts.env, ...env } });
      replicas.push(r);
      return r;
    },
    async user(name = "Test User") {
      const u = await signUp(auth.url, { name });
      await eventually(async () => (await rowsFor(notifications, u.id)).some((r) => r.type === "auth.user_registered"), { timeoutMs: 20_000, what: `welcome notification of ${u.id}` });
      return u;
    },
    async stop() {
      await nc.drain();
      for (const r of replicas) await r.stop();
      await notifications.stop();
      await auth.stop();
    },
  };
}

export { publishEvent, republish } from "../../shared/testing/events.ts";

export const rowsFor = (n: RunningNotifications, userId: string) => n.ctx.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.id);

export const rowsOfEvent = (n: RunningNotifications, eventId: string) => n.ctx.db.select().from(notifications).where(eq(notifications.sourceEventId, eventId));

export const mailsFor = (n: RunningNotifications, userId: string, template?: string) =>
  n.ctx.db.select().from(mails).where(and(eq(mails.userId, userId), template ? eq(mails.template, template) : undefined)).orderBy(mails.id);

/** Waits until the event has been handled (its notifications exist) and returns them. */
export const handled = (n: RunningNotifications, eventId: string, count = 1) =>
  eventually(async () => {
    const rows = await rowsOfEvent(n, eventId);
    return rows.length >= count ? rows : undefined;
  }, { timeoutMs: 15_000, what: `notifications of event ${eventId}` });

/** Waits until the inbox has the event (handled, whether or not it produced anything). */
export const inInbox = (n: RunningNotifications, eventId: string) =>
  eventually(async () => (await n.ctx.dbHandle.sql`select 1 from inbox where event_id = ${eventId}`).length > 0, { timeoutMs: 15_000, what: `inbox row of ${eventId}` });

export async function api<T = any>(base: string, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${PREFIX}${path}`, {
    method,
    headers: { ...bearer(token), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}
