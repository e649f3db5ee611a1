import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { NatsConnection } from "nats";
import { findFreePort } from "../../../shared/devstack/ports.ts";
import { completedTransfer } from "../../../shared/testing/events.ts";
import { eventually } from "../../../shared/testing/wait.ts";
import { startNotifications, type RunningNotifications } from "../../../tests/harness/notifications.ts";
import { startService } from "../../../tests/harness/services.ts";
import type { TestUser } from "../../../tests/harness/users.ts";
import { liveSubject } from "../../notifications/live.ts";
import { handled, publishEvent, startNotificationsStack, type NotificationsStack } from "../../notifications/test-support.ts";
import { liveCursorAt } from "../domain/live/live-cursor.ts";
import { type SseItem, SseParser } from "../domain/live/sse.ts";
import { service as webService } from "../main.ts";

setDefaultTimeout(60_000);

// The web's /live against the real notifications and auth services: the notifications service on a
// fixed port, so it can be stopped and started again behind an open browser stream.
let stack: NotificationsStack;
let notifications: RunningNotifications;
let notificationsPort: number;
let web: Awaited<ReturnType<typeof webService.start>>;
const open: LiveClient[] = [];

beforeAll(async () => {
  stack = await startNotificationsStack({ env: { SSE_HEARTBEAT_MS: "300" } });
  // A second notifications process on its own port and the stack's database: the one the web calls.
  notificationsPort = await findFreePort();
  notifications = await startOwnNotifications();
  web = await startService(webService, { AUTH_URL: stack.auth.url, NOTIFICATIONS_URL: `http://127.0.0.1:${notificationsPort}` });
});

afterAll(async () => {
  for (const c of open) c.close();
  await web?.stop();
  await notifications?.stop();
  await stack?.stop();
});

function startOwnNotifications() {
  return startNotifications({
    jwksUrl: `${stack.auth.url}/.well-known/jwks.json`,
    env: { PORT: String(notificationsPort), DATABASE_NAME: stack.notifications.ctx.config.DATABASE_NAME!, SSE_HEARTBEAT_MS: "300" },
  });
}

interface LiveClient {
  status: number;
  items: SseItem[];
  next(match: (item: SseItem) => boolean, from?: number): Promise<SseItem>;
  ended: Promise<void>;
  close(): void;
}

/** Reads /live as htmx's SSE extension does (with the session cookie), keeping every message and comment. */
async function openLive(user: TestUser, opts: { lastEventId?: string; since?: string } = {}): Promise<LiveClient> {
  const abort = new AbortController();
  const res = await fetch(`${web.url}/live${opts.since ? `?since=${opts.since}` : ""}`, {
    headers: { cookie: `access_token=${user.token}`, accept: "text/html, text/event-stream", "hx-request": "true", ...(opts.lastEventId ? { "last-event-id": opts.lastEventId } : {}) },
    signal: abort.signal,
  });
  const items: SseItem[] = [];
  const waiters = new Set<() => void>();
  let finished = false;
  const ended = (async () => {
    const parser = new SseParser();
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body!) {
        items.push(...parser.push(decoder.decode(chunk, { stream: true })));
        waiters.forEach((w) => w());
      }
    } catch {
      // closed by the test
    } finally {
      finished = true;
      waiters.forEach((w) => w());
    }
  })();
  const client: LiveClient = {
    status: res.status,
    items,
    ended,
    close: () => abort.abort(),
    next: (match, from = 0) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = items.slice(from).find(match);
          if (found) return done(() => resolve(found));
          if (finished) done(() => reject(new Error(`stream ended; got ${JSON.stringify(items)}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no matching message in 15 s; got ${JSON.stringify(items)}`))), 15_000);
        const done = (fn: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          fn();
        };
        waiters.add(check);
        check();
      }),
  };
  open.push(client);
  return client;
}

const named = (event: string) => (i: SseItem) => i.kind === "message" && i.message.event === event;
const withId = (id: string) => (i: SseItem) => i.kind === "message" && i.message.id === id;
const messages = (c: LiveClient) => c.items.flatMap((i) => (i.kind === "message" ? [i.message] : []));

/** A notification for the user through the real consumer (their wallet unfrozen); returns its row. */
async function notify(user: TestUser, type: "wallet.unfrozen" | "transaction.completed" = "wallet.unfrozen") {
  const e =
    type === "wallet.unfrozen"
      ? await publishEvent(stack.nc, "wallet.unfrozen", { walletId: Bun.randomUUIDv7(), userId: user.id, unfrozenBy: Bun.randomUUIDv7() }, { subjectUserIds: [user.id] })
      : await publishEvent(stack.nc, "transaction.completed", completedTransfer({ recipientId: user.id }), { subjectUserIds: [user.id] });
  return (await handled(stack.notifications, e.id, type === "transaction.completed" ? 2 : 1)).find((r) => r.userId === user.id)!;
}

/** Live subscriptions the notifications process holds for the user. */
const liveSubscriptions = (n: RunningNotifications, userId: string) =>
  (n.ctx.nc as NatsConnection & { protocol: { subscriptions: { all(): { getSubject(): string }[] } } }).protocol.subscriptions.all().filter((s) => s.getSubject() === liveSubject(userId)).length;

describe("GET /live", () => {
  test("without a session the stream says the session ended, once", async () => {
    const res = await fetch(`${web.url}/live`, { headers: { accept: "text/event-stream" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("text/event-stream");
    expect(await res.text()).toBe("event: session-ended\ndata: {}\n\n");
  });

  test("a notification becomes named events for the page's parts, then HTML swapped out of band, with its id", async () => {
    const user = await stack.user("Ada Live");
    const live = await openLive(user);
    expect(live.status).toBe(200);
    await live.next(named("live-connected"));

    const row = await notify(user, "transaction.completed");
    const html = await live.next(withId(row.id));
    const all = messages(live);
    const at = all.findIndex((m) => m.id === row.id);
    // Named events first (each once, notifications-changed last), the id'd HTML last.
    expect(all.slice(at - 4, at + 1).map((m) => m.event)).toEqual(["wallet-changed", "transactions-changed", "analytics-changed", "notifications-changed", "message"]);
    const data = html.kind === "message" ? html.message.data : "";
    expect(data).toContain('hx-swap-oob="afterbegin:#notifications-panel-list"');
    expect(data).toContain('hx-swap-oob="afterbegin:#feed-today.live-feed"');
    expect(data).toContain(`id="panel-n-${row.id}"`);
    expect(data).toContain("Transfer Received");
    expect(data).toContain(`href="/transactions/${(row.data as { transactionId: string }).transactionId}"`);
    expect(data).toContain(">Transaction</span>");
    // The count is asked for after the notification exists: the welcome notice and this one.
    expect(data).toMatch(/<span id="unread-badge" class="badge" hx-swap-oob="true">2<span class="sr-only"> unread<\/span><\/span>/);
    expect(data).toContain('<div id="live-announcer" hx-swap-oob="innerHTML"><p>New notification: Transfer Received</p></div>');
  });

  test("heartbeats pass through, so proxies keep an idle stream", async () => {
    const user = await stack.user("Idle Live");
    const live = await openLive(user);
    await eventually(() => live.items.filter((i) => i.kind === "comment" && i.text === "heartbeat").length >= 2, { timeoutMs: 10_000, what: "two heartbeats" });
  });

  test("reconnecting with Last-Event-ID replays what was missed, in order, with the count on the last", async () => {
    const user = await stack.user("Away Live");
    const first = await openLive(user);
    await first.next(named("live-connected"));
    const seen = await notify(user);
    await first.next(withId(seen.id));
    first.close();

    const missed = [await notify(user), await notify(user)];
    const second = await openLive(user, { lastEventId: seen.id });
    await second.next(withId(missed[1]!.id));
    const ids = messages(second).filter((m) => m.id).map((m) => m.id);
    expect(ids).toEqual(missed.map((m) => m.id));
    const last = messages(second).find((m) => m.id === missed[1]!.id)!;
    expect(last.data).toContain('<span id="unread-badge" class="badge" hx-swap-oob="true">4<');
  });

  test("a first connection resumes from the page's cursor: what arrived while the page loaded is not missed", async () => {
    const user = await stack.user("Loader Live");
    const cursor = liveCursorAt(Date.now() - 1_000);
    const arrivedMeanwhile = await notify(user);
    const live = await openLive(user, { since: cursor });
    await live.next(withId(arrivedMeanwhile.id));
    // A cursor that is not an id is ignored: nothing old is replayed.
    const plain = await openLive(user, { since: "not-a-cursor" });
    await plain.next(named("live-connected"));
    const fresh = await notify(user);
    await plain.next(withId(fresh.id));
    expect(messages(plain).filter((m) => m.id).map((m) => m.id)).toEqual([fresh.id]);
  });

  test("when the browser goes away, the upstream stream is closed too", async () => {
    const user = await stack.user("Leaver Live");
    const live = await openLive(user);
    await live.next(named("live-connected"));
    expect(liveSubscriptions(notifications, user.id)).toBe(1);
    live.close();
    await eventually(() => liveSubscriptions(notifications, user.id) === 0, { timeoutMs: 10_000, what: "upstream stream closed" });
  });

  test("the notifications service restarting is a pause, not a gap: the same browser stream gets what was sent meanwhile", async () => {
    const user = await stack.user("Restart Live");
    const live = await openLive(user);
    await live.next(named("live-connected"));
    const before = await notify(user);
    await live.next(withId(before.id));

    await notifications.stop();
    const meanwhile = await notify(user); // handled by the stack's own process, on the same database
    notifications = await startOwnNotifications();

    await live.next(withId(meanwhile.id));
    // Reconnected behind the scenes, on the same browser connection.
    expect(live.items.filter(named("live-connected")).length).toBe(2);
    expect(messages(live).filter((m) => m.id).map((m) => m.id)).toEqual([before.id, meanwhile.id]);
  });
});
