import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { resolve } from "node:path";
import postgres from "postgres";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { walletContract } from "../../proto-like-schemas/wallet.ts";
import { rpcClient } from "../../shared/rpc/client.ts";
import { eventually } from "../../shared/testing/wait.ts";
import { upload } from "../../services/kyc/test-support.ts";
import { launchBrowser } from "../harness/browser.ts";
import { idCardPng, textPdf } from "../harness/documents.ts";
import { expectAccessible, expectNoSidewaysScroll, screenshot, startPageMesh, type PageMesh, type PageUser } from "../harness/pages.ts";
import { bearer, login } from "../harness/users.ts";

// The admin console in Chromium through the real gateway, signed in as admins made by the real
// `bun run create-admin`: each page's main action, with axe-core, a phone-width check and
// screenshots (MINT_SCREENSHOT_DIR) of every page.

setDefaultTimeout(120_000);

const ROOT = resolve(import.meta.dir, "../..");
const TRACE_UI = "http://traces.example/trace/{traceId}";
/** Lower than the default ($1,000) so a "large" reversal fits a Basic user's limits. */
const DUAL_CONTROL_CENTS = 20_000;
const PASSWORD = "console-pass-42";

interface Admin {
  email: string;
  password: string;
  name: string;
  id: string;
}

let mesh: PageMesh;
let browser: Browser;
let ops: Admin;
let rita: Admin;
let gw: string;

/** An admin made the way the README says, against the page mesh's auth database. */
async function createAdmin(name: string): Promise<Admin> {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${Date.now().toString(36)}@example.com`;
  const auth = mesh.services.auth!.env;
  const env: Record<string, string | undefined> = { ...process.env, POSTGRES_URL: auth.POSTGRES_URL!, DATABASE_NAME: auth.DATABASE_NAME! };
  delete env.DATABASE_URL;
  const proc = Bun.spawn(["bun", "run", "create-admin", "--email", email, "--password", PASSWORD, "--name", name], {
    cwd: ROOT,
    env,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`create-admin failed (${code}): ${err}`);
  expect(out).toContain(`Created admin ${email}`);
  expect(out).toContain(auth.DATABASE_NAME!);
  const id = /\(([0-9a-f-]{36})\)/.exec(out)![1]!;
  return { email, password: PASSWORD, name, id };
}

/** A browser signed in through the /login form, landing on the console. */
async function signedIn(admin: Admin, opts: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "UTC", ...opts });
  // A step that cannot happen fails with its own message, well before the test's timeout (which
  // would stop the whole mesh).
  context.setDefaultTimeout(30_000);
  await context.addCookies([{ name: "mint_tz", value: "UTC", url: gw }]);
  const page = await context.newPage();
  await page.goto(`${gw}/login`);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/app-admin\/dashboard$/);
  return page;
}

/** axe-core, no sideways scroll at 390 px, and screenshots at desktop and phone width. */
async function look(page: Page, name: string): Promise<void> {
  await expectAccessible(page);
  await screenshot(page, `${name}-desktop`);
  await expectNoSidewaysScroll(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

const toast = (page: Page, text: string | RegExp) => page.getByRole("status").filter({ hasText: text }).first();
const dialog = (page: Page, name: string | RegExp) => page.getByRole("dialog", { name });
const pay = (from: PageUser, to: PageUser, amount: number, description: string) =>
  mesh.api<{ id: string; status: string }>("POST", "/api/v1/transactions/transfer", from.token, { recipientId: to.id, amount, description }, { "idempotency-key": crypto.randomUUID() });
const balance = async (u: PageUser) => (await mesh.api<{ balance: number }>("GET", "/api/v1/wallet/", u.token)).body.balance;
const statusOf = async (u: PageUser, id: string) => (await mesh.api<{ status: string }>("GET", `/api/v1/transactions/${id}`, u.token)).body.status;

/** A Basic user who sent an ID (a PNG) and a selfie (a PDF) for review. */
async function submitted(name: string, seed: number): Promise<PageUser> {
  const user = await mesh.user({ name });
  expect((await upload(gw, user.token, "PASSPORT", { bytes: idCardPng(seed), name: "passport.png" })).status).toBe(201);
  expect((await upload(gw, user.token, "SELFIE", { bytes: textPdf(`Selfie of ${name}`), name: "selfie.pdf" })).status).toBe(201);
  const r = await fetch(`${gw}/api/v1/kyc/submit`, { method: "POST", headers: bearer(user.token) });
  expect(r.status).toBe(201);
  return user;
}

/** The number a dashboard figure shows now. */
async function figure(page: Page, label: string): Promise<number> {
  const card = page.getByRole("article").filter({ has: page.getByRole("heading", { name: label, exact: true }) });
  const text = await card.innerText();
  return Number(/\n\s*([\d,]+)\s*\n/.exec(`\n${text}\n`)?.[1]?.replaceAll(",", "") ?? NaN);
}

const row = (scope: Page | Locator, text: string) => scope.getByRole("row").filter({ hasText: text });
/** How many lines a piece of text takes on screen. */
const linesOf = (l: Locator) => l.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(el.ownerDocument.defaultView!.getComputedStyle(el).lineHeight)));

beforeAll(async () => {
  mesh = await startPageMesh({
    env: {
      admin: { TRACE_UI_URL: TRACE_UI, ADMIN_DUAL_CONTROL_CENTS: String(DUAL_CONTROL_CENTS) },
      // A transfer left mid-way stays there for force-complete, instead of being settled by the sweeper.
      transactions: { SWEEPER_STALE_AFTER_S: "3600" },
    },
  });
  gw = mesh.gatewayUrl;
  browser = await launchBrowser();
  ops = await createAdmin("Olive Ops");
  rita = await createAdmin("Rita Reviewer");
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await mesh?.stop();
});

describe("the admin console", () => {
  test("dashboard: the figures and the ledger check, counts updating by themselves; the shell's nav collapses on a phone", async () => {
    const page = await signedIn(ops);
    await page.getByRole("heading", { name: "Ledger check" }).waitFor();
    await page.getByText("Balanced", { exact: true }).waitFor();
    expect(await page.getByText("Every movement balances").count()).toBe(1);
    const users = await figure(page, "Users");
    expect(users).toBeGreaterThanOrEqual(2);
    const waiting = await figure(page, "KYC reviews waiting");
    await look(page, "dashboard");

    // A submission arrives: the figure changes without a reload.
    await submitted("Lena Live", 1);
    await eventually(async () => (await figure(page, "KYC reviews waiting")) === waiting + 1, { timeoutMs: 30_000, what: "the KYC figure to update" });

    // On a phone the navigation is behind the menu button, and opens with it.
    await page.setViewportSize({ width: 390, height: 844 });
    const nav = page.getByRole("navigation", { name: "Admin" });
    expect(await nav.getByRole("link", { name: "Approvals" }).isVisible()).toBe(false);
    await page.getByRole("button", { name: "Open menu" }).click();
    await nav.getByRole("link", { name: "Approvals" }).waitFor({ state: "visible" });
    await screenshot(page, "dashboard-phone-menu");
    await page.keyboard.press("Escape");
    await page.context().close();
  });

  test("users: search, the user's picture, freeze (payments refused) and unfreeze, with the reason required", async () => {
    const ada = await mesh.user({ name: "Ada Lovelace", balance: 20_000 });
    const bob = await mesh.user({ name: "Bob Builder" });
    expect((await pay(ada, bob, 1_250, "Lunch")).status).toBe(201);
    const page = await signedIn(ops);
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Users" }).click();
    await page.getByLabel("E-mail or name").fill("Lovelace");
    await page.getByRole("button", { name: "Search" }).click();
    await row(page, "Ada Lovelace").waitFor();
    expect(await row(page, "Bob Builder").count()).toBe(0);
    await look(page, "users-search");

    await page.getByRole("link", { name: "Ada Lovelace" }).click();
    await page.getByRole("heading", { name: "Ada Lovelace" }).waitFor();
    const text = await page.getByRole("main").innerText();
    expect(text).toContain("E-mail verified");
    expect(text).toContain("Payments in and out are allowed.");
    expect(text).toContain("$187.50");
    expect(text).toContain("Tier: Basic");
    expect(await row(page, "Lunch").innerText()).toContain("Bob Builder");
    // A deposit says what it is once: "Deposit", neither "Deposit · deposit" nor "Deposit" under "Deposit".
    expect(await page.getByRole("region", { name: "Recent transactions" }).innerText()).not.toMatch(/deposit\s*(·\s*)?deposit/i);
    await look(page, "user-picture");
    // The id reads as one piece, not broken over lines at its hyphens.
    expect(await linesOf(page.getByText(ada.id, { exact: true }))).toBe(1);

    await page.getByRole("button", { name: "Freeze wallet" }).click();
    const freeze = dialog(page, "Freeze Ada Lovelace's wallet");
    await freeze.getByRole("button", { name: "Freeze wallet" }).click();
    await freeze.getByText("Give a reason: it is kept in the audit log.").waitFor();
    await screenshot(page, "user-freeze-dialog-error");
    await freeze.getByLabel("Reason (kept in the audit log)").fill("Chargeback pattern on three cards");
    await freeze.getByRole("button", { name: "Freeze wallet" }).click();
    await toast(page, "Wallet frozen: every payment in or out is refused").waitFor();
    await page.getByText("Every payment in or out is refused until an admin unfreezes it.").waitFor();
    expect((await pay(ada, bob, 100, "While frozen")).status).toBe(409);
    expect((await pay(bob, ada, 100, "To a frozen wallet")).status).toBe(409);
    await screenshot(page, "user-frozen");

    // The dialog's page of its own (where the button leads without JavaScript).
    await page.goto(`${gw}/app-admin/users/${ada.id}/unfreeze`);
    await page.getByRole("heading", { name: "Unfreeze Ada Lovelace's wallet" }).waitFor();
    await look(page, "user-unfreeze-page");
    await page.goto(`${gw}/app-admin/users/${ada.id}`);
    await page.getByRole("button", { name: "Unfreeze wallet" }).click();
    const unfreeze = dialog(page, "Unfreeze Ada Lovelace's wallet");
    await unfreeze.getByLabel("Reason (kept in the audit log)").fill("Issuer confirmed the cards");
    await unfreeze.getByRole("button", { name: "Unfreeze wallet" }).click();
    await toast(page, "Wallet unfrozen").waitFor();
    expect((await pay(ada, bob, 100, "After")).status).toBe(201);
    await page.context().close();
  });

  test("without JavaScript: freeze and unfreeze through the form's own page, post/redirect/get", async () => {
    const kim = await mesh.user({ name: "Kim Nojs", balance: 1_000 });
    const page = await signedIn(ops, { javaScriptEnabled: false });
    await page.goto(`${gw}/app-admin/users/${kim.id}`);
    await page.getByRole("button", { name: "Freeze wallet" }).click();
    await page.waitForURL(new RegExp(`/app-admin/users/${kim.id}/freeze$`));
    await page.getByRole("heading", { name: "Freeze Kim Nojs's wallet" }).waitFor();
    await page.getByRole("button", { name: "Freeze wallet" }).click();
    await page.getByText("Give a reason: it is kept in the audit log.").waitFor();
    // (axe-core needs JavaScript in the page: the same form page is checked in the next test.)
    await screenshot(page, "user-freeze-nojs-error-desktop");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "user-freeze-nojs-error-phone");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByLabel("Reason (kept in the audit log)").fill("Suspicious sign-ins");
    await page.getByRole("button", { name: "Freeze wallet" }).click();
    await page.waitForURL(new RegExp(`/app-admin/users/${kim.id}$`));
    await page.getByText("Wallet frozen: every payment in or out is refused").waitFor();
    expect((await mesh.api("POST", "/api/v1/transactions/topup", kim.token, { amount: 100 }, { "idempotency-key": crypto.randomUUID() })).status).toBe(409);
    // The toast was shown once: a reload does not show it again.
    await page.reload();
    expect(await page.getByText("Wallet frozen: every payment").count()).toBe(0);
    await page.getByRole("button", { name: "Unfreeze wallet" }).click();
    await page.getByLabel("Reason (kept in the audit log)").fill("Owner confirmed by phone");
    await page.getByRole("button", { name: "Unfreeze wallet" }).click();
    await page.getByText("Wallet unfrozen").waitFor();
    await page.context().close();
  });

  test("roles: a promotion waits for a second admin, who approves it on Approvals; nobody demotes themself", async () => {
    const carol = await mesh.user({ name: "Carol Danvers" });
    const page = await signedIn(ops);
    await page.goto(`${gw}/app-admin/users/${carol.id}`);
    await page.getByRole("button", { name: "Promote to admin" }).click();
    const promote = dialog(page, "Promote Carol Danvers to admin");
    await promote.getByText("only when a second admin approves it").waitFor();
    await promote.getByLabel("Reason (kept in the audit log)").fill("Joins the support team");
    await promote.getByRole("button", { name: "Ask to promote to admin" }).click();
    await toast(page, "Waiting for a second admin: the promotion runs once another admin approves it").waitFor();
    await page.getByText("Waiting for a second admin: Promote Carol Danvers to admin").waitFor();
    await screenshot(page, "user-promotion-pending");
    // Nothing to ask again while it waits.
    expect(await page.getByRole("button", { name: "Promote to admin" }).count()).toBe(0);

    // The admin who asked sees it waiting for someone else, with nothing to approve.
    await page.goto(`${gw}/app-admin/approvals`);
    const mine = page.getByRole("listitem").filter({ hasText: "Promote Carol Danvers to admin" });
    await mine.getByText("Your request: waiting for another admin").waitFor();
    expect(await mine.getByRole("button", { name: /Approve/ }).count()).toBe(0);
    await look(page, "approvals-own-request");

    const second = await signedIn(rita);
    await second.goto(`${gw}/app-admin/approvals`);
    const theirs = second.getByRole("listitem").filter({ hasText: "Promote Carol Danvers to admin" });
    await theirs.getByText("Waiting for your decision").waitFor();
    await look(second, "approvals-to-decide");
    await theirs.getByRole("button", { name: "Approve: Promote Carol Danvers to admin" }).click();
    await toast(second, "Approved: the promotion ran (Promote Carol Danvers to admin).").waitFor();
    await row(second, "Promote Carol Danvers to admin").getByText("Approved and done").waitFor();
    await screenshot(second, "approvals-history");
    const token = await login(gw, rita.email, rita.password);
    expect((await mesh.api<{ role: string }>("GET", `/api/v1/auth/users/${carol.id}`, token)).body.role).toBe("ADMIN");

    // Demoting oneself: the admin service refuses, and its message is shown in the dialog.
    await page.goto(`${gw}/app-admin/users/${ops.id}`);
    await page.getByRole("button", { name: "Demote to user" }).click();
    const demote = dialog(page, "Demote Olive Ops to user");
    await demote.getByLabel("Reason (kept in the audit log)").fill("Testing");
    await demote.getByRole("button", { name: "Demote to user" }).click();
    await demote.getByText("Admins cannot change their own role").waitFor();
    await screenshot(page, "user-self-demotion-refused");
    await page.context().close();
    await second.context().close();
  });

  test("KYC: the queue by name and waiting time, refreshing itself; documents shown inline; approve, and reject with a reason", async () => {
    const grace = await submitted("Grace Hopper", 2);
    const alan = await submitted("Alan Turing", 3);
    const page = await signedIn(ops);
    await page.goto(`${gw}/app-admin/kyc`);
    await row(page, "Grace Hopper").waitFor();
    expect(await row(page, "Alan Turing").innerText()).toContain("Basic");
    await look(page, "kyc-queue");

    // A new submission shows up without a reload.
    await submitted("Linus Late", 4);
    await row(page, "Linus Late").waitFor({ timeout: 30_000 });

    await page.getByRole("link", { name: "Review Grace Hopper" }).click();
    await page.getByRole("heading", { name: "Grace Hopper" }).waitFor();
    const image = page.getByRole("img", { name: "Passport of Grace Hopper" });
    await eventually(async () => (await image.evaluate((el: any) => el.complete && el.naturalWidth)) === 320, { what: "the passport image to load" });
    const pdf = page.getByLabel("Selfie with ID of Grace Hopper (PDF)");
    const pdfUrl = (await pdf.getAttribute("data"))!;
    expect(pdfUrl).toStartWith("/admin/kyc/documents/");
    const file = await page.request.get(`${gw}${pdfUrl}`);
    expect(file.status()).toBe(200);
    expect(file.headers()["content-type"]).toBe("application/pdf");
    expect(file.headers()["content-disposition"]).toStartWith("inline");
    // Chromium shows it in place: the <object>'s fallback (a link to open it) is not rendered.
    await eventually(async () => !(await page.getByText("This browser does not show PDFs inside the page.").isVisible()), { what: "the PDF shown inline" });
    await look(page, "kyc-review");
    expect(await page.getByRole("link", { name: "Open Grace Hopper's account" }).getAttribute("href")).toBe(`/app-admin/users/${grace.id}`);
    // The two documents share the width of their card, large enough to read.
    const docsWidth = (await page.getByRole("region", { name: "Documents" }).boundingBox())!.width;
    expect((await image.boundingBox())!.width).toBeGreaterThan(docsWidth * 0.4);

    await page.getByLabel("Notes (optional, kept in the audit log)").fill("Passport and selfie match");
    await page.getByRole("button", { name: "Approve: make Verified" }).click();
    await toast(page, "Approved: Grace Hopper is now Verified").waitFor();
    expect(await row(page, "Grace Hopper").count()).toBe(0);
    expect((await mesh.api<{ tier: string }>("GET", "/api/v1/kyc/", grace.token)).body.tier).toBe("VERIFIED");

    await page.getByRole("link", { name: "Review Alan Turing" }).click();
    await page.getByRole("button", { name: "Reject…" }).click();
    const reject = dialog(page, "Reject Alan Turing's submission");
    await reject.getByRole("button", { name: "Reject submission" }).click();
    await reject.getByText("Give a reason").waitFor();
    await reject.getByLabel("Reason (the user sees it)").fill("The passport photo is blurred");
    await screenshot(page, "kyc-reject-dialog");
    await reject.getByRole("button", { name: "Reject submission" }).click();
    await toast(page, "Rejected: Alan Turing stays Basic and was told the reason.").waitFor();
    const profile = (await mesh.api<{ tier: string; status: string; rejectionReason: string }>("GET", "/api/v1/kyc/", alan.token)).body;
    expect(profile).toMatchObject({ tier: "BASIC", status: "REJECTED", rejectionReason: "The passport photo is blurred" });
    await page.context().close();
  });

  test("fraud: the queue with score, rules and names; approve one held transfer and block another; sanctions added and removed", async () => {
    const dan = await mesh.user({ name: "Dan Sender", balance: 40_000 });
    const erin = await mesh.user({ name: "Erin Payee" });
    const gus = await mesh.user({ name: "Gus Sender", balance: 40_000 });
    const hal = await mesh.user({ name: "Hal Payee" });
    const held1 = await pay(dan, erin, 30_000, "Deposit for the flat");
    const held2 = await pay(gus, hal, 30_000, "Car");
    expect([held1.status, held2.status]).toEqual([202, 202]);

    const page = await signedIn(ops);
    await page.goto(`${gw}/app-admin/fraud`);
    const first = row(page, "Dan Sender");
    await first.waitFor();
    const text = await first.innerText();
    expect(text).toContain("Erin Payee");
    expect(text).toContain("$300.00");
    expect(text).toContain("Large amount to someone new");
    await look(page, "fraud-queue");

    await first.getByRole("link", { name: "Review the transfer of Dan Sender" }).click();
    await page.getByRole("heading", { name: "$300.00 from Dan Sender to Erin Payee" }).waitFor();
    expect(await page.getByRole("row").filter({ hasText: "This case's transfer" }).count()).toBe(1);
    await look(page, "fraud-case");
    await page.getByRole("textbox", { name: "Notes (kept in the audit log)" }).fill("Known landlord, confirmed by phone");
    await page.getByRole("button", { name: "Approve: send the money" }).click();
    await toast(page, "Approved: $300.00 from Dan Sender to Erin Payee was sent.").waitFor();
    expect(await statusOf(dan, held1.body.id)).toBe("COMPLETED");
    expect(await balance(erin)).toBe(30_000);

    await row(page, "Gus Sender").getByRole("link", { name: /Review/ }).click();
    await page.getByRole("button", { name: "Block…" }).click();
    const block = dialog(page, "Block the held transfer");
    await block.getByLabel("Notes (kept in the audit log)").fill("Account takeover suspected");
    await block.getByRole("button", { name: "Block: release the hold" }).click();
    await toast(page, /^Blocked: /).waitFor();
    expect(await statusOf(gus, held2.body.id)).toBe("CANCELLED");
    expect(await balance(gus)).toBe(40_000);
    expect(await balance(hal)).toBe(0);

    // Sanctions: add by e-mail, then take off the list with a reason.
    const sanctions = page.getByRole("region", { name: "Sanctions list" });
    await sanctions.getByLabel("User (e-mail or id)").fill("nobody@example.com");
    await sanctions.getByLabel("Reason (kept in the audit log)").fill("On the watch list");
    await sanctions.getByRole("button", { name: "Add to the list" }).click();
    await sanctions.getByText("Nobody has the e-mail address nobody@example.com.").waitFor();
    await sanctions.getByLabel("User (e-mail or id)").fill(hal.email);
    await sanctions.getByRole("button", { name: "Add to the list" }).click();
    await toast(page, "Hal Payee is on the sanctions list").waitFor();
    await page.getByRole("region", { name: "Sanctions list" }).getByText("On the watch list").waitFor();
    await look(page, "fraud-sanctions");
    await page.getByRole("region", { name: "Sanctions list" }).getByRole("button", { name: "Remove…" }).click();
    const remove = dialog(page, "Take Hal Payee off the list");
    await remove.getByLabel("Reason (kept in the audit log)").fill("Cleared by compliance");
    await remove.getByRole("button", { name: "Remove from the list" }).click();
    await toast(page, "Hal Payee is off the sanctions list.").waitFor();
    await page.context().close();
  });

  test("transactions: filter, detail with history, ledger and trace; a small reversal runs at once, a large one waits for the second admin; force-complete", async () => {
    const ivy = await mesh.user({ name: "Ivy Payer", balance: 50_000 });
    const jack = await mesh.user({ name: "Jack Payee" });
    const small = await pay(ivy, jack, 2_500, "Concert tickets");
    const large = await pay(ivy, jack, 25_000, "Used bike");
    expect([small.status, large.status]).toEqual([201, 201]);

    const page = await signedIn(ops);
    await page.goto(`${gw}/app-admin/transactions`);
    await page.getByLabel("User (e-mail or id)").fill(ivy.email);
    await page.getByLabel("Min amount ($)").fill("abc");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByText("Enter an amount in dollars, like 12.50.").waitFor();
    await page.getByLabel("Min amount ($)").fill("");
    await page.getByLabel("Status").selectOption("COMPLETED");
    await page.getByLabel("Max amount ($)").fill("100");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await row(page, "Concert tickets").waitFor();
    expect(await row(page, "Used bike").count()).toBe(0);
    await look(page, "transactions-list");

    await page.getByRole("link", { name: "Concert tickets" }).click();
    await page.getByRole("heading", { name: "$25.00 · Concert tickets" }).waitFor();
    expect(await page.getByRole("link", { name: /Open the trace/ }).getAttribute("href")).toStartWith("http://traces.example/trace/");
    await page.getByRole("heading", { name: "Ledger movements" }).waitFor();
    expect(await page.getByRole("region", { name: "Ledger movements" }).innerText()).toContain("Jack Payee");
    await look(page, "transaction-detail");
    expect(await linesOf(page.getByText(small.body.id, { exact: true }))).toBe(1);
    await page.getByRole("button", { name: "Reverse…" }).click();
    const reverse = dialog(page, "Reverse $25.00");
    await reverse.getByLabel("Reason (kept in the audit log)").fill("Event cancelled");
    await screenshot(page, "transaction-reverse-dialog");
    await reverse.getByRole("button", { name: "Reverse" }).click();
    await toast(page, "Reversed: Jack Payee paid back $25.00 to Ivy Payer.").waitFor();
    await page.getByText("Reversed", { exact: true }).first().waitFor();
    expect(await statusOf(ivy, small.body.id)).toBe("REVERSED");
    expect(await balance(jack)).toBe(25_000);

    // Above the dual-control threshold: a pending action, run by the second admin.
    await page.goto(`${gw}/app-admin/transactions/${large.body.id}`);
    await page.getByRole("button", { name: "Reverse…" }).click();
    await dialog(page, "Reverse $250.00").getByLabel("Reason (kept in the audit log)").fill("Bike never delivered");
    await dialog(page, "Reverse $250.00").getByRole("button", { name: "Reverse" }).click();
    await toast(page, "Waiting for a second admin: the reversal runs once another admin approves it").waitFor();
    await page.getByText("Waiting for a second admin: Reverse the $250.00 transfer from Ivy Payer to Jack Payee").waitFor();
    expect(await page.getByRole("button", { name: "Reverse…" }).count()).toBe(0);
    expect(await statusOf(ivy, large.body.id)).toBe("COMPLETED");
    await screenshot(page, "transaction-reversal-pending");
    const second = await signedIn(rita);
    await second.goto(`${gw}/app-admin/approvals`);
    await second.getByRole("button", { name: "Approve: Reverse the $250.00 transfer from Ivy Payer to Jack Payee" }).click();
    await toast(second, "Approved: the reversal ran (Reverse the $250.00 transfer from Ivy Payer to Jack Payee).").waitFor();
    expect(await statusOf(ivy, large.body.id)).toBe("REVERSED");
    expect(await balance(ivy)).toBe(50_000);
    await second.context().close();

    // A transfer stuck after the wallet moved the money: force-complete asks the wallet.
    const stuckId = Bun.randomUUIDv7();
    const txEnv = mesh.services.transactions!.env;
    const url = new URL(txEnv.POSTGRES_URL!);
    url.pathname = `/${txEnv.DATABASE_NAME}`;
    const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      await sql`insert into transactions (id, type, status, sender_id, recipient_id, amount, description, fraud_decision, fraud_score, processing_at)
                values (${stuckId}, 'TRANSFER', 'PROCESSING', ${ivy.id}, ${jack.id}, 700, 'Stuck in the outage', 'ALLOW', 0, now() - interval '1 hour')`;
    } finally {
      await sql.end();
    }
    await rpcClient(mesh.nc, walletContract, 10_000).transfer({ fromUserId: ivy.id, toUserId: jack.id, amount: 700, transactionId: stuckId });
    await page.goto(`${gw}/app-admin/transactions/${stuckId}`);
    await page.getByText("Processing", { exact: true }).first().waitFor();
    await page.getByRole("button", { name: "Force-complete…" }).click();
    const force = dialog(page, "Force-complete $7.00");
    await force.getByLabel("Reason (kept in the audit log)").fill("Stuck since the outage");
    await force.getByRole("button", { name: "Force-complete" }).click();
    await toast(page, "Force-completed: the wallet had moved the money").waitFor();
    expect(await statusOf(ivy, stuckId)).toBe("COMPLETED");

    // A completed transfer is not stuck: its form's own page says so, and nothing is sent (the API
    // would answer it as it is, which must not read as "force-completed now").
    await page.goto(`${gw}/app-admin/transactions/${stuckId}/force-complete`);
    await page.getByLabel("Reason (kept in the audit log)").fill("Just checking");
    await page.getByRole("button", { name: "Force-complete" }).click();
    await page.getByRole("alert").filter({ hasText: "Nothing changed: only a transfer stuck in Pending or Processing can be force-completed, and this one is completed." }).waitFor();
    await look(page, "transaction-force-complete-refused");
    await page.context().close();
  });

  test("system: the limits table in dollars, messages next to the fields, a change that applies to the next payment", async () => {
    const ned = await mesh.user({ name: "Ned Limits" });
    const page = await signedIn(ops);
    await page.goto(`${gw}/app-admin/system`);
    const perTransfer = page.getByLabel("One transfer (Basic)");
    expect(await perTransfer.inputValue()).toBe("500.00");
    await look(page, "system");
    // The three tiers' fields line up, whatever the length of each tier's note.
    const tops = await Promise.all(["Unverified", "Basic", "Verified"].map(async (tier) => Math.round((await page.getByLabel(`One transfer (${tier})`).boundingBox())!.y)));
    expect(new Set(tops).size).toBe(1);
    await perTransfer.fill("3000");
    await page.getByLabel("One deposit (Verified)").fill("0");
    await page.getByRole("button", { name: "Save limits" }).click();
    await page.getByText("One transfer can't be more than a day of transfers.").waitFor();
    await page.getByText("Enter an amount greater than zero.").waitFor();
    await page.getByText("Give a reason: it is kept in the audit log.").waitFor();
    expect(await page.getByLabel("Transfers per day (Basic)").getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "system-errors-desktop");
    await page.getByLabel("One transfer (Basic)").fill("750");
    await page.getByLabel("One deposit (Verified)").fill("10,000.00");
    await page.getByLabel("Reason for the change (kept in the audit log)").fill("Raise Basic per-transfer limit");
    await page.getByRole("button", { name: "Save limits" }).click();
    await toast(page, "Limits saved (Basic: one transfer $500.00 → $750.00). They apply to the next payment.").waitFor();
    const limits = await mesh.api<{ transfer: { windows: { window: string; limit: number }[] } }>("GET", "/api/v1/transactions/limits", ned.token);
    expect(limits.body.transfer.windows.find((w) => w.window === "PER_TRANSACTION")?.limit).toBe(75_000);
    // Back as it was.
    await page.getByLabel("One transfer (Basic)").fill("500");
    await page.getByLabel("Reason for the change (kept in the audit log)").fill("Back to the default");
    await page.getByRole("button", { name: "Save limits" }).click();
    await toast(page, "Limits saved (Basic: one transfer $750.00 → $500.00)").waitFor();
    await page.context().close();
  });

  test("audit: filters, the payload of each entry, trace links, and the chain verification", async () => {
    const page = await signedIn(ops);
    await page.goto(`${gw}/app-admin/audit`);
    await page.getByLabel("Event type").selectOption("admin.user_frozen");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/type=admin.user_frozen/);
    const entries = page.getByRole("listitem").filter({ hasText: "admin.user_frozen" });
    await entries.first().waitFor();
    expect(await entries.count()).toBe(2);
    const entry = entries.filter({ hasText: "Kim Nojs" });
    await entry.getByText(/^Payload/).click();
    await entry.getByText('"reason": "Suspicious sign-ins"').waitFor();
    expect(await entry.getByRole("link", { name: /Trace/ }).getAttribute("href")).toStartWith("http://traces.example/trace/");
    await page.getByRole("button", { name: "Verify the chain" }).click();
    await page.getByText("The chain is intact").waitFor();
    await look(page, "audit");

    await page.getByLabel("Actor (e-mail or id)").fill("nobody@example.com");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByText("Nobody has the e-mail address nobody@example.com.").waitFor();
    await page.getByLabel("Actor (e-mail or id)").fill(rita.email);
    await page.getByLabel("Event type").selectOption("");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByRole("listitem").filter({ hasText: "admin.role_changed" }).first().waitFor();
    await page.context().close();
  });
});
