/**
 * The money pages as people use them, in Chromium through the gateway: /dashboard and /wallet,
 * the Deposit and Send Money dialogs and their pages, with and without JavaScript.
 */
import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import postgres from "postgres";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../harness/browser.ts";
import { awayFromUtcMidnight } from "../../services/transactions/test-support.ts";
import { expectAccessible, expectNoSidewaysScroll, screenshot, startPageMesh, type PageMesh, type PageUser } from "../harness/pages.ts";
import { login } from "../harness/users.ts";

setDefaultTimeout(60_000);

let mesh: PageMesh;
let browser: Browser;
beforeAll(async () => {
  [mesh, browser] = await Promise.all([
    // More than $200 to someone never paid before scores exactly the review threshold: held for review.
    startPageMesh({ env: { fraud: { FRAUD_NEW_RECIPIENT_CENTS: "20000", FRAUD_SCORE_NEW_RECIPIENT: "50", FRAUD_REVIEW_THRESHOLD: "50" } } }),
    // Back comes from the HTTP cache, as the money pages' Cache-Control asks, not from a page kept
    // in memory (which would not test the header, and which Playwright's client loses track of).
    launchBrowser({ args: ["--disable-back-forward-cache"] }),
  ]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await mesh?.stop();
});

/** Content-Security-Policy violations seen in any page: none expected (no inline script or style). */
const cspViolations: string[] = [];

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const url = (path: string) => `${mesh.gatewayUrl}${path}`;
const balanceOf = async (u: PageUser) => (await mesh.api<{ availableBalance: number; balance: number; heldAmount: number }>("GET", "/api/v1/wallet/", u.token)).body;
const transactionsOf = async (u: PageUser) => (await mesh.api<{ items: { id: string; type: string; status: string; amount: number }[] }>("GET", "/api/v1/transactions?limit=100", u.token)).body.items;

/**
 * The pages a test opened, closed after it, so none keeps a live connection or a request going
 * into the next. Each leaves for a blank page first: closing a context while a request of it is
 * still in flight (the live stream, a part refreshing itself) can leave Playwright's client with
 * events for objects it already dropped.
 */
const opened: Page[] = [];
afterEach(async () => {
  for (const page of opened.splice(0)) {
    await page.goto("about:blank").catch(() => undefined);
    await page.context().close().catch(() => undefined);
  }
});

async function signedIn(u: PageUser, opts: { javaScript?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const page = await mesh.signIn(browser, u, { javaScriptEnabled: opts.javaScript ?? true, viewport: opts.viewport ?? DESKTOP });
  opened.push(page);
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content Security Policy/i.test(msg.text())) cspViolations.push(`${page.url()} ${JSON.stringify(msg.location())}: ${msg.text().slice(0, 60)}`);
  });
  return page;
}

/** Both widths, for the lead to look at. */
async function shots(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await shot(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  await shot(page, `${name}-phone`);
  await page.setViewportSize(DESKTOP);
}

const shot = (page: Page, name: string, opts: { fullPage?: boolean } = {}) => screenshot(page, name, opts);

const card = (page: Page) => page.getByRole("region", { name: "Available balance" });
const toasts = (page: Page) => page.locator("#toasts");

/** Opens a dialog from the wallet card and waits for it. */
async function openDialog(page: Page, opener: "Deposit" | "Send money") {
  await card(page).getByRole("button", { name: opener }).click();
  const dialog = page.getByRole("dialog", { name: opener });
  await dialog.waitFor();
  return dialog;
}

/** The start of a user's e-mail that only they have (every test user's domain is the same). */
const emailStart = (u: PageUser) => u.email.slice(0, u.email.indexOf("@"));

/** Searches the send form for `user` by the start of their e-mail and chooses them by name. */
async function chooseRecipient(scope: Page | ReturnType<Page["getByRole"]>, user: PageUser) {
  await scope.getByLabel("Recipient's e-mail").fill(emailStart(user));
  await scope.getByRole("radio", { name: new RegExp(user.name) }).check();
}

/** Posts a form body as the browser `page` would (its session cookies, this site's origin), outside the browser. */
async function postAs(page: Page, path: string, body: string): Promise<Response> {
  const cookies = await page.context().cookies(mesh.gatewayUrl);
  return fetch(url(path), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: mesh.gatewayUrl, cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
    body,
    redirect: "manual",
  });
}

/** The Idempotency-Key the money form on `page` was rendered with. */
const formKeyOn = (page: Page) => page.locator('input[name="idempotency_key"]').first().inputValue();

/** The send form's body as the browser posts it. */
const sendFormBody = (f: { key: string; recipient: string; amount: string; returnTo?: string }) =>
  new URLSearchParams({ idempotency_key: f.key, return_to: f.returnTo ?? "/wallet", recipient: f.recipient, amount: f.amount, category: "", note: "" }).toString();

/** The outcome a post carried to the next page (its one-time cookie, encoded by the flash and by the cookie). */
function flashOf(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("mint_flash="));
  const messages = JSON.parse(decodeURIComponent(decodeURIComponent(cookie?.split(";")[0]?.slice("mint_flash=".length) ?? "%5B%5D"))) as { message: string }[];
  return messages.map((m) => m.message).join(" ");
}

/** A user promoted to ADMIN in auth's database, signed in again for a token that says so. */
async function adminToken(): Promise<string> {
  const admin = await mesh.user({ name: "Support Admin" });
  const env = mesh.services.auth!.env;
  const dbUrl = new URL(env.POSTGRES_URL!);
  dbUrl.pathname = `/${env.DATABASE_NAME}`;
  const sql = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql`update users set role = 'ADMIN' where id = ${admin.id}`;
  } finally {
    await sql.end();
  }
  return login(mesh.gatewayUrl, admin.email, admin.password);
}

describe("deposit", () => {
  test("in the dialog: a toast, the new balance and the activity row appear without a reload; the dialog closes", async () => {
    const ada = await mesh.user({ name: "Ada Lovelace" });
    const page = await signedIn(ada);
    await page.goto(url("/dashboard"));
    expect(await card(page).getByText("$0.00").count()).toBe(1);
    await page.getByText("No transactions yet").waitFor();

    const dialog = await openDialog(page, "Deposit");
    await expectAccessible(page);
    await shots(page, "dashboard-deposit-dialog");
    await dialog.getByLabel("Amount (USD)").fill("25.00");
    await dialog.getByLabel("Note (optional)").fill("From savings");
    await dialog.getByRole("button", { name: "Deposit" }).click();

    await toasts(page).getByText("Deposited $25.00 into your wallet.").waitFor();
    await card(page).getByText("$25.00").waitFor();
    expect(await dialog.isVisible()).toBe(false);
    await page.getByRole("region", { name: "Recent activity" }).getByText("From savings").waitFor();
    expect((await balanceOf(ada)).availableBalance).toBe(2_500);

    // The dialog's next form is a fresh one: a second deposit is a new payment, not a replay.
    await openDialog(page, "Deposit");
    expect(await dialog.getByLabel("Amount (USD)").inputValue()).toBe("");
    await dialog.getByLabel("Amount (USD)").fill("1.50");
    await dialog.getByRole("button", { name: "Deposit" }).click();
    await toasts(page).getByText("Deposited $1.50 into your wallet.").waitFor();
    await card(page).getByText("$26.50").waitFor();
    expect((await transactionsOf(ada)).length).toBe(2);
  });

  test("an amount typed wrong is refused next to the field, and nothing is sent", async () => {
    const ada = await mesh.user({ name: "Ada Typo" });
    const page = await signedIn(ada);
    await page.goto(url("/dashboard"));
    const dialog = await openDialog(page, "Deposit");
    for (const [typed, message] of [
      ["1.234", "Use at most two decimal places (cents)."],
      ["1e3", "Enter an amount in dollars, like 12.50."],
      ["-5", "Enter an amount greater than zero."],
      ["0", "Enter an amount greater than zero."],
    ] as const) {
      await dialog.getByLabel("Amount (USD)").fill(typed);
      const answered = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/wallet/deposit"));
      await dialog.getByRole("button", { name: "Deposit" }).click();
      expect((await answered).status()).toBe(422);
      await dialog.getByText(message).waitFor();
      expect(await dialog.getByLabel("Amount (USD)").getAttribute("aria-invalid")).toBe("true");
    }
    expect(await transactionsOf(ada)).toEqual([]);
  });

  test("the dialogs open from the keyboard with Enter or Space, keep focus inside, and give it back on Escape", async () => {
    const ada = await mesh.user({ name: "Ada Keys" });
    const page = await signedIn(ada);
    await page.goto(url("/dashboard"));
    for (const key of ["Enter", " "]) {
      const opener = card(page).getByRole("button", { name: "Deposit" });
      await opener.focus();
      await page.keyboard.press(key);
      const dialog = page.getByRole("dialog", { name: "Deposit" });
      await dialog.waitFor();
      expect(await dialog.getByLabel("Amount (USD)").evaluate((el) => el === el.ownerDocument.activeElement || el.closest("dialog")!.contains(el.ownerDocument.activeElement))).toBe(true);
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      expect(await opener.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    }
    // Nothing was sent by opening and closing.
    expect(await transactionsOf(ada)).toEqual([]);
  });
});

describe("send money", () => {
  test("to a second user found by e-mail and chosen by name: both balances move, each sees the other's name", async () => {
    const [ada, grace] = await Promise.all([mesh.user({ name: "Ada Sender", balance: 10_000 }), mesh.user({ name: "Grace Hopper" })]);
    const page = await signedIn(ada);
    await page.goto(url("/dashboard"));
    const dialog = await openDialog(page, "Send money");
    await dialog.getByLabel("Recipient's e-mail").fill(emailStart(grace));
    await dialog.getByRole("radio", { name: /Grace Hopper/ }).waitFor();
    await expectAccessible(page);
    await shots(page, "dashboard-send-dialog");
    await dialog.getByRole("radio", { name: /Grace Hopper/ }).check();
    await dialog.getByLabel("Amount (USD)").fill("12.34");
    await dialog.getByLabel("Category (optional)").selectOption("FOOD");
    await dialog.getByLabel("Note (optional)").fill("Lunch");
    await dialog.getByRole("button", { name: "Send money" }).click();

    await toasts(page).getByText("Sent $12.34 to Grace Hopper.").waitFor();
    await card(page).getByText("$87.66").waitFor();
    await page.getByRole("region", { name: "Recent activity" }).getByText("To Grace Hopper").waitFor();
    expect((await balanceOf(ada)).availableBalance).toBe(8_766);
    expect((await balanceOf(grace)).availableBalance).toBe(1_234);

    const gracePage = await signedIn(grace);
    await gracePage.goto(url("/dashboard"));
    await card(gracePage).getByText("$12.34").waitFor();
    await gracePage.getByRole("region", { name: "Recent activity" }).getByText("From Ada Sender").waitFor();
  });

  test("a double-clicked Send pays once", async () => {
    const [ada, grace] = await Promise.all([mesh.user({ name: "Ada Double", balance: 10_000 }), mesh.user({ name: "Grace Double" })]);
    const page = await signedIn(ada);
    await page.goto(url("/dashboard"));
    const dialog = await openDialog(page, "Send money");
    await chooseRecipient(dialog, grace);
    await dialog.getByLabel("Amount (USD)").fill("5.00");
    await dialog.getByRole("button", { name: "Send money" }).dblclick();
    await toasts(page).getByText("Sent $5.00 to Grace Double.").waitFor();
    await card(page).getByText("$95.00").waitFor();
    expect((await transactionsOf(ada)).filter((t) => t.type === "TRANSFER")).toHaveLength(1);

    // Without JavaScript nothing stops a second submit: the same form sent twice at once (a double
    // click, an impatient retry) reaches the server twice with the same key, and pays once.
    const plain = await signedIn(ada, { javaScript: false });
    await plain.goto(url(`/wallet/send?q=${encodeURIComponent(grace.email)}`));
    const body = sendFormBody({ key: await formKeyOn(plain), recipient: grace.email, amount: "7.00" });
    const answers = await Promise.all([postAs(plain, "/wallet/send", body), postAs(plain, "/wallet/send", body)]);
    expect(answers.map((a) => a.status)).toEqual([303, 303]);
    expect(answers.map(flashOf).sort()).toEqual(["Already sent: $7.00 to Grace Double went through when this form was first sent. Nothing was sent twice.", "Sent $7.00 to Grace Double."]);
    expect((await transactionsOf(ada)).filter((t) => t.type === "TRANSFER").map((t) => t.amount)).toEqual([700, 500]);
    expect((await balanceOf(grace)).availableBalance).toBe(1_200);
  });

  test("a resubmitted form pays once: Back and send again, and the same form data posted again", async () => {
    const [ada, grace] = await Promise.all([mesh.user({ name: "Ada Back", balance: 10_000 }), mesh.user({ name: "Grace Back" })]);
    const page = await signedIn(ada, { javaScript: false });
    await page.goto(url(`/wallet/send?q=${encodeURIComponent(grace.email)}&return_to=/dashboard`));
    expect(await page.getByRole("radio", { name: /Grace Back/ }).isChecked()).toBe(true);
    const key = await formKeyOn(page);
    await page.getByLabel("Amount (USD)").fill("20.00");
    await page.getByRole("button", { name: "Send money" }).click();
    await page.waitForURL(/\/dashboard$/);
    await page.getByText("Sent $20.00 to Grace Back.").waitFor();

    // Back shows the same form, with the same key: sending it again replays the first payment.
    await page.goBack();
    await page.waitForURL(/\/wallet\/send/);
    expect(await page.getByLabel("Amount (USD)").inputValue()).toBe("20.00");
    expect(await formKeyOn(page)).toBe(key);
    await page.getByRole("button", { name: "Send money" }).click();
    await page.waitForURL(/\/dashboard$/);
    await page.getByText("Already sent: $20.00 to Grace Back went through when this form was first sent. Nothing was sent twice.").waitFor();

    // The same form data posted once more (a retried request) is the same payment too.
    const again = await postAs(page, "/wallet/send", sendFormBody({ key, recipient: grace.email, amount: "20.00", returnTo: "/dashboard" }));
    expect(again.status).toBe(303);
    expect(flashOf(again)).toStartWith("Already sent: $20.00 to Grace Back");

    expect((await transactionsOf(ada)).filter((t) => t.type === "TRANSFER")).toHaveLength(1);
    expect((await balanceOf(ada)).availableBalance).toBe(8_000);
    expect((await balanceOf(grace)).availableBalance).toBe(2_000);
  });

  test("a transfer held for fraud review is shown as held: what it means, the money reserved, the row marked", async () => {
    const [ada, stranger] = await Promise.all([mesh.user({ name: "Ada Held", balance: 50_000 }), mesh.user({ name: "Hedy Stranger" })]);
    const page = await signedIn(ada);
    await page.goto(url("/dashboard"));
    const dialog = await openDialog(page, "Send money");
    await chooseRecipient(dialog, stranger);
    await dialog.getByLabel("Amount (USD)").fill("250.00");
    await dialog.getByRole("button", { name: "Send money" }).click();

    const notice = dialog.getByText(/Your transfer of \$250\.00 to Hedy Stranger is held for review\./);
    await notice.waitFor();
    expect(await notice.textContent()).toContain("The money is reserved in your wallet while a reviewer checks the transfer; you'll get a notification when they decide.");
    await card(page).getByText("Held for review").waitFor();
    await card(page).getByText("$250.00").first().waitFor();
    await page.getByRole("region", { name: "Recent activity" }).getByText("Held for review").waitFor();
    await expectAccessible(page);
    await shots(page, "dashboard-held");
    expect(await balanceOf(ada)).toMatchObject({ balance: 50_000, heldAmount: 25_000, availableBalance: 25_000 });
    expect((await balanceOf(stranger)).availableBalance).toBe(0);
  });

  test("a limit breach names the limit and what is left", async () => {
    await awayFromUtcMidnight();
    const [newcomer, grace] = await Promise.all([mesh.user({ name: "New Comer", tier: "UNVERIFIED", balance: 10_000 }), mesh.user({ name: "Grace Limit" })]);
    const page = await signedIn(newcomer);
    await page.goto(url("/dashboard"));
    const send = await openDialog(page, "Send money");
    await chooseRecipient(send, grace);
    await send.getByLabel("Amount (USD)").fill("60.00");
    await send.getByRole("button", { name: "Send money" }).click();
    await send.getByText("That's over your transfer limit of $50.00 per transaction. Send at most $50.00 at a time.").waitFor();
    // What was typed stays, the recipient stays chosen, so a smaller amount is one edit away.
    expect(await send.getByRole("radio", { name: /Grace Limit/ }).isChecked()).toBe(true);
    await shots(page, "dashboard-send-limit");
    await send.getByLabel("Amount (USD)").fill("50.00");
    await send.getByRole("button", { name: "Send money" }).click();
    await toasts(page).getByText("Sent $50.00 to Grace Limit.").waitFor();

    const again = await openDialog(page, "Send money");
    await chooseRecipient(again, grace);
    await again.getByLabel("Amount (USD)").fill("50.01");
    await again.getByRole("button", { name: "Send money" }).click();
    await again.getByText(/over your transfer limit of \$50\.00 per transaction/).waitFor();
    await again.getByLabel("Amount (USD)").fill("50.00");
    await again.getByRole("button", { name: "Send money" }).click();
    await toasts(page).getByText("Sent $50.00 to Grace Limit.").last().waitFor();
    await card(page).getByText("$0.00").waitFor();

    const spent = await openDialog(page, "Send money");
    await chooseRecipient(spent, grace);
    await spent.getByLabel("Amount (USD)").fill("0.01");
    await spent.getByRole("button", { name: "Send money" }).click();
    await spent.getByText("That's over your daily transfer limit of $100.00: you've used $100.00 today and nothing is left (it starts again at midnight UTC).").waitFor();
    await page.keyboard.press("Escape");

    const deposit = await openDialog(page, "Deposit");
    await deposit.getByLabel("Amount (USD)").fill("50.01");
    await deposit.getByRole("button", { name: "Deposit" }).click();
    await deposit.getByText("That's over your deposit limit of $50.00 per transaction. Deposit at most $50.00 at a time.").waitFor();
    expect((await transactionsOf(newcomer)).filter((t) => t.type === "TRANSFER")).toHaveLength(2);
  });
});

describe("a frozen wallet", () => {
  test("disables Deposit and Send and says why; the card turns frozen live, and a form sent anyway is refused", async () => {
    const [ada, token] = await Promise.all([mesh.user({ name: "Ada Frozen", balance: 1_000 }), adminToken()]);
    const page = await signedIn(ada);
    await page.goto(url("/dashboard"));
    expect(await card(page).getByRole("button", { name: "Deposit" }).isEnabled()).toBe(true);

    const plain = await signedIn(ada, { javaScript: false });
    await plain.goto(url("/wallet/deposit"));

    const frozen = await mesh.api("POST", `/admin/users/${ada.id}/freeze`, token, { reason: "Suspicious activity reported" });
    expect(frozen.status).toBe(200);
    // The live stream would say wallet-changed; the card listens for it.
    await page.evaluate("document.body.dispatchEvent(new CustomEvent('wallet-changed', { bubbles: true }))");
    await card(page).getByText("Your wallet is frozen").waitFor();
    expect(await card(page).getByRole("button", { name: "Deposit" }).isDisabled()).toBe(true);
    expect(await card(page).getByRole("button", { name: "Send money" }).isDisabled()).toBe(true);
    await card(page).getByText("Status: Frozen").waitFor();
    await expectAccessible(page);
    await shots(page, "dashboard-frozen");

    // The deposit page opened before the freeze: sending it is refused, and says why.
    await plain.getByLabel("Amount (USD)").fill("5.00");
    await plain.getByRole("button", { name: "Deposit" }).click();
    await plain.getByText("Your wallet is frozen, so no money can move. Contact support to find out why.").waitFor();
    expect((await balanceOf(ada)).availableBalance).toBe(1_000);

    expect((await mesh.api("POST", `/admin/users/${ada.id}/unfreeze`, token, { reason: "Cleared by the bank" })).status).toBe(200);
    await page.goto(url("/wallet"));
    expect(await card(page).getByRole("button", { name: "Deposit" }).isEnabled()).toBe(true);
  });
});

describe("without JavaScript", () => {
  test("deposit and send money work as pages: post, redirect, and the outcome shown", async () => {
    const [ada, grace] = await Promise.all([mesh.user({ name: "Ada Plain" }), mesh.user({ name: "Grace Plain" })]);
    const page = await signedIn(ada, { javaScript: false });
    await page.goto(url("/dashboard"));
    await page.getByRole("button", { name: "Deposit" }).click();
    await page.waitForURL(/\/wallet\/deposit/);
    await page.getByLabel("Amount (USD)").fill("40.00");
    await page.getByRole("button", { name: "Deposit" }).click();
    await page.waitForURL(/\/dashboard$/);
    await page.getByText("Deposited $40.00 into your wallet.").waitFor();
    await card(page).getByText("$40.00").waitFor();

    await page.getByRole("button", { name: "Send money" }).click();
    await page.waitForURL(/\/wallet\/send/);
    await page.getByLabel("Recipient's e-mail").fill(emailStart(grace));
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("radio", { name: /Grace Plain/ }).check();
    await shot(page, "send-page-nojs-desktop");
    await page.getByLabel("Amount (USD)").fill("15.25");
    await page.getByRole("button", { name: "Send money" }).click();
    await page.waitForURL(/\/dashboard$/);
    await page.getByText("Sent $15.25 to Grace Plain.").waitFor();
    await card(page).getByText("$24.75").waitFor();
    expect((await balanceOf(grace)).availableBalance).toBe(1_525);

    // A mistake renders the page again with the message next to the field.
    await page.goto(url("/wallet/deposit"));
    await page.getByLabel("Amount (USD)").fill("1.234");
    await page.getByRole("button", { name: "Deposit" }).click();
    await page.getByText("Use at most two decimal places (cents).").waitFor();
  });
});

describe("the wallet page", () => {
  test("counts, balance history and limits; the limits panel shows used and left right after a transfer", async () => {
    const [ada, grace] = await Promise.all([mesh.user({ name: "Ada Wallet", balance: 60_000 }), mesh.user({ name: "Grace Wallet" })]);
    const page = await signedIn(ada);
    await page.goto(url("/wallet"));
    const limits = page.getByRole("region", { name: "Your limits" });
    await limits.getByText("Basic tier").waitFor();
    await page.getByRole("region", { name: "Completed transactions" }).getByText("Deposits").waitFor();
    await page.getByRole("region", { name: "Balance history" }).getByRole("img", { name: "Balance over the last 30 days" }).waitFor();

    const dialog = await openDialog(page, "Send money");
    await chooseRecipient(dialog, grace);
    await dialog.getByLabel("Amount (USD)").fill("30.00");
    await dialog.getByRole("button", { name: "Send money" }).click();
    await toasts(page).getByText("Sent $30.00 to Grace Wallet.").waitFor();

    // Out of band, in the same answer: today's and this month's usage, and what is left.
    const sending = limits.getByRole("definition").filter({ hasText: "$30.00 used" });
    expect(await sending.count()).toBe(2);
    await limits.getByText("$1,970.00 left").waitFor();
    await limits.getByText("$9,970.00 left").waitFor();
    await limits.getByText("You can send up to $500.00 right now.").waitFor();
    const counts = page.getByRole("region", { name: "Completed transactions" });
    expect(await counts.getByRole("article").filter({ hasText: "Transfers sent" }).getByText("1", { exact: true }).count()).toBe(1);
    await page.getByRole("region", { name: "Balance history" }).getByText(/your balance .*\$570\.00/).waitFor();

    // A payment made elsewhere (another tab, the API): the parts refresh on wallet-changed.
    const elsewhere = await mesh.api("POST", "/api/v1/transactions/transfer", ada.token, { recipientId: grace.id, amount: 1_000 }, { "idempotency-key": crypto.randomUUID() });
    expect(elsewhere.status).toBe(201);
    await page.evaluate("document.body.dispatchEvent(new CustomEvent('wallet-changed', { bubbles: true }))");
    await limits.getByText("$1,960.00 left").waitFor();
    await card(page).getByText("$560.00").waitFor();
    expect(await counts.getByRole("article").filter({ hasText: "Transfers sent" }).getByText("2", { exact: true }).count()).toBe(1);
    await page.getByRole("region", { name: "Balance history" }).getByText(/your balance .*\$560\.00/).waitFor();

    await page.getByText("Show the daily balances as a table").click();
    await page.getByRole("table").getByRole("cell", { name: "$560.00" }).first().waitFor();
    await expectAccessible(page);
    await shots(page, "wallet");
  });

  test("a payment received while the page is open shows up without a reload", async () => {
    const [ada, grace] = await Promise.all([mesh.user({ name: "Ada Live" }), mesh.user({ name: "Grace Live", balance: 5_000 })]);
    const page = await signedIn(ada);
    await page.goto(url("/dashboard"));
    await card(page).getByText("$0.00").waitFor();
    // live.js marks the document once the shell's stream is open (a state for tests and styles).
    await page.locator('html[data-live="connected"]').waitFor({ state: "attached", timeout: 10_000 });
    const sent = await mesh.api("POST", "/api/v1/transactions/transfer", grace.token, { recipientId: ada.id, amount: 1_111 }, { "idempotency-key": crypto.randomUUID() });
    expect(sent.status).toBe(201);
    // The shell's live stream dispatches wallet-changed when the notification arrives.
    await card(page).getByText("$11.11").waitFor({ timeout: 10_000 });
    await page.getByRole("region", { name: "Recent activity" }).getByText("From Grace Live").waitFor();
  });
});

describe("every money page", () => {
  test("passes axe-core and fits a phone", async () => {
    const ada = await mesh.user({ name: "Ada Checks", balance: 5_000 });
    const page = await signedIn(ada);
    for (const path of ["/dashboard", "/wallet", "/wallet/deposit", "/wallet/send"]) {
      const res = await page.goto(url(path));
      // A page holding a money form: Back shows it as it was (same key) rather than a new one.
      expect(res!.headers()["cache-control"]).toBe("private, no-cache");
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
      await shots(page, `page${path.replaceAll("/", "-")}`);
    }
    await page.goto(url("/wallet"));
    await page.setViewportSize(PHONE);
    const dialog = await openDialog(page, "Send money");
    await chooseRecipient(dialog, await mesh.user({ name: "Grace Phone" }));
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await shot(page, "wallet-send-dialog-phone", { fullPage: false });
  });
});

test("no page broke its Content-Security-Policy (no inline script or style)", () => {
  expect(cspViolations).toEqual([]);
});
