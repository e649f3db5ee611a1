import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { eventually } from "../../shared/testing/wait.ts";
import { launchBrowser } from "../harness/browser.ts";
import { expectAccessible, expectNoSidewaysScroll, screenshot, signInContext, startPageMesh, type PageMesh, type PageUser } from "../harness/pages.ts";

setDefaultTimeout(90_000);

// The shell's live connection, the bell's slide-over and /notifications, in Chromium through the
// gateway, with every service running as its own process.
let mesh: PageMesh;
let browser: Browser;

beforeAll(async () => {
  mesh = await startPageMesh();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await mesh?.stop();
});

async function transfer(from: PageUser, to: PageUser, amount: number, description?: string) {
  const r = await mesh.api("POST", "/api/v1/transactions/transfer", from.token, { recipientId: to.id, amount, description }, { "idempotency-key": crypto.randomUUID() });
  expect(r.status).toBe(201);
  return r.body as { id: string };
}

async function topUp(user: PageUser, amount: number) {
  const r = await mesh.api("POST", "/api/v1/transactions/topup", user.token, { amount }, { "idempotency-key": crypto.randomUUID() });
  expect(r.status).toBe(201);
}

/** Runs `count` calls, four at a time (one user's payments queue on their lock). */
async function inBatches(count: number, call: (i: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += 4) await Promise.all(Array.from({ length: Math.min(4, count - start) }, (_, k) => call(start + k)));
}

const unreadOf = async (user: PageUser) => (await mesh.api<{ count: number }>("GET", "/api/v1/notifications/unread-count", user.token)).body.count;

/** Waits until the user's notifications have settled (the count stops changing), so a page starts from a known state. */
async function settledUnread(user: PageUser): Promise<number> {
  let last = -1;
  let stable = 0;
  await eventually(async () => {
    const now = await unreadOf(user);
    stable = now === last ? stable + 1 : 0;
    last = now;
    return stable >= 2;
  }, { timeoutMs: 20_000, intervalMs: 300, what: "notifications settled" });
  return last;
}

/** What each page said about its live connection, shown when it does not connect. */
const diagnostics = new WeakMap<Page, string[]>();

async function signedIn(user: PageUser, opts: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Page> {
  // Reduced motion: sheets are where they end up at once (and screenshots are not mid-slide).
  const page = await mesh.signIn(browser, user, { viewport: { width: opts.width ?? 1280, height: 900 }, javaScriptEnabled: opts.javaScriptEnabled ?? true, reducedMotion: "reduce" });
  const log: string[] = [];
  diagnostics.set(page, log);
  page.on("console", (m) => void (m.type() === "error" && log.push(`console: ${m.text()}`)));
  page.on("pageerror", (e) => log.push(`page error: ${e.message}`));
  page.on("request", (r) => void (r.url().includes("/live") && log.push(`asked for ${r.url()}`)));
  page.on("response", (r) => void (r.url().includes("/live") && log.push(`answered ${r.status()} ${r.headers()["content-type"]}`)));
  return page;
}

/**
 * The page's live connection is open (the shell marks <html data-live="connected">). A function,
 * not a string: the pages' CSP (no unsafe-eval) refuses strings evaluated in the page.
 */
const liveConnected = async (page: Page) => {
  try {
    await page.waitForFunction(() => (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.live === "connected", undefined, { timeout: 15_000 });
  } catch (err) {
    throw new Error(`${(err as Error).message}\nconnection: ${await page.evaluate("document.documentElement.dataset.live")}\n${(diagnostics.get(page) ?? []).join("\n")}`);
  }
};

/** Records the named live events reaching <body>, as a page part listening `from:body` hears them. */
async function recordBodyEvents(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__liveEvents = [];
    for (const name of ["wallet-changed", "transactions-changed", "analytics-changed", "notifications-changed", "live-connected"]) {
      document.body.addEventListener(name, () => window.__liveEvents.push(name));
    }
  })()`);
}
const bodyEvents = (page: Page) => page.evaluate<string[]>("window.__liveEvents");

const bell = (page: Page) => page.getByRole("link", { name: /^Show notifications/ });
/** The sidebar's Notifications link, whose name carries the unread count ("Notifications 3 unread"; just "Notifications" at 0). */
const sidebarBadge = (page: Page, count: number) => page.getByRole("navigation").getByRole("link", { name: count > 0 ? `Notifications ${count} unread` : "Notifications", exact: true });
const panel = (page: Page) => page.getByRole("dialog", { name: "Notifications" });

describe("live updates", () => {
  test("a transfer from another user changes the open dashboard's badge and slide-over within 2 seconds, without a reload", async () => {
    const [grace, alan] = await Promise.all([mesh.user({ name: "Grace Hopper" }), mesh.user({ name: "Alan Turing", balance: 200_00 })]);
    const before = await settledUnread(grace);
    const page = await signedIn(grace);
    await page.goto(`${mesh.gatewayUrl}/dashboard`);
    await liveConnected(page);
    await recordBodyEvents(page);
    await sidebarBadge(page, before).waitFor();

    // The slide-over open while the money arrives: the new item lands on top of it.
    await bell(page).click();
    await panel(page).getByText("Welcome to Mint!").waitFor();
    const loadedAt = page.url();

    await transfer(alan, grace, 12_34, "Dinner at the Savoy");
    const sentAt = performance.now();
    await panel(page).getByRole("link", { name: /Transfer Received.*You received \$12\.34 from Alan Turing/ }).waitFor({ timeout: 2_000 });
    await sidebarBadge(page, before + 1).waitFor({ timeout: 2_000 });
    const elapsed = performance.now() - sentAt;
    expect(elapsed).toBeLessThan(2_000);
    console.info(`live: transfer answered → badge and slide-over updated in ${Math.round(elapsed)} ms`);
    expect(page.url()).toBe(loadedAt);
    expect(await bell(page).textContent()).toContain(String(before + 1));
    await panel(page).getByText(`${before + 1} unread`).waitFor();

    // The events page parts listen for reached <body>.
    const events = await bodyEvents(page);
    expect(events).toContain("wallet-changed");
    expect(events).toContain("transactions-changed");
    expect(events).toContain("notifications-changed");
    // The dashboard's balance card refreshes itself on wallet-changed.
    await page.keyboard.press("Escape");
    const card = page.getByRole("region", { name: /available balance/i });
    if ((await card.count()) > 0) await card.getByText("$12.34").first().waitFor({ timeout: 5_000 });
    await page.context().close();
  });

  test("after the stream is cut and restored, what was sent meanwhile appears", async () => {
    const [ida, bert] = await Promise.all([mesh.user({ name: "Ida Rhodes" }), mesh.user({ name: "Bert Sutherland", balance: 100_00 })]);
    await settledUnread(ida);
    const page = await signedIn(ida);
    await page.goto(`${mesh.gatewayUrl}/notifications`);
    await liveConnected(page);
    await recordBodyEvents(page);
    const feed = page.getByRole("region", { name: "Today" });

    // The notifications service restarts: the web keeps the browser's stream and reopens its own.
    await mesh.services.notifications!.stop();
    await transfer(bert, ida, 1_01, "While notifications was down");
    await mesh.services.notifications!.restart();
    await feed.getByRole("link", { name: /Transfer Received/ }).first().waitFor({ timeout: 20_000 });
    await feed.getByText("You received $1.01 from Bert Sutherland").waitFor();

    // The web service restarts: the browser reconnects by itself and resumes after its Last-Event-ID.
    await mesh.services.web!.stop();
    await transfer(bert, ida, 2_02, "While the web was down");
    await mesh.services.web!.restart();
    await feed.getByText("You received $2.02 from Bert Sutherland").waitFor({ timeout: 30_000 });
    // Reconnected twice: the web's relay behind the scenes, then the browser itself.
    expect((await bodyEvents(page)).filter((e) => e === "live-connected").length).toBeGreaterThanOrEqual(2);
    // Each arrived once, though the connection was cut twice.
    expect(await feed.getByText("You received $1.01 from Bert Sutherland").count()).toBe(1);
    expect(await feed.getByText("You received $2.02 from Bert Sutherland").count()).toBe(1);
    await sidebarBadge(page, await unreadOf(ida)).waitFor();
    await page.context().close();
  });
});

describe("the live connection opens", () => {
  test("even when the SSE extension's script arrives after htmx has started", async () => {
    const user = await mesh.user({ name: "Slow Network" });
    const page = await signedIn(user);
    // The extension's file is slow to arrive; htmx's own is not.
    await page.route(/\/static\/hx-sse\.js/, async (route) => {
      await Bun.sleep(700);
      await route.continue();
    });
    await page.goto(`${mesh.gatewayUrl}/notifications`);
    await liveConnected(page);
    await page.context().close();
  });
});

describe("the bell's slide-over", () => {
  test("click an item: it is marked read and opens where it belongs; Mark all read zeroes the badge", async () => {
    const [kat, lin] = await Promise.all([mesh.user({ name: "Katherine Johnson" }), mesh.user({ name: "Lin Ma", balance: 100_00 })]);
    const txn = await transfer(lin, kat, 5_00, "Books");
    await settledUnread(kat);
    const page = await signedIn(kat);
    await page.goto(`${mesh.gatewayUrl}/notifications?unread=true`);
    await liveConnected(page);
    const before = await unreadOf(kat);

    await bell(page).click();
    const item = panel(page).getByRole("link", { name: /Transfer Received/ });
    await item.waitFor();
    expect(await item.textContent()).toContain("Unread");
    await screenshot(page, "live-slideover-desktop", { fullPage: false });
    await expectAccessible(page);
    await item.click();
    await page.waitForURL(`${mesh.gatewayUrl}/transactions/${txn.id}`);
    expect(await unreadOf(kat)).toBe(before - 1);

    // On the feed, Mark all read shows the feed again, everything read.
    await page.goto(`${mesh.gatewayUrl}/notifications`);
    await liveConnected(page);
    await bell(page).click();
    await panel(page).getByRole("button", { name: "Mark all read" }).click();
    await page.getByRole("status").getByText("All notifications marked as read.").waitFor();
    await sidebarBadge(page, 0).waitFor();
    await page.getByText("No new activity").waitFor();
    expect(await page.getByRole("main").getByRole("listitem").filter({ hasText: /\bUnread\b/ }).count()).toBe(0);
    expect(await unreadOf(kat)).toBe(0);
    // "View all" goes to the feed.
    await bell(page).click();
    await panel(page).getByRole("link", { name: "View all" }).click();
    await page.waitForURL(`${mesh.gatewayUrl}/notifications`);
    await page.context().close();
  });

  test("at 390 px the slide-over fits the phone, and the menu opens as a sheet", async () => {
    const user = await mesh.user({ name: "Phone Person" });
    const page = await signedIn(user, { width: 390 });
    await page.goto(`${mesh.gatewayUrl}/dashboard`);
    await liveConnected(page);
    await bell(page).click();
    await panel(page).getByText("Welcome to Mint!").waitFor();
    const box = await panel(page).boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(Math.round(box!.width)).toBeLessThanOrEqual(390);
    await expectNoSidewaysScroll(page);
    await screenshot(page, "live-slideover-phone", { fullPage: false });
    await expectAccessible(page);
    // Mark all read from the slide-over, off the feed: the list and every count change in place.
    await panel(page).getByRole("button", { name: "Mark all read" }).click();
    await panel(page).getByText("You're all caught up").waitFor();
    // (The sidebar is a closed sheet on a phone; the bell shows the count.)
    await page.getByRole("link", { name: "Show notifications", exact: true }).waitFor();
    expect(await panel(page).getByText("Unread", { exact: true }).count()).toBe(0);
    await page.getByRole("status").getByText("All notifications marked as read.").waitFor();
    expect(await unreadOf(user)).toBe(0);
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Open menu" }).click();
    await page.getByRole("navigation").getByRole("link", { name: "Wallet" }).waitFor({ state: "visible" });
    await screenshot(page, "live-menu-phone", { fullPage: false });
    await page.context().close();
  });
});

describe("/notifications", () => {
  test("pages of 20 with Load more, the unread filter in the URL, groups and names", async () => {
    const [nora, omar] = await Promise.all([mesh.user({ name: "Nora Ephron" }), mesh.user({ name: "Omar Khayyam", balance: 300_00 })]);
    // Twenty top-ups a few at a time, then the two newest: money from Omar.
    await inBatches(20, (i) => topUp(nora, 101 + i));
    for (const i of [21, 22]) await transfer(omar, nora, 100 + i, `Gift ${i}`);
    await eventually(async () => (await mesh.api<{ items: unknown[] }>("GET", "/api/v1/notifications/?limit=100", nora.token)).body.items.length >= 24, { timeoutMs: 30_000, what: "24 notifications" });
    const page = await signedIn(nora);
    await page.goto(`${mesh.gatewayUrl}/notifications`);
    const items = page.getByRole("main").getByRole("listitem");
    expect(await items.count()).toBe(20);
    await page.getByRole("region", { name: "Today" }).waitFor();
    expect(await page.getByRole("main").getByText("You received $1.22 from Omar Khayyam").count()).toBe(1);
    expect(await page.getByRole("main").getByText("Transaction", { exact: true }).count()).toBeGreaterThan(0);
    await screenshot(page, "notifications-desktop");
    await expectAccessible(page);

    await page.getByRole("link", { name: "Load more" }).click();
    await eventually(async () => (await items.count()) >= 24, { timeoutMs: 10_000, what: "the next page appended" });
    expect(page.url()).toBe(`${mesh.gatewayUrl}/notifications`);
    await page.getByText("That's everything.").waitFor();

    // Unread filter: mark one read, and the unread view leaves it out.
    const first = page.getByRole("main").getByRole("listitem").filter({ hasText: "You received $1.22" });
    await first.getByRole("button", { name: /Mark as read/ }).click();
    await first.getByRole("button", { name: /Mark as read/ }).waitFor({ state: "detached" });
    await page.getByRole("link", { name: "Unread", exact: true }).click();
    await page.waitForURL(`${mesh.gatewayUrl}/notifications?unread=true`);
    expect(await page.getByRole("main").getByText("You received $1.22 from Omar Khayyam").count()).toBe(0);
    expect(await page.getByRole("main").getByText("You received $1.21 from Omar Khayyam").count()).toBe(1);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "notifications-phone", { fullPage: false });
    await expectNoSidewaysScroll(page);
    await page.context().close();
  });

  test("without JavaScript: mark one read (post, redirect, shown read), mark all read, and Load more as a link", async () => {
    const [pia, quin] = await Promise.all([mesh.user({ name: "Pia Zadora" }), mesh.user({ name: "Quin Fabray", balance: 300_00 })]);
    await inBatches(20, (i) => topUp(pia, 201 + i));
    await transfer(quin, pia, 221);
    const total = await eventually(async () => {
      const n = (await mesh.api<{ items: unknown[] }>("GET", "/api/v1/notifications/?limit=100", pia.token)).body.items.length;
      return n >= 24 ? n : undefined;
    }, { timeoutMs: 30_000, what: "24 notifications" });
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    await signInContext(context, mesh.gatewayUrl, pia);
    const page = await context.newPage();
    await page.goto(`${mesh.gatewayUrl}/notifications`);
    const newest = page.getByRole("main").getByRole("listitem").filter({ hasText: "You received $2.21" });
    expect(await newest.textContent()).toContain("Unread");
    await newest.getByRole("button", { name: /Mark as read/ }).click();
    await page.waitForURL(`${mesh.gatewayUrl}/notifications`);
    expect(await newest.textContent()).not.toContain("Unread");
    expect(await newest.getByRole("button").count()).toBe(0);

    // The bell is a plain link here.
    await bell(page).click();
    await page.waitForURL(`${mesh.gatewayUrl}/notifications`);

    // On a phone the menu still opens (as the #sidebar target) and closes.
    await page.setViewportSize({ width: 390, height: 844 });
    const walletLink = page.getByRole("navigation").getByRole("link", { name: "Wallet" });
    expect(await walletLink.isVisible()).toBe(false);
    await page.getByRole("button", { name: "Open menu" }).click();
    await walletLink.waitFor({ state: "visible" });
    await page.getByRole("button", { name: "Close menu" }).click();
    await walletLink.waitFor({ state: "hidden" });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole("link", { name: "Load more" }).click();
    await page.waitForURL(/\/notifications\?cursor=/);
    await page.getByRole("link", { name: "Back to the newest" }).waitFor();
    expect(await page.getByRole("main").getByRole("listitem").count()).toBe(total - 20);

    await page.getByRole("button", { name: "Mark all as read" }).click();
    await page.waitForURL(/\/notifications\?cursor=/);
    await page.getByText("All notifications marked as read.").waitFor();
    expect(await unreadOf(pia)).toBe(0);
    await context.close();
  });
});
