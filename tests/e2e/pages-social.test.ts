/**
 * /social as people use it, in Chromium through the gateway: contacts (add by e-mail search,
 * remove, send money), money requests (ask, pay in the other person's own browser, decline,
 * cancel, with and without JavaScript, live), bill splits (create with shares that must add up,
 * pay shares, settle), each tab and dialog checked with axe-core and at phone width.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, Locator, Page } from "playwright-core";
import { eventually } from "../../shared/testing/wait.ts";
import { launchBrowser } from "../harness/browser.ts";
import { expectAccessible, expectNoSidewaysScroll, screenshot, startPageMesh, type PageMesh, type PageUser } from "../harness/pages.ts";

setDefaultTimeout(90_000);

let mesh: PageMesh;
let browser: Browser;
beforeAll(async () => {
  [mesh, browser] = await Promise.all([startPageMesh(), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await mesh?.stop();
});

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Content-Security-Policy violations seen in any page (none expected); screenshots inject a style of their own. */
const cspViolations: string[] = [];
let shooting = 0;

const url = (path: string) => `${mesh.gatewayUrl}${path}`;
const balanceOf = async (u: PageUser) => (await mesh.api<{ availableBalance: number }>("GET", "/api/v1/wallet/", u.token)).body.availableBalance;

async function signedIn(u: PageUser, opts: { javaScript?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const page = await mesh.signIn(browser, u, { javaScriptEnabled: opts.javaScript ?? true, viewport: opts.viewport ?? DESKTOP });
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content Security Policy/i.test(msg.text()) && shooting === 0) cspViolations.push(`${page.url()}: ${msg.text()}`);
  });
  return page;
}

async function shot(page: Page, name: string) {
  shooting++;
  try {
    await screenshot(page, name);
    await Bun.sleep(100);
  } finally {
    shooting--;
  }
}

/** Desktop and phone screenshots of the page as it is. */
async function shots(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await shot(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  await shot(page, `${name}-phone`);
  await page.setViewportSize(DESKTOP);
}

/** axe-core and 390 px for the page as it is now. */
async function checked(page: Page) {
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
}

const toasts = (page: Page) => page.locator("#toasts");
const section = (page: Page, name: string) => page.getByRole("region", { name });
const tab = (page: Page, name: RegExp) => page.getByRole("navigation", { name: "Social sections" }).getByRole("link", { name });

/** Types the start of `who`'s e-mail into a search box and waits for them to be listed by name. */
async function search(scope: Page | Locator, label: string, who: PageUser, control: "button" | "radio") {
  await scope.getByLabel(label).fill(who.email.split("@")[0]!);
  const found = control === "button" ? scope.getByRole("button", { name: `Add ${who.name}` }) : scope.getByRole("radio", { name: new RegExp(who.name) });
  await found.waitFor();
  return found;
}

async function asks(from: PageUser, of: PageUser, amount: number, note?: string): Promise<{ id: string }> {
  const r = await mesh.api("POST", "/api/v1/social/requests", from.token, { recipientId: of.id, amount, note });
  expect(r.status).toBe(201);
  return r.body;
}

const requestOf = async (u: PageUser, id: string) => (await mesh.api<{ status: string }>("GET", `/api/v1/social/requests/${id}`, u.token)).body;

describe("contacts", () => {
  test("add someone found by e-mail and see their name; send them money; remove them after confirming", async () => {
    const [ada, bob] = await Promise.all([mesh.user({ name: "Ada Contacts", balance: 5_000 }), mesh.user({ name: "Bob Builder" })]);
    const page = await signedIn(ada);
    await page.goto(url("/social"));
    expect(await tab(page, /Contacts/).getAttribute("aria-current")).toBe("page");
    await page.getByText("No contacts yet").waitFor();
    await shots(page, "social-contacts-empty");

    await section(page, "Contacts").getByRole("button", { name: "Add contact" }).click();
    const add = page.getByRole("dialog", { name: "Add a contact" });
    await add.waitFor();
    const addBob = await search(add, "Their e-mail address", bob, "button");
    await checked(page);
    await shots(page, "social-add-contact-dialog");
    await addBob.click();
    await toasts(page).getByText("Added Bob Builder to your contacts.").waitFor();
    expect(await add.isVisible()).toBe(false);

    const list = page.getByRole("list", { name: "Your contacts" });
    const row = list.getByRole("listitem").filter({ hasText: "Bob Builder" });
    await row.waitFor();
    await row.getByText(bob.email).waitFor();
    const month = new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date());
    await row.getByText(`Since ${month}`).waitFor();
    await section(page, "Contacts").getByText("1 contact").waitFor();
    // Names, never ids.
    expect(await page.locator("#content").innerText()).not.toContain(bob.id.slice(0, 8));
    await shots(page, "social-contacts");

    // Send money to the contact: the money form, with its key born with it.
    await row.getByRole("button", { name: "Send money to Bob Builder" }).click();
    const send = page.getByRole("dialog", { name: "Send money" });
    await send.getByLabel("Amount (USD)").waitFor();
    await checked(page);
    await shots(page, "social-send-dialog");
    await send.getByLabel("Amount (USD)").fill("12.50");
    await send.getByLabel("Note (optional)").fill("Lunch");
    await send.getByRole("button", { name: "Send money to Bob Builder" }).click();
    await toasts(page).getByText("Sent $12.50 to Bob Builder.").waitFor();
    expect(await send.isVisible()).toBe(false);
    expect(await balanceOf(ada)).toBe(3_750);
    expect(await balanceOf(bob)).toBe(1_250);

    // Remove, after saying yes.
    await row.getByRole("button", { name: "Remove Bob Builder" }).click();
    const confirm = page.getByRole("dialog", { name: "Remove contact" });
    await confirm.getByText("from your contacts?").waitFor();
    await checked(page);
    await shots(page, "social-remove-dialog");
    await confirm.getByRole("button", { name: "Keep" }).click();
    expect(await confirm.isVisible()).toBe(false);
    await row.waitFor();
    await row.getByRole("button", { name: "Remove Bob Builder" }).click();
    await confirm.getByRole("button", { name: "Remove Bob Builder" }).click();
    await toasts(page).getByText("Removed Bob Builder from your contacts.").waitFor();
    await page.getByText("No contacts yet").waitFor();
    const left = await mesh.api<{ items: unknown[] }>("GET", "/api/v1/social/contacts", ada.token);
    expect(left.body.items).toEqual([]);
  });

  test("without JavaScript: search, add and remove are plain forms and pages", async () => {
    const [ada, bob] = await Promise.all([mesh.user({ name: "Ada Plain" }), mesh.user({ name: "Bob Plainly" })]);
    const page = await signedIn(ada, { javaScript: false });
    await page.goto(url("/social"));
    await page.getByRole("button", { name: "Add contact" }).click();
    await page.waitForURL(/\/social\/contacts\/new/);
    await page.getByLabel("Their e-mail address").fill(bob.email.split("@")[0]!);
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("button", { name: "Add Bob Plainly" }).click();
    await page.waitForURL(/\/social\?tab=contacts/);
    await toasts(page).getByText("Added Bob Plainly to your contacts.").waitFor();
    await page.getByRole("button", { name: "Remove Bob Plainly" }).click();
    await page.waitForURL(/\/remove$/);
    await page.getByRole("button", { name: "Remove Bob Plainly" }).click();
    await toasts(page).getByText("Removed Bob Plainly from your contacts.").waitFor();
    await page.getByText("No contacts yet").waitFor();
  });
});

describe("money to a contact", () => {
  test("the send form pays once: Back and send again replays the first payment (no JavaScript)", async () => {
    const [ada, bob] = await Promise.all([mesh.user({ name: "Ada Resends", balance: 5_000 }), mesh.user({ name: "Bob Receives Once" })]);
    expect((await mesh.api("POST", "/api/v1/social/contacts", ada.token, { contactId: bob.id })).status).toBe(201);
    const page = await signedIn(ada, { javaScript: false });
    const posts: string[] = [];
    page.on("request", (r) => void (r.method() === "POST" && r.url().endsWith("/send") && posts.push(r.postData() ?? "")));
    await page.goto(url("/social"));
    await page.getByRole("button", { name: "Send money to Bob Receives Once" }).click();
    // The form's page carries the form's key in its address, so Back returns to the same form.
    await page.waitForURL(/\/social\/contacts\/[^/]+\/send\?key=[0-9a-f-]{36}$/);
    const headers = (await page.context().request.get(page.url())).headers();
    expect(headers["cache-control"]).toBe("private, no-cache");
    await page.getByLabel("Amount (USD)").fill("20.00");
    await page.getByRole("button", { name: "Send money to Bob Receives Once" }).click();
    await page.waitForURL(/\/social\?tab=contacts$/);
    await toasts(page).getByText("Sent $20.00 to Bob Receives Once.").waitFor();

    await page.goBack();
    await page.waitForURL(/\/send\?key=/);
    expect(await page.getByLabel("Amount (USD)").inputValue()).toBe("20.00");
    await page.getByRole("button", { name: "Send money to Bob Receives Once" }).click();
    await page.waitForURL(/\/social\?tab=contacts$/);
    await toasts(page).getByText("Already sent: $20.00 to Bob Receives Once went through when this form was first sent. Nothing was sent twice.").waitFor();
    expect(posts).toHaveLength(2);
    const key = (body: string) => new URLSearchParams(body).get("idempotency_key");
    expect(key(posts[1]!)).toBe(key(posts[0]!));
    expect(await balanceOf(ada)).toBe(3_000);
    expect(await balanceOf(bob)).toBe(2_000);
  });

  test("an amount typed wrong is refused next to its field and nothing moves", async () => {
    const [ada, bob] = await Promise.all([mesh.user({ name: "Ada Typos", balance: 1_000 }), mesh.user({ name: "Bob Waits" })]);
    expect((await mesh.api("POST", "/api/v1/social/contacts", ada.token, { contactId: bob.id })).status).toBe(201);
    const page = await signedIn(ada);
    await page.goto(url("/social"));
    await page.getByRole("button", { name: "Send money to Bob Waits" }).click();
    const send = page.getByRole("dialog", { name: "Send money" });
    for (const [typed, message] of [
      ["1e3", "Enter an amount in dollars, like 12.50."],
      ["-5", "Enter an amount greater than zero."],
      ["20.00", "You don't have enough available money for this. No money moved."],
    ] as const) {
      await send.getByLabel("Amount (USD)").fill(typed);
      await send.getByRole("button", { name: "Send money to Bob Waits" }).click();
      await send.getByText(message).waitFor();
      expect(await send.getByLabel("Amount (USD)").getAttribute("aria-invalid")).toBe("true");
    }
    expect(await balanceOf(bob)).toBe(0);
  });
});

describe("money requests", () => {
  test("ask by e-mail search; the other person pays in their own browser; both see it Paid without a reload", async () => {
    const [ada, bob] = await Promise.all([mesh.user({ name: "Ada Requester" }), mesh.user({ name: "Bob Payer", balance: 5_000 })]);
    const adaPage = await signedIn(ada);
    await adaPage.goto(url("/social?tab=requests"));
    await section(adaPage, "Money requests").getByText("Nobody has asked you for money.").waitFor();

    await section(adaPage, "Money requests").getByRole("button", { name: "Request money" }).click();
    const dialog = adaPage.getByRole("dialog", { name: "Request money" });
    await (await search(dialog, "Request from (e-mail)", bob, "radio")).check();
    await dialog.getByLabel("Amount (USD)").fill("7.25");
    await dialog.getByLabel("Note (optional)").fill("Movie tickets");
    await checked(adaPage);
    await shots(adaPage, "social-request-dialog");
    await dialog.getByRole("button", { name: "Send request" }).click();
    await toasts(adaPage).getByText("Asked Bob Payer for $7.25. They'll get a notification.").waitFor();
    expect(await dialog.isVisible()).toBe(false);
    const mine = adaPage.getByRole("list", { name: "Requests you made" }).getByRole("listitem").filter({ hasText: "You asked Bob Payer for $7.25" });
    await mine.getByText("Pending").waitFor();
    await mine.getByText("“Movie tickets”").waitFor();

    // Bob, in his own browser: the badge, the request by name, Pay.
    const bobPage = await signedIn(bob);
    await bobPage.goto(url("/social?tab=requests"));
    await tab(bobPage, /Requests 1 pending/).waitFor();
    const asked = bobPage.getByRole("list", { name: "Requests asked of you" }).getByRole("listitem").filter({ hasText: "Ada Requester asks you for $7.25" });
    await asked.waitFor();
    await checked(bobPage);
    await shots(bobPage, "social-requests-incoming");
    await asked.getByRole("button", { name: "Pay Ada Requester $7.25" }).click();
    // Accepting starts the payment; the page never says it was sent before it was.
    await toasts(bobPage).getByText(/^Paying Ada Requester \$7\.25…/).waitFor();
    await asked.getByText("Paid", { exact: true }).waitFor({ timeout: 15_000 });
    await asked.getByText("You paid Ada Requester.").waitFor();
    // Ada's page, open all along, follows without a reload.
    await mine.getByText("Paid", { exact: true }).waitFor({ timeout: 15_000 });
    await mine.getByText("Bob Payer paid you.").waitFor();
    await shots(adaPage, "social-requests-paid");
    expect(await balanceOf(ada)).toBe(725);
    expect(await balanceOf(bob)).toBe(4_275);
    await tab(bobPage, /^Requests$/).waitFor();
  });

  test("a payment that fails says why, on both sides", async () => {
    const [ada, bob] = await Promise.all([mesh.user({ name: "Ada Hopeful" }), mesh.user({ name: "Bob Broke", balance: 100 })]);
    const { id } = await asks(ada, bob, 5_000, "Rent");
    const bobPage = await signedIn(bob);
    await bobPage.goto(url("/social?tab=requests"));
    const asked = bobPage.getByRole("listitem").filter({ hasText: "Ada Hopeful asks you for $50.00" });
    await asked.getByRole("button", { name: /^Pay/ }).click();
    await asked.getByText("Payment failed").waitFor({ timeout: 15_000 });
    await asked.getByText("There wasn't enough money in your wallet. No money moved.").waitFor();
    expect((await requestOf(ada, id)).status).toBe("FAILED");
    const adaPage = await signedIn(ada);
    await adaPage.goto(url("/social?tab=requests"));
    await adaPage.getByRole("listitem").filter({ hasText: "You asked Bob Broke for $50.00" }).getByText("There wasn't enough money in Bob Broke's wallet. No money moved.").waitFor();
  });

  test("decline and cancel", async () => {
    const [ada, bob] = await Promise.all([mesh.user({ name: "Ada Asks" }), mesh.user({ name: "Bob Declines" })]);
    const first = await asks(ada, bob, 300, "Coffee");
    const second = await asks(ada, bob, 400, "Snacks");
    const bobPage = await signedIn(bob);
    await bobPage.goto(url("/social?tab=requests"));
    await tab(bobPage, /Requests 2 pending/).waitFor();
    const coffee = bobPage.getByRole("listitem").filter({ hasText: "“Coffee”" });
    await coffee.getByRole("button", { name: "Decline Ada Asks's request for $3.00" }).click();
    await toasts(bobPage).getByText("Declined Ada Asks's request for $3.00.").waitFor();
    await coffee.getByText("Declined", { exact: true }).waitFor();
    await tab(bobPage, /Requests 1 pending/).waitFor();
    expect((await requestOf(bob, first.id)).status).toBe("DECLINED");

    const adaPage = await signedIn(ada);
    await adaPage.goto(url("/social?tab=requests"));
    const snacks = adaPage.getByRole("listitem").filter({ hasText: "“Snacks”" });
    await snacks.getByRole("button", { name: "Cancel request to Bob Declines for $4.00" }).click();
    await toasts(adaPage).getByText("Cancelled your request to Bob Declines for $4.00.").waitFor();
    await snacks.getByText("Cancelled", { exact: true }).waitFor();
    await adaPage.getByRole("listitem").filter({ hasText: "“Coffee”" }).getByText("Bob Declines declined this request.").waitFor();
    expect((await requestOf(ada, second.id)).status).toBe("CANCELLED");
    // Bob's open page hears of the cancellation.
    await bobPage.getByRole("listitem").filter({ hasText: "“Snacks”" }).getByText("Cancelled", { exact: true }).waitFor({ timeout: 15_000 });
  });

  test("answer a request (Pay) with JavaScript disabled", async () => {
    const [ada, bob] = await Promise.all([mesh.user({ name: "Ada NoScript" }), mesh.user({ name: "Bob NoScript", balance: 2_000 })]);
    const { id } = await asks(ada, bob, 999, "Book");
    const page = await signedIn(bob, { javaScript: false });
    await page.goto(url("/social?tab=requests"));
    await page.getByRole("button", { name: "Pay Ada NoScript $9.99" }).click();
    await page.waitForURL(/\/social\?tab=requests$/);
    await toasts(page).getByText(/^Paying Ada NoScript \$9\.99…/).waitFor();
    await eventually(async () => (await requestOf(bob, id)).status === "PAID", { timeoutMs: 15_000, what: "the request paid" });
    await page.reload();
    await page.getByRole("listitem").filter({ hasText: "Ada NoScript asks you for $9.99" }).getByText("Paid", { exact: true }).waitFor();
    expect(await balanceOf(bob)).toBe(1_001);
  });

  test("without JavaScript: ask on the form's own page; a bad amount is refused next to its field", async () => {
    const [ada, bob] = await Promise.all([mesh.user({ name: "Ada FormPage" }), mesh.user({ name: "Bob FormPage" })]);
    const page = await signedIn(ada, { javaScript: false });
    await page.goto(url("/social?tab=requests"));
    await page.getByRole("button", { name: "Request money" }).click();
    await page.waitForURL(/\/social\/requests\/new/);
    await page.getByLabel("Request from (e-mail)").fill(bob.email.split("@")[0]!);
    await page.getByLabel("Amount (USD)").fill("1.234");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("radio", { name: /Bob FormPage/ }).check();
    // What was typed is kept across the search.
    expect(await page.getByLabel("Amount (USD)").inputValue()).toBe("1.234");
    await page.getByRole("button", { name: "Send request" }).click();
    await page.getByText("Use at most two decimal places (cents).").waitFor();
    expect(await page.getByLabel("Amount (USD)").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByRole("radio", { name: /Bob FormPage/ }).isChecked()).toBe(true);
    await shots(page, "social-request-page-error");
    await page.getByLabel("Amount (USD)").fill("12.34");
    await page.getByRole("button", { name: "Send request" }).click();
    await page.waitForURL(/\/social\?tab=requests$/);
    await toasts(page).getByText("Asked Bob FormPage for $12.34. They'll get a notification.").waitFor();
    await page.getByRole("listitem").filter({ hasText: "You asked Bob FormPage for $12.34" }).waitFor();
  });

  test("live: the requests list refreshes when a social-changed event reaches the page", async () => {
    const [ada, bob] = await Promise.all([mesh.user({ name: "Ada Listens" }), mesh.user({ name: "Bob Asks" })]);
    const page = await signedIn(ada);
    // The live connection is cut, so only the event this test dispatches can refresh the list.
    await page.route("**/live**", (route) => route.abort());
    await page.goto(url("/social?tab=requests"));
    await page.getByText("Nobody has asked you for money.").waitFor();
    await asks(bob, ada, 1_500, "Concert");
    await Bun.sleep(500);
    expect(await page.getByText("Bob Asks asks you for $15.00").count()).toBe(0);
    await page.evaluate(() => (globalThis as unknown as { document: { body: { dispatchEvent(e: unknown): void } } }).document.body.dispatchEvent(new (globalThis as any).CustomEvent("social-changed")));
    await page.getByText("Bob Asks asks you for $15.00").waitFor();
    await tab(page, /Requests 1 pending/).waitFor();
  });
});

describe("bill splits", () => {
  test("split three ways: shares that don't add up are refused; each pays their share; it settles", async () => {
    const [cleo, ann, ben] = await Promise.all([mesh.user({ name: "Cleo Splitter" }), mesh.user({ name: "Ann Share", balance: 5_000 }), mesh.user({ name: "Ben Share", balance: 5_000 })]);
    const page = await signedIn(cleo);
    await page.goto(url("/social?tab=splits"));
    await page.getByText("No bill splits yet").waitFor();

    await section(page, "Bill splits").getByRole("button", { name: "Split a bill" }).click();
    const dialog = page.getByRole("dialog", { name: "Split a bill" });
    await dialog.getByLabel("Title").fill("Dinner at Luigi's");
    await dialog.getByLabel("Total (USD)").fill("90.01");
    await (await search(dialog, "Add people (e-mail)", ann, "button")).click();
    await dialog.getByLabel("Share of Ann Share (USD)").waitFor();
    await (await search(dialog, "Add people (e-mail)", ben, "button")).click();
    await dialog.getByLabel("Share of Ben Share (USD)").waitFor();
    await dialog.getByLabel("Share of You (USD)").fill("30");
    await dialog.getByLabel("Share of Ann Share (USD)").fill("30");
    await dialog.getByLabel("Share of Ben Share (USD)").fill("30");
    // The sum follows the typing.
    await dialog.getByText("Allocated $90.00 of $90.01: $0.01 left to allocate").waitFor();
    await checked(page);
    await shots(page, "social-split-dialog");
    // Not sent: the page says why where the sum is shown.
    let posted = 0;
    page.on("request", (r) => void (r.method() === "POST" && r.url().endsWith("/social/splits") && posted++));
    await dialog.getByRole("button", { name: "Create split" }).click();
    await dialog.getByText("The shares must add up to the total to the cent. Allocated $90.00 of $90.01: $0.01 left to allocate.").waitFor();
    expect(posted).toBe(0);
    expect((await mesh.api<{ items: unknown[] }>("GET", "/api/v1/social/splits", cleo.token)).body.items).toEqual([]);

    // Split evenly: the odd cent goes to the first person.
    await dialog.getByRole("button", { name: "Split evenly" }).click();
    await dialog.getByText("Allocated $90.01 of $90.01").waitFor();
    expect(await dialog.getByLabel("Share of You (USD)").inputValue()).toBe("30.01");
    expect(await dialog.getByLabel("Share of Ben Share (USD)").inputValue()).toBe("30.00");
    await dialog.getByRole("button", { name: "Create split" }).click();
    await toasts(page).getByText("Split “Dinner at Luigi's” ($90.01) with Ann Share, Ben Share. They'll each get a notification.").waitFor();
    expect(await dialog.isVisible()).toBe(false);

    const row = page.getByRole("list", { name: "Your bill splits" }).getByRole("listitem").filter({ hasText: "Dinner at Luigi's" });
    await row.getByText("Open", { exact: true }).waitFor();
    await row.getByText(/1\/3 paid/).waitFor();
    await row.getByText("Dinner at Luigi's").click();
    const shares = row.getByRole("list", { name: "Shares of Dinner at Luigi's" });
    await shares.getByRole("listitem").filter({ hasText: "Ann Share" }).getByText("Pending").waitFor();
    await shares.getByRole("listitem").filter({ hasText: "You" }).getByText("Paid").waitFor();
    await shots(page, "social-splits-open");

    // Ann pays in her browser; Cleo's open page follows.
    const annPage = await signedIn(ann);
    await annPage.goto(url("/social?tab=splits"));
    const annRow = annPage.getByRole("listitem").filter({ hasText: "Dinner at Luigi's" });
    await annRow.getByText("from Cleo Splitter", { exact: false }).waitFor();
    await annRow.getByRole("button", { name: "Pay my share of Dinner at Luigi's, $30.00" }).click();
    await toasts(annPage).getByText("Paid your share ($30.00) of “Dinner at Luigi's” to Cleo Splitter.").waitFor();
    await annRow.getByText("Your share $30.00: paid").waitFor();
    await shares.getByRole("listitem").filter({ hasText: "Ann Share" }).getByText("Paid").waitFor({ timeout: 15_000 });
    await row.getByText(/2\/3 paid/).waitFor();

    // Ben pays without JavaScript, from the split's own page.
    const benPage = await signedIn(ben, { javaScript: false });
    await benPage.goto(url("/social?tab=splits"));
    await benPage.getByText("Dinner at Luigi's", { exact: true }).click();
    await benPage.getByRole("link", { name: "See who has paid" }).click();
    await shots(benPage, "social-split-page-detail");
    await benPage.getByRole("button", { name: "Pay my share of Dinner at Luigi's, $30.00" }).click();
    await toasts(benPage).getByText("Paid your share ($30.00) of “Dinner at Luigi's” to Cleo Splitter.").waitFor();
    await benPage.getByText("Settled", { exact: true }).waitFor();

    await row.getByText("Settled", { exact: true }).waitFor({ timeout: 15_000 });
    await row.getByText(/3\/3 paid/).waitFor();
    await shots(page, "social-splits-settled");
    expect(await balanceOf(cleo)).toBe(6_000);

    // Paying again is answered as already paid: nothing moves twice.
    const again = await mesh.api("POST", `/api/v1/social/splits/${(await mesh.api<{ items: { id: string }[] }>("GET", "/api/v1/social/splits", ann.token)).body.items[0]!.id}/pay`, ann.token);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await balanceOf(ann)).toBe(2_000);
  });

  test("without JavaScript: the split form keeps its draft across search, add, remove and split evenly", async () => {
    const [cleo, ann, ben] = await Promise.all([mesh.user({ name: "Cleo NoScript" }), mesh.user({ name: "Ann NoScript" }), mesh.user({ name: "Ben NoScript" })]);
    const page = await signedIn(cleo, { javaScript: false });
    await page.goto(url("/social/splits/new"));
    await page.getByLabel("Title").fill("Taxi");
    await page.getByLabel("Total (USD)").fill("10");
    for (const who of [ann, ben]) {
      await page.getByLabel("Add people (e-mail)").fill(who.email.split("@")[0]!);
      await page.getByRole("button", { name: "Search" }).click();
      await page.getByRole("button", { name: `Add ${who.name}` }).click();
      await page.getByLabel(`Share of ${who.name} (USD)`).waitFor();
    }
    await page.getByRole("button", { name: "Remove You" }).click();
    expect(await page.getByLabel("Share of You (USD)").count()).toBe(0);
    // Shares that don't add up are refused by the server too, with the sum and the total.
    await page.getByLabel("Share of Ann NoScript (USD)").fill("5");
    await page.getByLabel("Share of Ben NoScript (USD)").fill("4.99");
    await page.getByRole("button", { name: "Create split" }).click();
    await page.getByText("The shares must add up to the total to the cent. Allocated $9.99 of $10.00: $0.01 left to allocate.").waitFor();
    expect((await mesh.api<{ items: unknown[] }>("GET", "/api/v1/social/splits", cleo.token)).body.items).toEqual([]);
    await page.getByRole("button", { name: "Split evenly" }).click();
    expect(await page.getByLabel("Share of Ann NoScript (USD)").inputValue()).toBe("5.00");
    expect(await page.getByLabel("Title").inputValue()).toBe("Taxi");
    await page.getByText("Allocated $10.00 of $10.00").waitFor();
    await shots(page, "social-split-page");
    await page.getByRole("button", { name: "Create split" }).click();
    await page.waitForURL(/\/social\?tab=splits$/);
    await page.getByRole("listitem").filter({ hasText: "Taxi" }).getByText(/0\/2 paid/).waitFor();
  });
});

describe("every tab", () => {
  test("axe-core and phone width on each tab with content, and no CSP violation anywhere", async () => {
    const [ada, bob] = await Promise.all([mesh.user({ name: "Ada Everything" }), mesh.user({ name: "Bob With A Considerably Long Name For Wrapping" })]);
    await mesh.api("POST", "/api/v1/social/contacts", ada.token, { contactId: bob.id });
    await asks(bob, ada, 2_000, "A note that is rather long, to see how a long note wraps on a narrow phone screen without scrolling sideways");
    await asks(ada, bob, 1_000);
    const split = await mesh.api<{ id: string }>("POST", "/api/v1/social/splits", ada.token, { title: "Groceries for the whole flat, this week and last", totalCents: 1_000, participants: [{ userId: bob.id, amountCents: 1_000 }] });
    const page = await signedIn(ada, { viewport: PHONE });
    for (const t of ["contacts", "requests", "splits"]) {
      await page.goto(url(`/social?tab=${t}`));
      await checked(page);
      await shot(page, `social-${t}-full-phone`);
    }
    // Pages the links lead to without JavaScript.
    for (const path of [`/social/contacts/${bob.id}/send`, `/social/splits/${split.body.id}`]) {
      await page.goto(url(path));
      await checked(page);
    }
    // Switching sections with htmx pushes the URL and keeps the page working with Back.
    await page.setViewportSize(DESKTOP);
    await page.goto(url("/social?tab=contacts"));
    await tab(page, /Requests/).click();
    await page.waitForURL(/tab=requests$/);
    expect(await tab(page, /Requests/).getAttribute("aria-current")).toBe("page");
    await page.getByText("Bob With A Considerably Long Name For Wrapping asks you for $20.00").waitFor();
    await page.goBack();
    await page.waitForURL(/tab=contacts$/);
    await page.getByRole("list", { name: "Your contacts" }).waitFor();
    expect(cspViolations).toEqual([]);
  });
});

describe("when the social service is down", () => {
  test("each tab says its part is unavailable and the rest of the page renders; it comes back with the service", async () => {
    const ada = await mesh.user({ name: "Ada Outage" });
    const page = await signedIn(ada);
    await mesh.services.social!.stop();
    try {
      for (const [t, what] of [
        ["contacts", "Your contacts are unavailable right now."],
        ["requests", "Your money requests are unavailable right now."],
        ["splits", "Your bill splits are unavailable right now."],
      ] as const) {
        const res = await page.goto(url(`/social?tab=${t}`));
        expect(res?.status()).toBe(200);
        await page.getByText(what).waitFor();
        await page.getByRole("link", { name: "Dashboard" }).waitFor();
      }
      await checked(page);
    } finally {
      await mesh.services.social!.restart();
    }
    await eventually(async () => (await mesh.api("GET", "/api/v1/social/contacts", ada.token)).status === 200, { timeoutMs: 30_000, what: "social back" });
    await page.goto(url("/social?tab=contacts"));
    await page.getByText("No contacts yet").waitFor();
  });
});
