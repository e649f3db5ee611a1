import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { eventually } from "../../../../shared/testing/wait.ts";
import { registerUser, startAuth } from "../../../../tests/harness/auth.ts";
import { call, completed, handled, publishEvent, startAnalytics } from "../../../analytics/test-support.ts";
import { buildWebApp, type WebConfig } from "../../http.ts";

// The /analytics routes through app.request(), against the real auth and analytics services
// (spending arrives as transaction.completed events, as in production); the browser flows are in
// tests/e2e/pages-analytics.test.ts.

setDefaultTimeout(60_000);

const SITE = "http://localhost:8080";
const closed = "http://127.0.0.1:9";
const quietLog = { debug() {}, info() {}, warn() {}, error() {} };

let auth: Awaited<ReturnType<typeof startAuth>>;
let analytics: Awaited<ReturnType<typeof startAnalytics>>;

function webApp(overrides: Partial<WebConfig> = {}) {
  return buildWebApp({
    config: {
      MINT_ENV: "test",
      PORT: 3000,
      AUTH_URL: auth.url,
      ANALYTICS_URL: analytics.svc.url,
      WALLET_URL: closed,
      TRANSACTIONS_URL: closed,
      KYC_URL: closed,
      NOTIFICATIONS_URL: closed,
      SOCIAL_URL: closed,
      WEBHOOK_URL: closed,
      ADMIN_URL: closed,
      PUBLIC_BASE_URL: SITE,
      ...overrides,
    },
    log: quietLog,
  });
}

type User = { id: string; token: string };
const newUser = async (name: string): Promise<User> => {
  const r = await registerUser(auth.url, { name });
  return { id: r.user.id, token: r.access_token };
};

const page = (user: User, headers: Record<string, string> = {}): RequestInit => ({ headers: { cookie: `access_token=${user.token}`, accept: "text/html", ...headers } });
const post = (user: User, fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { cookie: `access_token=${user.token}`, origin: SITE, "content-type": "application/x-www-form-urlencoded", accept: "text/html", ...headers },
  body: new URLSearchParams(fields).toString(),
});
const htmx = { "hx-request": "true" };

/** A completed payment by `user`, counted by analytics before this returns. */
async function spent(user: User, amount: number, category: string | null, merchant: string | null = null) {
  const e = await publishEvent(analytics.nc, "transaction.completed", completed({ senderId: user.id, amount, category: category as never, merchant }));
  await eventually(() => handled(analytics.svc, e.id), { timeoutMs: 15_000, what: "the payment counted" });
}

const budgets = async (user: User) => (await call<{ items: { id: string; category: string; limitCents: number }[] }>(analytics.svc, "GET", "/budgets", user.token)).body.items;

let app: ReturnType<typeof buildWebApp>;
let ada: User;

beforeAll(async () => {
  auth = await startAuth();
  analytics = await startAnalytics({ jwksUrl: `${auth.url}/.well-known/jwks.json` });
  app = webApp();
  ada = await newUser("Ada Analytics");
  await spent(ada, 12_00, "FOOD", "<script>alert(1)</script> Diner");
  await spent(ada, 3_45, "TRANSPORT");
});

afterAll(async () => {
  await analytics?.stop();
  await auth?.stop();
});

describe("GET /analytics", () => {
  test("the month's tiles, chart, breakdown and merchants, with every value escaped", async () => {
    const res = await app.request("/analytics", page(ada));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("$15.45"); // total spend
    expect(html).toContain("$7.73"); // the average of 2 payments, rounded half up
    expect(html).toMatch(/<svg class="bar-chart"[^>]*role="img"[^>]*aria-labelledby="spending-chart-title"[^>]*aria-describedby="spending-chart-desc breakdown-list"/);
    expect(html).toContain("Food: $12.00, 78% of spending, 1 transaction. Transport: $3.45, 22% of spending, 1 transaction.");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Diner");
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("No budgets set");
  });

  test("another month: empty states; a month that isn't one: 400 saying what a month looks like", async () => {
    const empty = await (await app.request("/analytics?month=2001-02", page(ada))).text();
    expect(empty).toContain("No spending in February 2001");
    expect(empty).toContain("No merchants yet");
    expect(empty).toContain('href="/analytics?month=2001-01"');
    expect(empty).toContain('href="/analytics?month=2001-03"');

    for (const path of ["/analytics?month=2001-13", "/analytics/parts/overview?month=June", "/analytics/parts/budgets?month=2001-1"]) {
      const bad = await app.request(path, page(ada));
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain("Choose a month written as YYYY-MM");
    }
  });

  test("htmx: the month picker gets the content only, and each live part refreshes alone", async () => {
    const content = await (await app.request("/analytics?month=2001-02", page(ada, htmx))).text();
    expect(content).toStartWith('<div id="analytics"');
    expect(content).not.toContain("<html");
    expect(content).toMatch(/<div id="analytics-overview"[^>]*hx-trigger="analytics-changed from:body delay:1s, wallet-changed from:body delay:1s,[^"]*"[^>]*hx-swap="innerHTML"/);
    // A refresh answers the part's content; its container (with the trigger) stays on the page.
    const overview = await (await app.request("/analytics/parts/overview", page(ada, htmx))).text();
    expect(overview).toStartWith('<div class="analytics-tiles">');
    expect(overview).toContain("$15.45");
    const list = await (await app.request("/analytics/parts/budgets", page(ada, htmx))).text();
    expect(list).toContain("No budgets set");
    expect(list).not.toContain('id="budget-list"');
  });

  test("with analytics down the page still renders, each part saying it is unavailable", async () => {
    const down = webApp({ ANALYTICS_URL: closed });
    const res = await down.request("/analytics", page(ada));
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const part of ["Your spending totals are unavailable", "Spending by category is unavailable", "Top merchants are unavailable", "Your budgets are unavailable"]) expect(html).toContain(part);
    expect(html).not.toContain("Add budget");

    const save = await down.request("/analytics/budgets", post(ada, { mode: "add", category: "FOOD", amount: "50", month: "" }));
    expect(save.status).toBe(503);
    expect(await save.text()).toContain("We couldn&#39;t reach Mint just now");
  });
});

describe("budgets", () => {
  test("add without JavaScript: 303 back to the month with a one-time toast; the category then shows Change, not Add", async () => {
    const bo = await newUser("Bo Budget");
    const res = await app.request("/analytics/budgets", post(bo, { mode: "add", category: "FOOD", amount: "250.50", month: "2001-02" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/analytics?month=2001-02");
    expect(res.headers.get("set-cookie")).toContain("mint_flash=");
    expect(await budgets(bo)).toMatchObject([{ category: "FOOD", limitCents: 250_50 }]);

    const html = await (await app.request("/analytics", page(bo))).text();
    expect(html).toContain('href="/analytics/budgets/food/edit?month=');
    const addForm = await (await app.request("/analytics/budgets/new", page(bo))).text();
    expect(addForm).not.toContain('<option value="FOOD"');
    expect(addForm).toContain('<option value="TRANSPORT"');
  });

  test("bad input: 422 with the messages by the fields, and nothing saved", async () => {
    const cy = await newUser("Cy Mistake");
    const page422 = await app.request("/analytics/budgets", post(cy, { mode: "add", category: "RENT", amount: "1e3" }));
    expect(page422.status).toBe(422);
    const html = await page422.text();
    expect(html).toContain("Choose a category.");
    expect(html).toContain("Enter an amount in dollars, like 12.50.");
    expect(html).toMatch(/id="budget-add-amount"[^>]*aria-invalid="true"/);
    expect(html).toContain("<html"); // the form page, for a browser without JavaScript

    const fragment = await app.request("/analytics/budgets", post(cy, { mode: "change", category: "FOOD", amount: "-4" }, htmx));
    expect(fragment.status).toBe(422);
    const form = await fragment.text();
    expect(form).toStartWith('<form method="post" action="/analytics/budgets"');
    expect(form).toContain("Enter an amount greater than zero.");
    expect(await budgets(cy)).toEqual([]);
  });

  test("htmx: saving answers the refreshed budgets card (retargeted) and a toast; changing replaces the limit", async () => {
    const dee = await newUser("Dee Htmx");
    await spent(dee, 90_00, "UTILITIES");
    const added = await app.request("/analytics/budgets", post(dee, { mode: "add", category: "UTILITIES", amount: "100", month: "" }, htmx));
    expect(added.status).toBe(200);
    expect(added.headers.get("hx-retarget")).toBe("#budgets");
    expect(added.headers.get("hx-reswap")).toBe("outerHTML");
    const card = await added.text();
    expect(card).toStartWith('<section id="budgets"');
    expect(card).toContain("Utilities budget set to $100.00 a month.");
    expect(card).toContain("Nearly at limit");
    expect(card).toContain("90% used, $10.00 left");

    const changed = await (await app.request("/analytics/budgets", post(dee, { mode: "change", category: "UTILITIES", amount: "80", month: "" }, htmx))).text();
    expect(changed).toContain("Utilities budget changed to $80.00 a month.");
    expect(changed).toContain("Over budget by $10.00");
    expect(await budgets(dee)).toMatchObject([{ category: "UTILITIES", limitCents: 80_00 }]);
  });

  test("remove: only your own; someone else's budget id changes nothing", async () => {
    const eve = await newUser("Eve Owner");
    const mallory = await newUser("Mallory");
    await call(analytics.svc, "POST", "/budgets", eve.token, { category: "OTHER", limitCents: 10_00 });
    const [budget] = await budgets(eve);

    const theirs = await app.request(`/analytics/budgets/${budget!.id}/remove`, post(mallory, { category: "OTHER", month: "" }, htmx));
    expect(await theirs.text()).toContain("The Other budget was already removed.");
    expect(await budgets(eve)).toHaveLength(1);

    const mine = await app.request(`/analytics/budgets/${budget!.id}/remove`, post(eve, { category: "OTHER", month: "" }));
    expect(mine.status).toBe(303);
    expect(mine.headers.get("location")).toBe("/analytics");
    expect(await budgets(eve)).toEqual([]);
  });

  test("a form from another site is refused before anything changes", async () => {
    const fay = await newUser("Fay Forged");
    const forged = await app.request("/analytics/budgets", post(fay, { mode: "add", category: "FOOD", amount: "5" }, { origin: "https://evil.example" }));
    expect(forged.status).toBe(403);
    expect(await budgets(fay)).toEqual([]);
  });
});
