import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { transactionsContract } from "../../proto-like-schemas/transactions.ts";
import { rpcClient } from "../../shared/rpc/client.ts";
import { parseCsv } from "../harness/csv.ts";
import { launchBrowser } from "../harness/browser.ts";
import { expectAccessible, expectNoSidewaysScroll, screenshot, startPageMesh, type PageMesh, type PageUser } from "../harness/pages.ts";

// Each test walks several pages in a real browser; the machine is shared, so allow for a slow one.
setDefaultTimeout(120_000);

const TZ = "America/New_York";

let mesh: PageMesh;
let browser: Browser;
let ada: PageUser;
let bob: PageUser;
let carol: PageUser;
let heldId: string;
const injection = '=HYPERLINK("http://evil.example","click me")';

type Listed = { id: string; amount: number; senderId: string; description: string | null; createdAt: string; counterparty: { name: string | null } | null };

/** Every transaction the API lists for `user` under `query`, all pages. */
async function apiList(user: PageUser, query: string): Promise<Listed[]> {
  const out: Listed[] = [];
  let cursor: string | null = null;
  do {
    const qs = new URLSearchParams(query);
    qs.set("limit", "100");
    if (cursor) qs.set("cursor", cursor);
    const r = await mesh.api<{ items: Listed[]; nextCursor: string | null }>("GET", `/api/v1/transactions?${qs}`, user.token);
    expect(r.status).toBe(200);
    out.push(...r.body.items);
    cursor = r.body.nextCursor;
  } while (cursor);
  return out;
}

async function transfer(from: PageUser, to: PageUser, amount: number, description: string, category?: string) {
  const r = await mesh.api("POST", "/api/v1/transactions/transfer", from.token, { recipientId: to.id, amount, description, category }, { "idempotency-key": crypto.randomUUID() });
  return r;
}

/** The calendar day of `at` in the browser's zone, as the date inputs take it. */
const dayIn = (at: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);

async function signedIn(user: PageUser, opts: { javaScriptEnabled?: boolean; acceptDownloads?: boolean } = {}): Promise<Page> {
  const page = await mesh.signIn(browser, user, { timezoneId: TZ, viewport: { width: 1280, height: 900 }, ...opts });
  // The zone app.js reports, set up front so the very first page already groups by New York days.
  await page.context().addCookies([{ name: "mint_tz", value: TZ, url: mesh.gatewayUrl }]);
  return page;
}

const rows = (page: Page) => page.locator("#txn-results").getByRole("listitem");

beforeAll(async () => {
  mesh = await startPageMesh();
  browser = await launchBrowser();
  [ada, bob, carol] = await Promise.all([
    mesh.user({ name: "Ada Lovelace", balance: 150_000 }),
    mesh.user({ name: "Bob Builder", balance: 5_000 }),
    mesh.user({ name: "Carol Danvers" }),
  ]);
  // A large first payment to a stranger is held for review (first, before a history of small
  // payments would make it look unusual enough to be blocked outright).
  const held = await transfer(ada, carol, 30_000, "Deposit for the flat");
  expect(held.status).toBe(202);
  heldId = held.body.id;
  // 22 payments to Bob (over a page of 20), a few back from him, and one with a formula for a description.
  for (let i = 1; i <= 22; i++) {
    const kind = i % 3 === 0 ? ["Pizza night", "FOOD"] : i % 3 === 1 ? ["Coffee", "FOOD"] : ["Taxi home", "TRANSPORT"];
    const r = await transfer(ada, bob, i * 100, `${kind[0]} ${i}`, kind[1]);
    expect(r.status).toBe(201);
  }
  for (let i = 1; i <= 3; i++) expect((await transfer(bob, ada, 250 * i, `Refund ${i}`)).status).toBe(201);
  expect((await transfer(ada, bob, 777, injection)).status).toBe(201);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await mesh?.stop();
});

describe("/transactions in Chromium", () => {
  test("on a phone the list comes first: the filters fold behind their heading, and open while one is set", async () => {
    const page = await mesh.signIn(browser, ada, { timezoneId: TZ, viewport: { width: 390, height: 844 } });
    await page.goto(`${mesh.gatewayUrl}/transactions`);
    const toggle = page.getByRole("button", { name: "Filters", exact: true });
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    expect(await page.getByLabel("Search").isVisible()).toBe(false);
    // The first transactions are on the first screen.
    const firstRow = await rows(page).first().boundingBox();
    expect(firstRow!.y + firstRow!.height).toBeLessThan(844);
    await expectAccessible(page);
    await screenshot(page, "transactions-filters-folded-phone", { fullPage: false });

    await toggle.click();
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    await page.getByLabel("Type").selectOption("TOPUP");
    await page.waitForURL(/\?type=TOPUP$/);
    await page.getByText("3 transactions matching your filters").waitFor();
    // A filter in use keeps them in view, and the heading still folds them.
    expect(await page.getByLabel("Type").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Filters", exact: true }).getAttribute("aria-expanded")).toBe("true");
    await expectNoSidewaysScroll(page);

    // On a wide screen there is nothing to unfold.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${mesh.gatewayUrl}/transactions`);
    await page.getByLabel("Search").waitFor();
    expect(await page.getByRole("button", { name: "Filters", exact: true }).count()).toBe(0);
    await page.context().close();
  });

  test("the list: names, grouped by day, 20 at a time with Load more, accessible, no sideways scroll on a phone", async () => {
    const page = await signedIn(ada);
    await page.goto(`${mesh.gatewayUrl}/transactions`);
    await page.getByRole("heading", { name: "Today" }).waitFor();
    expect(await rows(page).count()).toBe(20);
    await page.getByText("Showing the latest 20 transactions").waitFor();
    // The newest first, the other party by name, never by id.
    const first = rows(page).first();
    expect(await first.innerText()).toContain("HYPERLINK");
    expect(await first.innerText()).toContain("To Bob Builder");
    expect(await first.innerText()).toContain("Completed");
    expect(await page.getByText(bob.id).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, "transactions-list-desktop");
    await expectNoSidewaysScroll(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "transactions-list-phone");
    await page.setViewportSize({ width: 1280, height: 900 });

    const all = await apiList(ada, "");
    await page.getByRole("link", { name: "Load more" }).click();
    // The held transfer to Carol, further down: held for review, in words.
    const held = rows(page).filter({ hasText: "Deposit for the flat" });
    await held.waitFor();
    expect(await held.innerText()).toContain("To Carol Danvers");
    expect(await held.innerText()).toContain("Held for review");
    await page.getByText(`${all.length} transactions`, { exact: true }).waitFor();
    expect(await rows(page).count()).toBe(all.length);
    // The appended rows continue the same day: one heading, and the URL stays the list's.
    expect(await page.getByRole("heading", { name: "Today" }).count()).toBe(1);
    expect(new URL(page.url()).search).toBe("");
    await page.getByText("That's everything.").waitFor();
    // The keyboard continues from the first new row.
    expect(await page.evaluate<string>("document.activeElement?.getAttribute('href') ?? ''")).toBe(`/transactions/${all[20]!.id}`);
    await page.context().close();
  });

  test("filters are applied by the server and kept in the URL; Back restores the previous filter", async () => {
    const page = await signedIn(ada);
    await page.goto(`${mesh.gatewayUrl}/transactions`);
    await page.getByLabel("Search").fill("Pizza");
    await page.getByLabel("Search").press("Enter");
    await page.waitForURL(/\?q=Pizza$/);
    await page.getByText("7 transactions matching your filters").waitFor();
    expect((await page.locator("#txn-results").innerText()).match(/Pizza night/g)?.length).toBe(7);

    await page.getByLabel("Direction").selectOption("received");
    await page.waitForURL(/\?q=Pizza&direction=received$/);
    await page.getByText("No transactions found — try adjusting your filters").waitFor();
    await expectAccessible(page);
    await screenshot(page, "transactions-empty-desktop");
    await expectNoSidewaysScroll(page);

    await page.goBack();
    await page.waitForURL(/\?q=Pizza$/);
    await page.getByText("7 transactions matching your filters").waitFor();
    expect(await page.getByLabel("Search").inputValue()).toBe("Pizza");
    expect(await page.getByLabel("Direction").inputValue()).toBe("");

    // Type, status, amount range and dates, each applied by the server.
    await page.goto(`${mesh.gatewayUrl}/transactions`);
    await page.getByLabel("Status").selectOption("PENDING");
    await page.waitForURL(/\?status=PENDING$/);
    await page.getByText("1 transaction matching your filters").waitFor();
    expect(await rows(page).first().innerText()).toContain("Deposit for the flat");

    await page.goto(`${mesh.gatewayUrl}/transactions?type=TOPUP`);
    await page.getByText("3 transactions matching your filters").waitFor();

    await page.goto(`${mesh.gatewayUrl}/transactions`);
    await page.getByLabel("Min amount ($)").fill("5");
    await page.getByLabel("Max amount ($)").fill("7.00");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/\?min=5&max=7\.00$/);
    await page.getByText("4 transactions matching your filters").waitFor(); // $5, $6, $7 to Bob and $5.00 back from him
    await expectAccessible(page);
    await screenshot(page, "transactions-filtered-desktop");
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page);
    await screenshot(page, "transactions-filtered-phone");
    await page.setViewportSize({ width: 1280, height: 900 });

    const today = dayIn(new Date());
    await page.goto(`${mesh.gatewayUrl}/transactions?from=${today}&to=${today}&direction=received`);
    await page.getByText("3 transactions matching your filters").waitFor();
    const tomorrow = dayIn(new Date(Date.now() + 86_400_000 * 2));
    await page.goto(`${mesh.gatewayUrl}/transactions?from=${tomorrow}`);
    await page.getByText("No transactions found — try adjusting your filters").waitFor();

    // Bad input gets a message next to its field, not an error page.
    await page.goto(`${mesh.gatewayUrl}/transactions`);
    await page.getByLabel("Min amount ($)").fill("abc");
    await page.getByLabel("From date").fill(today);
    await page.getByLabel("To date").fill("2020-01-01");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByText("Enter an amount in dollars, like 12.50.").waitFor();
    await page.getByText("The end date must be on or after the start date.").waitFor();
    expect(await page.getByLabel("Min amount ($)").getAttribute("aria-invalid")).toBe("true");
    expect(page.url()).toContain("min=abc");
    await expectAccessible(page);
    await screenshot(page, "transactions-bad-filters-desktop");

    await page.getByRole("link", { name: "Clear" }).click();
    await page.waitForURL(/\/transactions$/);
    await page.getByText("Showing the latest 20 transactions").waitFor();
    await page.context().close();
  });

  test("the detail panel names the other party and follows a held transfer to approval without a reload", async () => {
    const page = await signedIn(ada);
    await page.goto(`${mesh.gatewayUrl}/transactions?q=flat`);
    await rows(page).filter({ hasText: "Deposit for the flat" }).getByRole("link").click();
    const panel = page.getByRole("dialog");
    await panel.getByRole("heading", { name: "Deposit for the flat" }).waitFor();
    const text = await panel.innerText();
    for (const expected of ["Carol Danvers", carol.email, "−$300.00", "Held for review", "Fees", "None", "Transfer", heldId, "Status history", "Created"]) expect(text).toContain(expected);
    expect(text).not.toContain(carol.id);
    await expectAccessible(page);
    await screenshot(page, "transactions-detail-held-desktop");
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page);
    await screenshot(page, "transactions-detail-held-phone", { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });

    // An admin approves it over the transactions RPC; the open panel and the row follow.
    const rpc = rpcClient(mesh.nc, transactionsContract, 10_000);
    await rpc.approveHeld({ transactionId: heldId, adminId: crypto.randomUUID() });
    await panel.getByText("Approved after review").waitFor({ timeout: 10_000 });
    expect(await panel.innerText()).toContain("A reviewer approved it and the money was sent.");
    await screenshot(page, "transactions-detail-approved-desktop");
    await page.keyboard.press("Escape");
    await rows(page).filter({ hasText: "Deposit for the flat" }).getByText("Completed").waitFor({ timeout: 10_000 });
    await page.context().close();
  });

  test("the CSV export of a filtered list matches the API's list, with formulas neutralised", async () => {
    const page = await signedIn(ada, { acceptDownloads: true });
    await page.goto(`${mesh.gatewayUrl}/transactions?direction=sent&type=TRANSFER`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toBe(`mint-transactions-${dayIn(new Date())}.csv`);
    const text = readFileSync((await download.path())!, "utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const [header, ...records] = parseCsv(text.slice(1));
    expect(header).toEqual(["Date", "Transaction ID", "Type", "Direction", "Status", "Counterparty", "Description", "Category", "Merchant", "Amount", "Currency"]);
    const expected = await apiList(ada, "direction=sent&type=TRANSFER");
    expect(records.length).toBe(expected.length);
    expect(records.map((r) => r[1])).toEqual(expected.map((t) => t.id));
    for (const [i, t] of expected.entries()) {
      const r = records[i]!;
      expect(r[0]).toBe(new Date(t.createdAt).toISOString());
      expect(r[3]).toBe("Sent");
      expect(r[5]).toBe(t.counterparty!.name!);
      expect(r[9]).toBe(`-${Math.trunc(t.amount / 100)}.${String(t.amount % 100).padStart(2, "0")}`);
    }
    const formula = records.find((r) => r[6]!.includes("HYPERLINK"))!;
    expect(formula[6]).toBe(`'${injection}`);
    expect(formula[9]).toBe("-7.77");
    await page.context().close();
  });

  test("without JavaScript: filter with the form, page with a link, read a transaction on its own page", async () => {
    const page = await signedIn(ada, { javaScriptEnabled: false });
    await page.goto(`${mesh.gatewayUrl}/transactions`);
    await page.getByLabel("Search").fill("Taxi");
    await page.getByLabel("Type").selectOption("TRANSFER");
    await page.getByRole("button", { name: "Apply filters" }).click();
    // The empty fields of the submitted form leave the URL.
    await page.waitForURL(/\/transactions\?q=Taxi&type=TRANSFER$/);
    await page.getByText("7 transactions matching your filters").waitFor();

    await page.goto(`${mesh.gatewayUrl}/transactions`);
    await page.getByRole("link", { name: "Load more" }).click();
    await page.waitForURL(/cursor=/);
    await page.getByRole("heading", { name: "Older transactions" }).waitFor();
    const older = await rows(page).count();
    expect(older).toBeGreaterThan(0);

    await page.goto(`${mesh.gatewayUrl}/transactions?q=flat`);
    await rows(page).first().getByRole("link").click();
    await page.waitForURL(new RegExp(`/transactions/${heldId}$`));
    await page.getByRole("heading", { name: "Status history" }).waitFor();
    const text = await page.locator("main").innerText();
    for (const expected of ["Carol Danvers", "Held for review", "Approved after review"]) expect(text).toContain(expected);
    await screenshot(page, "transactions-detail-page-nojs-desktop");
    await page.context().close();

    // The same page with JavaScript (axe-core needs it): accessible, and no sideways scroll on a phone.
    const withJs = await signedIn(ada);
    await withJs.goto(`${mesh.gatewayUrl}/transactions/${heldId}`);
    await withJs.getByRole("heading", { name: "Status history" }).waitFor();
    await expectAccessible(withJs);
    await expectNoSidewaysScroll(withJs);
    await withJs.setViewportSize({ width: 390, height: 844 });
    await screenshot(withJs, "transactions-detail-page-phone");
    await withJs.context().close();
  });

  test("another user's transaction is not found; the recipient sees the sender by name", async () => {
    const page = await signedIn(bob);
    const res = await page.goto(`${mesh.gatewayUrl}/transactions/${heldId}`);
    expect(res?.status()).toBe(404);
    await page.goto(`${mesh.gatewayUrl}/transactions?direction=received&q=Coffee`);
    expect(await rows(page).first().innerText()).toContain("From Ada Lovelace");
    await page.context().close();
  });
});
