import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { eventually } from "../../shared/testing/wait.ts";
import { launchBrowser } from "../harness/browser.ts";
import { expectAccessible, expectNoSidewaysScroll, type PageMesh, type PageUser, screenshot, startPageMesh } from "../harness/pages.ts";

// /analytics as a user meets it: the whole platform behind the gateway, spending made through the
// transactions API (the payer's chosen category counts), the page in Chromium.

let mesh: PageMesh;
let browser: Browser;
let payee: PageUser;

beforeAll(async () => {
  [mesh, browser] = await Promise.all([startPageMesh(), launchBrowser()]);
  payee = await mesh.user({ name: "Pat Payee" });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await mesh?.stop();
}, 30_000);

const utcMonth = (d: Date) => d.toISOString().slice(0, 7);
const monthName = (ym: string) => new Date(`${ym}-01T00:00:00Z`).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
const THIS_MONTH = utcMonth(new Date());
const LAST_MONTH = (() => {
  const [y, m] = THIS_MONTH.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
})();

/** A completed payment from `payer` in `category` (201: fraud screening let it through). */
async function spend(payer: PageUser, cents: number, category: string, merchant?: string) {
  const r = await mesh.api("POST", "/api/v1/transactions/transfer", payer.token, { recipientId: payee.id, amount: cents, category, merchant }, { "idempotency-key": crypto.randomUUID() });
  expect(r.status).toBe(201);
}

/** Waits until analytics has counted `cents` of spending in `category` this month. */
async function counted(user: PageUser, category: string, cents: number) {
  await eventually(
    async () => {
      const r = await mesh.api<{ categories: { category: string; total: number }[] }>("GET", "/api/v1/analytics/insights", user.token);
      return r.body.categories.find((c) => c.category === category)?.total === cents;
    },
    { timeoutMs: 20_000, what: `${category} spending of ${cents} counted` },
  );
}

async function budgetOf(user: PageUser, category: string) {
  const r = await mesh.api<{ items: { id: string; category: string; limitCents: number; spentCents: number }[] }>("GET", "/api/v1/analytics/budgets", user.token);
  return r.body.items.find((b) => b.category === category);
}

const toast = (page: Page, text: string | RegExp) => page.getByRole("status").filter({ hasText: text }).first();
const budgetRow = (page: Page, name: string) => page.getByRole("listitem").filter({ has: page.getByRole("heading", { name, exact: true }) });

/** The chart's accessible name and description, as Chromium computes them for assistive technology. */
async function chartAccessibleText(page: Page): Promise<{ name: string; description: string } | undefined> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: { role?: { value: string }; name?: { value: string }; description?: { value: string } }[] };
    const chart = nodes.find((n) => n.role?.value === "image" && n.name?.value.startsWith("Spending by category"));
    return chart ? { name: chart.name!.value, description: chart.description?.value ?? "" } : undefined;
  } finally {
    await cdp.detach();
  }
}

describe("/analytics", () => {
  test("set a budget, spend past 80 %: the progress turns to a warning on the page and the alert arrives", async () => {
    const ada = await mesh.user({ name: "Ada Budget", balance: 500_00 });
    const page = await mesh.signIn(browser, ada);
    await page.goto(`${mesh.gatewayUrl}/analytics`);

    await page.getByRole("heading", { name: monthName(THIS_MONTH), level: 2 }).waitFor();
    await page.getByText("No budgets set").waitFor();
    await page.getByText(`No spending in ${monthName(THIS_MONTH)}`).waitFor();
    expect(await page.getByText("No merchants yet").isVisible()).toBe(true);

    // Add a budget in the dialog.
    await page.getByRole("button", { name: "Add budget" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a budget" });
    await dialog.getByLabel("Category").selectOption("FOOD");
    await dialog.getByLabel("Monthly limit ($)").fill("100");
    await dialog.getByRole("button", { name: "Add budget" }).click();
    await toast(page, "Food budget set to $100.00 a month.").waitFor();
    expect(await dialog.isVisible()).toBe(false);
    // The dialog closed with the old card; the focus lands on the refreshed card's heading, not on <body>.
    await eventually(() => page.getByRole("heading", { name: "Monthly budgets" }).evaluate((e: any) => e === e.ownerDocument.activeElement), { what: "focus on the budgets heading" });
    const food = budgetRow(page, "Food");
    await food.getByText("$0.00 spent of $100.00").waitFor();
    expect(await food.getByText("On track").isVisible()).toBe(true);
    // The category now has a budget: "Add budget" no longer offers it, its row offers Change.
    const offered = await page.getByRole("dialog", { name: "Add a budget", includeHidden: true }).getByLabel("Category").locator("option").allTextContents();
    expect(offered).toEqual(["Transport", "Entertainment", "Utilities", "Other"]);
    expect(await food.getByRole("button", { name: "Change Food budget" }).isVisible()).toBe(true);

    // Spend $85 on food (85 % of the budget) while the page is open: the shell's live stream
    // brings the payment and the 80 % alert, and the page refreshes its numbers by itself.
    await spend(ada, 85_00, "FOOD", "Corner Bakery");
    // Generous waits: on a busy machine the notification pipeline can take many seconds; what is
    // checked is that the page changes by itself, not how fast.
    await food.getByText("Nearly at limit").waitFor({ timeout: 45_000 });
    expect(await food.getByText("$85.00 spent of $100.00").isVisible()).toBe(true);
    expect(await food.getByText("85% used, $15.00 left").isVisible()).toBe(true);
    await page.getByText("Corner Bakery").waitFor();
    const bar = food.getByRole("progressbar", { name: "Food budget used" });
    expect(await bar.getAttribute("aria-valuenow")).toBe("85");
    expect(await bar.getAttribute("aria-valuetext")).toContain("Nearly at limit");
    // The alert, raised from the same aggregate, arrived as a notification in the shell's list.
    await page
      .getByRole("list", { name: "Latest notifications", includeHidden: true })
      .getByText("You've used 85% of your Food budget this month ($85.00 of $100.00).")
      .waitFor({ state: "attached", timeout: 45_000 });
    await page.getByRole("link", { name: /Show notifications/ }).click();
    await page.getByRole("dialog", { name: "Notifications" }).getByText("Budget Warning").first().waitFor();
    await page.keyboard.press("Escape");

    // Another tab or the stream itself can ask the page to refresh: the numbers follow the event.
    await spend(ada, 5_00, "FOOD");
    await counted(ada, "FOOD", 90_00);
    await page.evaluate(`document.body.dispatchEvent(new Event("wallet-changed"))`);
    await food.getByText("$90.00 spent of $100.00").waitFor();

    // After a reload the page shows the same warning state and the month's numbers.
    await page.reload();
    await budgetRow(page, "Food").getByText("Nearly at limit").waitFor();
    expect(await page.getByRole("article").filter({ hasText: "Total spend" }).getByText("$90.00").isVisible()).toBe(true);
    expect(await page.getByRole("article").filter({ hasText: "Top category" }).getByText("100% of spend").isVisible()).toBe(true);

    // The chart's text alternative lists the values.
    const chart = await chartAccessibleText(page);
    expect(chart?.name).toBe(`Spending by category, ${monthName(THIS_MONTH)}`);
    expect(chart?.description).toContain("Food: $90.00, 100% of spending, 2 transactions.");
    await page.context().close();
  }, 150_000);

  test("change a budget's limit (over budget says by how much), then remove it", async () => {
    const bea = await mesh.user({ name: "Bea Change", balance: 300_00 });
    await mesh.api("POST", "/api/v1/analytics/budgets", bea.token, { category: "TRANSPORT", limitCents: 200_00 });
    await spend(bea, 60_00, "TRANSPORT");
    await counted(bea, "TRANSPORT", 60_00);
    const page = await mesh.signIn(browser, bea);
    await page.goto(`${mesh.gatewayUrl}/analytics`);

    const transport = budgetRow(page, "Transport");
    await transport.getByText("$60.00 spent of $200.00").waitFor();
    await transport.getByRole("button", { name: "Change Transport budget" }).click();
    const dialog = page.getByRole("dialog", { name: "Change the Transport budget" });
    const limit = dialog.getByLabel("Monthly limit ($)");
    expect(await limit.inputValue()).toBe("200.00");
    // A bad amount is refused next to the field, in the dialog.
    await limit.fill("12.345");
    await dialog.getByRole("button", { name: "Save limit" }).click();
    await dialog.getByText("Use at most two decimal places (cents).").waitFor();
    expect(await dialog.getByLabel("Monthly limit ($)").getAttribute("aria-invalid")).toBe("true");
    await dialog.getByLabel("Monthly limit ($)").fill("50");
    await dialog.getByRole("button", { name: "Save limit" }).click();
    await toast(page, "Transport budget changed to $50.00 a month.").waitFor();
    await transport.getByText("Over budget by $10.00").waitFor();
    expect(await transport.getByText("Over budget", { exact: true }).isVisible()).toBe(true);
    expect((await budgetOf(bea, "TRANSPORT"))?.limitCents).toBe(50_00);

    await transport.getByRole("button", { name: "Remove Transport budget" }).click();
    await toast(page, "Transport budget removed.").waitFor();
    await page.getByText("No budgets set").waitFor();
    expect(await budgetOf(bea, "TRANSPORT")).toBeUndefined();
    await page.context().close();
  }, 60_000);

  test("the month picker goes back to last month (empty), keeps the month in the URL, and Back returns", async () => {
    const cy = await mesh.user({ name: "Cy Months", balance: 100_00 });
    await mesh.api("POST", "/api/v1/analytics/budgets", cy.token, { category: "OTHER", limitCents: 30_00 });
    await spend(cy, 12_00, "OTHER");
    await counted(cy, "OTHER", 12_00);
    const page = await mesh.signIn(browser, cy);
    await page.goto(`${mesh.gatewayUrl}/analytics`);
    await budgetRow(page, "Other").getByText("$12.00 spent of $30.00").waitFor();

    await page.getByRole("link", { name: `Previous month, ${monthName(LAST_MONTH)}` }).click();
    await page.waitForURL(new RegExp(`/analytics\\?month=${LAST_MONTH}$`));
    await page.getByRole("heading", { name: monthName(LAST_MONTH), level: 2 }).waitFor();
    await page.getByText(`No spending in ${monthName(LAST_MONTH)}`).waitFor();
    expect(await page.getByText("No merchants yet").isVisible()).toBe(true);
    expect(await page.getByRole("article").filter({ hasText: "Top category" }).getByText("No data yet").isVisible()).toBe(true);
    // Budgets are monthly: last month nothing was spent against this one.
    expect(await budgetRow(page, "Other").getByText("$0.00 spent of $30.00").isVisible()).toBe(true);
    expect(await page.getByRole("combobox", { name: "Month", exact: true }).inputValue()).toBe(LAST_MONTH);

    await page.goBack();
    await page.waitForURL(/\/analytics$/);
    await budgetRow(page, "Other").getByText("$12.00 spent of $30.00").waitFor();

    // The list picks a month too, and the URL follows it.
    await page.getByRole("combobox", { name: "Month", exact: true }).selectOption(LAST_MONTH);
    await page.waitForURL(new RegExp(`month=${LAST_MONTH}`));
    await page.getByText(`No spending in ${monthName(LAST_MONTH)}`).waitFor();

    // A month that isn't one is a clear 400, not a 500 or a silent fallback.
    const bad = await page.goto(`${mesh.gatewayUrl}/analytics?month=2030-13`);
    expect(bad?.status()).toBe(400);
    expect(await page.getByText("Choose a month written as YYYY-MM").isVisible()).toBe(true);
    await page.context().close();
  }, 60_000);

  test("without JavaScript: add a budget (a mistake is shown next to the field), see it, remove it", async () => {
    const dee = await mesh.user({ name: "Dee NoScript", balance: 50_00 });
    const page = await mesh.signIn(browser, dee, { javaScriptEnabled: false });
    await page.goto(`${mesh.gatewayUrl}/analytics`);
    await page.getByText("No budgets set").waitFor();

    await page.getByRole("button", { name: "Add budget" }).click();
    await page.waitForURL(/\/analytics\/budgets\/new/);
    await page.getByLabel("Category").selectOption("UTILITIES");
    await page.getByLabel("Monthly limit ($)").fill("0");
    await page.getByRole("button", { name: "Add budget" }).click();
    await page.getByText("Enter an amount greater than zero.").waitFor();
    await screenshot(page, "analytics-add-page-no-js-error");
    expect(await page.getByLabel("Category").inputValue()).toBe("UTILITIES");
    await page.getByLabel("Monthly limit ($)").fill("40");
    await page.getByRole("button", { name: "Add budget" }).click();
    await page.waitForURL(/\/analytics$/);
    await toast(page, "Utilities budget set to $40.00 a month.").waitFor();
    await budgetRow(page, "Utilities").getByText("$0.00 spent of $40.00").waitFor();

    // Change goes to its own page without JavaScript.
    await budgetRow(page, "Utilities").getByRole("button", { name: "Change Utilities budget" }).click();
    await page.waitForURL(/\/analytics\/budgets\/utilities\/edit/);
    await page.getByLabel("Monthly limit ($)").fill("45.50");
    await page.getByRole("button", { name: "Save limit" }).click();
    await page.waitForURL(/\/analytics$/);
    await toast(page, "Utilities budget changed to $45.50 a month.").waitFor();

    await budgetRow(page, "Utilities").getByRole("button", { name: "Remove Utilities budget" }).click();
    await page.waitForURL(/\/analytics$/);
    await toast(page, "Utilities budget removed.").waitFor();
    await page.getByText("No budgets set").waitFor();
    await page.context().close();
  }, 60_000);

  test("a month with every state: accessible, no sideways scroll at 390 px, screenshots at desktop and phone width", async () => {
    const eve = await mesh.user({ name: "Eve Everything", balance: 1_000_00 });
    for (const [category, limit] of [["FOOD", 150_00], ["ENTERTAINMENT", 50_00], ["UTILITIES", 100_00]] as const) {
      expect((await mesh.api("POST", "/api/v1/analytics/budgets", eve.token, { category, limitCents: limit })).status).toBe(201);
    }
    await spend(eve, 64_20, "FOOD", "Green Grocer");
    await spend(eve, 42_75, "FOOD", "Corner Bakery");
    await spend(eve, 61_00, "ENTERTAINMENT", "Cinema Paradiso");
    await spend(eve, 38_90, "TRANSPORT", "City Metro");
    await spend(eve, 85_00, "UTILITIES", "Power & Light Company of the Greater Metropolitan Area");
    await spend(eve, 9_99, "OTHER");
    await counted(eve, "OTHER", 9_99);
    await counted(eve, "UTILITIES", 85_00);

    // Reduced motion: dialogs appear at once (and axe never measures one mid-fade).
    const page = await mesh.signIn(browser, eve, { viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" });
    await page.goto(`${mesh.gatewayUrl}/analytics`);
    await budgetRow(page, "Entertainment").getByText("Over budget by $11.00").waitFor();
    expect(await budgetRow(page, "Utilities").getByText("Nearly at limit").isVisible()).toBe(true);
    expect(await budgetRow(page, "Food").getByText("On track").isVisible()).toBe(true);
    const chart = await chartAccessibleText(page);
    for (const value of ["Food: $106.95", "Utilities: $85.00", "Entertainment: $61.00", "Transport: $38.90", "Other: $9.99"]) expect(chart?.description).toContain(value);
    const merchants = page.getByRole("list").filter({ hasText: "Green Grocer" });
    expect((await merchants.getByRole("listitem").allTextContents())[0]).toContain("Power & Light");

    await expectAccessible(page);
    await screenshot(page, "analytics-desktop");
    await page.getByRole("button", { name: "Add budget" }).click();
    await page.getByRole("dialog", { name: "Add a budget" }).waitFor();
    await expectAccessible(page);
    await screenshot(page, "analytics-add-dialog-desktop", { fullPage: false });
    await page.keyboard.press("Escape");

    await expectNoSidewaysScroll(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await budgetRow(page, "Entertainment").getByText("Over budget by $11.00").waitFor();
    await expectAccessible(page);
    await screenshot(page, "analytics-phone");
    await budgetRow(page, "Food").getByRole("button", { name: "Change Food budget" }).click();
    await page.getByRole("dialog", { name: "Change the Food budget" }).waitFor();
    await screenshot(page, "analytics-change-dialog-phone", { fullPage: false });
    await page.keyboard.press("Escape");

    await page.goto(`${mesh.gatewayUrl}/analytics?month=${LAST_MONTH}`);
    await page.getByText(`No spending in ${monthName(LAST_MONTH)}`).waitFor();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, "analytics-empty-month-phone");
    await page.context().close();
  }, 90_000);
});
