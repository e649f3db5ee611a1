import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { NatsConnection } from "nats";
import { eventually } from "../../shared/testing/wait.ts";
import { getCaddy } from "../../tests/harness/infra.ts";
import { openSse, type RunningNotifications, type SseClient } from "../../tests/harness/notifications.ts";
import type { TestUser } from "../../tests/harness/users.ts";
import { liveSubject } from "./live.ts";
import { handled, PREFIX, publishEvent, startNotificationsStack, type NotificationsStack } from "./test-support.ts";

setDefaultTimeout(60_000);

const REPLAY_LIMIT = 5;
let stack: NotificationsStack;
const open: SseClient[] = [];

beforeAll(async () => {
  stack = await startNotificationsStack({ env: { SSE_REPLAY_LIMIT: String(REPLAY_LIMIT), SSE_HEARTBEAT_MS: "300" } });
});

afterAll(async () => {
  for (const c of open) c.close();
  await stack?.stop();
});

const streamUrl = (base: string) => `${base}${PREFIX}/stream`;
async function connect(base: string, user: TestUser, lastEventId?: string) {
  const c = await openSse(streamUrl(base), user.token, { lastEventId });
  open.push(c);
  expect(c.status).toBe(200);
  await c.next((m) => m.event === "ready");
  return c;
}

/** A notification for the user (a wallet unfrozen), through the real consumer; returns its row. */
async function notifyUser(user: TestUser) {
  const e = await publishEvent(stack.nc, "wallet.unfrozen", { walletId: Bun.randomUUIDv7(), userId: user.id, unfrozenBy: Bun.randomUUIDv7() }, { subjectUserIds: [user.id] });
  return (await handled(stack.notifications, e.id))[0]!;
}

/** Live subscriptions the service holds for the user (the nats client's own table). */
const liveSubscriptions = (n: RunningNotifications, userId: string) =>
  ((n.ctx.nc as NatsConnection & { protocol: { subscriptions: { all(): { getSubject(): string }[] } } }).protocol.subscriptions.all()).filter((s) => s.getSubject() === liveSubject(userId)).length;

const notificationIds = (c: SseClient, from = 0) => c.messages.slice(from).filter((m) => m.event === "notification").map((m) => m.id);

describe("live stream", () => {
  test("a new notification arrives as an SSE message with id, name and JSON data", async () => {
    const user = await stack.user("Live");
    const sse = await connect(stack.notifications.url, user);
    expect(sse.headers.get("content-type")).toStartWith("text/event-stream");
    expect(sse.headers.get("cache-control")).toContain("no-cache");

    const row = await notifyUser(user);
    const msg = await sse.next((m) => m.event === "notification");
    expect(msg.id).toBe(row.id);
    expect(msg.data).toMatchObject({ id: row.id, userId: user.id, type: "wallet.unfrozen", title: "Wallet Active Again", read: false });
    expect(Date.parse(msg.data.occurredAt)).toBeLessThanOrEqual(Date.parse(msg.data.createdAt));
  });

  test("only the caller's notifications reach their stream", async () => {
    const [mine, theirs] = await Promise.all([stack.user("Mine"), stack.user("Theirs")]);
    const sse = await connect(stack.notifications.url, mine);
    await notifyUser(theirs);
    const own = await notifyUser(mine);
    await sse.next((m) => m.id === own.id);
    expect(sse.messages.filter((m) => m.event === "notification").every((m) => m.data.userId === mine.id)).toBe(true);
  });

  test("a heartbeat comment keeps an idle stream open", async () => {
    const user = await stack.user("Idle");
    const sse = await connect(stack.notifications.url, user);
    await eventually(() => sse.comments.filter((c) => c === "heartbeat").length >= 2, { timeoutMs: 5_000, what: "two heartbeats" });
  });

  test("closing the stream removes its live subscription", async () => {
    const user = await stack.user("Leaver");
    const sse = await connect(stack.notifications.url, user);
    expect(liveSubscriptions(stack.notifications, user.id)).toBe(1);
    sse.close();
    await eventually(() => liveSubscriptions(stack.notifications, user.id) === 0, { timeoutMs: 5_000, what: "subscription removed" });
  });
});

describe("resume with Last-Event-ID", () => {
  test("after a dropped connection, exactly what was missed is replayed, then live continues", async () => {
    const [user, other] = await Promise.all([stack.user("Resumer"), stack.user("Other")]);
    const first = await connect(stack.notifications.url, user);
    const n1 = await notifyUser(user);
    await first.next((m) => m.id === n1.id);
    first.close();
    await eventually(() => liveSubscriptions(stack.notifications, user.id) === 0, { what: "first stream closed" });

    const missed = [await notifyUser(user), await notifyUser(user)];
    await notifyUser(other);

    const second = await connect(stack.notifications.url, user, first.lastEventId());
    await second.next((m) => m.id === missed[1]!.id);
    const live = await notifyUser(user);
    await second.next((m) => m.id === live.id);
    expect(notificationIds(second)).toEqual([...missed.map((m) => m.id), live.id]);
  });

  test("no Last-Event-ID: nothing is replayed", async () => {
    const user = await stack.user("Fresh");
    await notifyUser(user);
    const sse = await connect(stack.notifications.url, user);
    const live = await notifyUser(user);
    await sse.next((m) => m.id === live.id);
    expect(notificationIds(sse)).toEqual([live.id]);
  });

  test("more missed than the replay limit: told so, and sent the newest ones", async () => {
    const user = await stack.user("Away");
    const first = await connect(stack.notifications.url, user);
    const seen = await notifyUser(user);
    await first.next((m) => m.id === seen.id);
    first.close();
    const missed: Awaited<ReturnType<typeof notifyUser>>[] = [];
    for (let i = 0; i < REPLAY_LIMIT + 2; i++) missed.push(await notifyUser(user));

    const second = await connect(stack.notifications.url, user, seen.id);
    await second.next((m) => m.id === missed.at(-1)!.id);
    expect(second.messages.some((m) => m.event === "replay_truncated")).toBe(true);
    expect(notificationIds(second)).toEqual(missed.slice(-REPLAY_LIMIT).map((m) => m.id));
  });

  test("a Last-Event-ID of someone else's notification replays only the caller's", async () => {
    const [user, other] = await Promise.all([stack.user("Prober"), stack.user("Target")]);
    const foreign = await notifyUser(other);
    const mine = await notifyUser(user);
    const sse = await connect(stack.notifications.url, user, "00000000-0000-7000-8000-000000000000");
    await sse.next((m) => m.id === mine.id);
    expect(sse.messages.filter((m) => m.event === "notification").map((m) => m.data.userId)).not.toContain(other.id);
    expect(notificationIds(sse)).not.toContain(foreign.id);
  });
});

describe("replicas", () => {
  test("whichever replica handles the event, the user's streams on every replica receive it", async () => {
    const replica = await stack.replica({ SSE_REPLAY_LIMIT: String(REPLAY_LIMIT) });
    const user = await stack.user("Roamer");
    const onPrimary = await connect(stack.notifications.url, user);
    const onReplica = await connect(replica.url, user);
    const rows: Awaited<ReturnType<typeof notifyUser>>[] = [];
    for (let i = 0; i < 8; i++) rows.push(await notifyUser(user));
    const ids = rows.map((r) => r.id);
    for (const sse of [onPrimary, onReplica]) {
      await sse.next((m) => m.id === ids.at(-1));
      await eventually(() => notificationIds(sse).length === ids.length, { what: "all notifications" });
      expect([...notificationIds(sse)].sort()).toEqual([...ids].sort());
    }

    // Stopping a replica ends its streams, so the browser reconnects (to another replica) at once.
    await replica.stop();
    await onReplica.ended;
  });
});

describe("through the gateway", () => {
  test("Caddy passes the stream through unbuffered, heartbeats and resume included", async () => {
    const gateway = await getCaddy({ notifications: new URL(stack.notifications.url).host, auth: new URL(stack.auth.url).host });
    const user = await stack.user("Gatewayed");
    const sse = await connect(gateway.url, user);
    const row = await notifyUser(user);
    const msg = await sse.next((m) => m.id === row.id);
    expect(msg.data.title).toBe("Wallet Active Again");
    await eventually(() => sse.comments.includes("heartbeat"), { timeoutMs: 5_000, what: "heartbeat through the gateway" });
    sse.close();

    const missed = await notifyUser(user);
    const resumed = await connect(gateway.url, user, row.id);
    await resumed.next((m) => m.id === missed.id);
    expect(notificationIds(resumed)).toEqual([missed.id]);
  });
});
