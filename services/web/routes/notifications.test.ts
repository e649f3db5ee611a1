import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { completedTransfer } from "../../../shared/testing/events.ts";
import type { TestUser } from "../../../tests/harness/users.ts";
import { handled, publishEvent, startNotificationsStack, type NotificationsStack } from "../../notifications/test-support.ts";
import { buildWebApp } from "../http.ts";

setDefaultTimeout(60_000);

// The /notifications pages and actions against the real auth and notifications services (the
// other APIs on a closed port: the shell shows its KYC part as unavailable).
const SITE = "http://localhost:8080";
const closed = "http://127.0.0.1:9";
let stack: NotificationsStack;
let app: ReturnType<typeof buildWebApp>;

beforeAll(async () => {
  stack = await startNotificationsStack();
  app = buildWebApp({
    config: {
      MINT_ENV: "test",
      PORT: 3000,
      AUTH_URL: stack.auth.url,
      NOTIFICATIONS_URL: stack.notifications.url,
      WALLET_URL: closed,
      TRANSACTIONS_URL: closed,
      KYC_URL: closed,
      ANALYTICS_URL: closed,
      SOCIAL_URL: closed,
      WEBHOOK_URL: closed,
      ADMIN_URL: closed,
      PUBLIC_BASE_URL: SITE,
    },
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });
});

afterAll(async () => {
  await stack?.stop();
});

const cookieOf = (user: TestUser) => `access_token=${user.token}; mint_tz=UTC`;
const get = (user: TestUser, path: string, headers: Record<string, string> = {}) => app.request(path, { headers: { cookie: cookieOf(user), ...headers } });
const post = (user: TestUser, path: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: "POST",
    headers: { cookie: cookieOf(user), origin: SITE, "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
const htmx = (currentUrl = `${SITE}/dashboard`) => ({ "hx-request": "true", "hx-current-url": currentUrl });

async function unfrozen(user: TestUser) {
  const e = await publishEvent(stack.nc, "wallet.unfrozen", { walletId: Bun.randomUUIDv7(), userId: user.id, unfrozenBy: Bun.randomUUIDv7() }, { subjectUserIds: [user.id] });
  return (await handled(stack.notifications, e.id))[0]!;
}
async function received(user: TestUser) {
  const e = await publishEvent(stack.nc, "transaction.completed", completedTransfer({ recipientId: user.id, amount: 2_500 }), { subjectUserIds: [user.id] });
  return (await handled(stack.notifications, e.id, 2)).find((r) => r.userId === user.id)!;
}
const unreadOf = async (user: TestUser) => ((await (await fetch(`${stack.notifications.url}/api/v1/notifications/unread-count`, { headers: { authorization: `Bearer ${user.token}` } })).json()) as { count: number }).count;

describe("/notifications", () => {
  test("the feed: newest first in day groups, category chips, links where each belongs, the unread count", async () => {
    const user = await stack.user("Feed Reader");
    const txn = await received(user);
    const html = await (await get(user, "/notifications")).text();
    expect(html).toContain("All notifications");
    expect(html).toContain('<p id="feed-unread" class="card-subtitle">2 unread</p>');
    expect(html).toContain('<ul id="feed-today" class="notif-list live-feed live-feed-all">');
    expect(html.indexOf("Transfer Received")).toBeLessThan(html.indexOf("Welcome to Mint!"));
    expect(html).toContain(`href="/transactions/${(txn.data as { transactionId: string }).transactionId}" class="notif-title notif-stretch"`);
    expect(html).toContain('<span class="chip chip-transaction">Transaction</span>');
    expect(html).toContain('<span class="chip chip-account">Account</span>');
    expect(html).toContain(`action="/notifications/${txn.id}/read"`);
    // Shell: the badge and the bell say 2, the live connection starts from the page's cursor.
    expect(html).toMatch(/<span id="unread-badge" class="badge">2<span class="sr-only"> unread<\/span><\/span>/);
    expect(html).toMatch(/<span id="bell-count" class="bell-count">2<span/);
    expect(html).toMatch(/hx-sse:connect="\/live\?since=[0-9a-f]{8}-[0-9a-f]{4}-7000-8000-000000000000"/);
    expect(html).not.toContain("Your notifications will appear here");
  });

  test("paged with a cursor: Load more is a link without JavaScript and appends in place with htmx", async () => {
    const user = await stack.user("Many Notices");
    for (let i = 0; i < 21; i++) await unfrozen(user); // 22 with the welcome notice
    const first = await (await get(user, "/notifications")).text();
    expect(first.match(/data-notification-id=/g)?.length).toBe(20);
    const next = /<a href="(\/notifications\?cursor=[A-Za-z0-9_-]+)" class="btn btn-secondary" hx-get="\/notifications\?cursor=/.exec(first)?.[1];
    expect(next).toBeDefined();

    const second = await (await get(user, next!)).text();
    expect(second.match(/data-notification-id=/g)?.length).toBe(2);
    expect(second).toContain("Welcome to Mint!");
    expect(second).toContain("Back to the newest");
    expect(second).not.toContain("live-feed");
    expect(second).not.toContain(">Load more<");

    const fragment = await (await get(user, next!, { "hx-request": "true" })).text();
    expect(fragment).not.toContain("<html");
    expect(fragment).toContain('hx-swap-oob="beforeend:#feed-today"');
    expect(fragment).toContain('<div id="feed-more" class="feed-more"><p class="muted">That&#39;s everything.</p></div>');

    // A cursor the service did not issue starts again from the newest.
    const bad = await get(user, "/notifications?cursor=bm90LWEtY3Vyc29y");
    expect([bad.status, bad.headers.get("location")]).toEqual([302, "/notifications"]);
  });

  test("the unread filter lives in the URL", async () => {
    const user = await stack.user("Filterer");
    const readOne = await unfrozen(user);
    await post(user, `/notifications/${readOne.id}/read`, { return_to: "/notifications" });
    const html = await (await get(user, "/notifications?unread=true")).text();
    expect(html).toContain("Unread notifications");
    expect(html).toContain('href="/notifications?unread=true" class="segmented-item" aria-current="true"');
    expect(html).toContain("Welcome to Mint!");
    expect(html).not.toContain(`data-notification-id="${readOne.id}"`);
    expect(html).toContain('<ul id="feed-today" class="notif-list live-feed">');
  });

  test("mark one read without JavaScript: post, redirect back, the item shows read", async () => {
    const user = await stack.user("No Script");
    const n = await unfrozen(user);
    const res = await post(user, `/notifications/${n.id}/read`, { return_to: "/notifications?unread=false" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/notifications?unread=false");
    const html = await (await get(user, "/notifications")).text();
    expect(html).toContain(`<li id="n-${n.id}" class="notif notif-feed" data-notification-id="${n.id}">`);
    expect(html).not.toContain(`action="/notifications/${n.id}/read"`);
    expect(await unreadOf(user)).toBe(1);
    // Somewhere else than this site is not followed.
    const away = await post(user, `/notifications/${n.id}/read`, { return_to: "//evil.example" });
    expect(away.headers.get("location")).toBe("/notifications");
  });

  test("mark one read with htmx: the item re-rendered, its slide-over copy and the counts out of band", async () => {
    const user = await stack.user("Htmx Reader");
    const n = await unfrozen(user);
    const res = await post(user, `/notifications/${n.id}/read`, { return_to: "/notifications" }, htmx(`${SITE}/notifications`));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toStartWith(`<li id="n-${n.id}" class="notif notif-feed"`);
    expect(html).toContain(`<li id="panel-n-${n.id}" class="notif notif-panel" data-notification-id="${n.id}" hx-swap-oob="true">`);
    expect(html).toContain('<span id="unread-badge" class="badge" hx-swap-oob="true">1<');
  });

  test("another user's notification, or no notification, is not found and changes nothing", async () => {
    const [owner, other] = await Promise.all([stack.user("Owner"), stack.user("Other")]);
    const n = await unfrozen(owner);
    const res = await post(other, `/notifications/${n.id}/read`, { return_to: "/notifications" });
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().join()).toContain("mint_flash=");
    expect(await unreadOf(owner)).toBe(2);
    const junk = await post(other, "/notifications/not-an-id/read", {}, htmx());
    expect(junk.status).toBe(404);
    expect(junk.headers.get("hx-reswap")).toBe("none");
    expect(await junk.text()).toContain("That notification no longer exists.");
  });

  test("open: marks read and goes where the notification belongs", async () => {
    const user = await stack.user("Opener");
    const n = await received(user);
    const res = await post(user, `/notifications/${n.id}/open?to=%2Ftransactions`, {}, htmx());
    expect(res.status).toBe(204);
    expect(res.headers.get("hx-redirect")).toBe(`/transactions/${(n.data as { transactionId: string }).transactionId}`);
    expect(await unreadOf(user)).toBe(1);
  });

  test("mark all read: without JavaScript a redirect and a toast; from the slide-over the list, the counts and a toast", async () => {
    const user = await stack.user("Sweeper");
    await unfrozen(user);
    const res = await post(user, "/notifications/read-all", { return_to: "/wallet" });
    expect([res.status, res.headers.get("location")]).toEqual([303, "/wallet"]);
    const flash = res.headers.getSetCookie().find((c) => c.startsWith("mint_flash="))!.split(";")[0]!;
    const page = await (await app.request("/notifications", { headers: { cookie: `${cookieOf(user)}; ${flash}` } })).text();
    expect(page).toContain("All notifications marked as read.");
    expect(page).toContain('<p id="feed-unread" class="card-subtitle">No new activity</p>');
    expect(await unreadOf(user)).toBe(0);

    await unfrozen(user);
    const panel = await (await post(user, "/notifications/read-all", { return_to: "/dashboard" }, htmx())).text();
    expect(panel).toContain('class="notif notif-panel"');
    expect(panel).not.toContain("is-unread");
    expect(panel).toContain('<span id="unread-badge" class="badge" hidden="" hx-swap-oob="true">');
    expect(panel).toContain('<p id="panel-unread" class="slideover-sub" hx-swap-oob="true">You&#39;re all caught up</p>');
    expect(panel).toContain("All notifications marked as read.");

    // On the feed itself, the page is shown again as it now is.
    const onFeed = await post(user, "/notifications/read-all", { return_to: "/notifications" }, htmx(`${SITE}/notifications?unread=true`));
    expect([onFeed.status, onFeed.headers.get("hx-redirect")]).toEqual([204, "/notifications?unread=true"]);
  });

  test("the slide-over's list: the latest 20 with relative times, only as an htmx fragment", async () => {
    const user = await stack.user("Panel Reader");
    await unfrozen(user);
    const res = await get(user, "/notifications/panel", htmx());
    const html = await res.text();
    expect(html).toContain('class="notif notif-panel is-unread"');
    expect(html).toContain(">just now</time>");
    expect(html).toContain('<span class="notif-unread"><span class="notif-dot" aria-hidden="true"></span>Unread</span>');
    expect(html).toContain("All caught up");
    expect(html).toContain('<span id="bell-count" class="bell-count" hx-swap-oob="true">2<');
    const direct = await get(user, "/notifications/panel");
    expect([direct.status, direct.headers.get("location")]).toEqual([302, "/notifications"]);
  });

  test("signed out: pages go to sign-in and come back, actions ask to sign in", async () => {
    const page = await app.request("/notifications?unread=true");
    expect(page.headers.get("location")).toBe("/login?next=%2Fnotifications%3Funread%3Dtrue");
    const action = await app.request("/notifications/read-all", { method: "POST", headers: { origin: SITE, "hx-request": "true" } });
    expect(action.headers.get("hx-redirect")).toStartWith("/login");
  });
});
