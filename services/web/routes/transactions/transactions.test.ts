import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { parseCsv } from "../../../../tests/harness/csv.ts";
import { startMoneyMesh, type MoneyMesh, type MoneyUser } from "../../../../tests/harness/money.ts";
import { buildWebApp, type WebConfig } from "../../http.ts";

// The /transactions routes through app.request(), against the real auth and transactions
// services (the browser flows are in tests/e2e/pages-transactions.test.ts).

setDefaultTimeout(60_000);

const quietLog = { debug() {}, info() {}, warn() {}, error() {} };
const closed = "http://127.0.0.1:9";

let mesh: MoneyMesh;
let alice: MoneyUser;
let bob: MoneyUser;
let app: ReturnType<typeof buildWebApp>;

function webApp(overrides: Partial<WebConfig> = {}) {
  const config: WebConfig = {
    MINT_ENV: "test",
    PORT: 3000,
    AUTH_URL: mesh.auth.url,
    WALLET_URL: closed,
    TRANSACTIONS_URL: mesh.transactions.url,
    KYC_URL: closed,
    ANALYTICS_URL: closed,
    NOTIFICATIONS_URL: closed,
    SOCIAL_URL: closed,
    WEBHOOK_URL: closed,
    ADMIN_URL: closed,
    PUBLIC_BASE_URL: "http://localhost:8080",
    ...overrides,
  };
  return buildWebApp({ config, log: quietLog });
}

const as = (user: MoneyUser, headers: Record<string, string> = {}): RequestInit => ({ headers: { cookie: `access_token=${user.token}`, accept: "text/html", ...headers } });
const htmx = { "hx-request": "true" };

beforeAll(async () => {
  mesh = await startMoneyMesh({ env: { fraud: { FRAUD_VELOCITY_MAX: "100000" } } });
  [alice, bob] = await Promise.all([mesh.user({ balance: 100_000, name: "Alice Liddell" }), mesh.user({ name: "Bob Builder" })]);
  // More than one page of the API's largest size (100), so the export has to page.
  // The same amount each time, so fraud screening sees nothing unusual.
  for (let i = 1; i <= 104; i++) expect((await mesh.transfer(alice, { recipientId: bob.id, amount: 125, description: i === 7 ? "@SUM(1,1)" : `Lunch ${i}` })).status).toBe(201);
  app = webApp();
}, 180_000);
afterAll(() => mesh?.stop());

describe("/transactions", () => {
  test("the first page names the other party, and a form's empty fields leave the URL", async () => {
    const res = await app.request("/transactions", as(alice));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("To Bob Builder");
    expect(html).not.toContain(bob.id);
    expect(html).toContain("Showing the latest 20 transactions");
    expect(html).toContain('href="/transactions?cursor=');

    const submitted = await app.request("/transactions?q=Lunch&type=&status=&direction=all&from=&to=&min=&max=", as(alice));
    expect(submitted.status).toBe(302);
    expect(submitted.headers.get("location")).toBe("/transactions?q=Lunch");
    // htmx keeps its request and is told the URL to push.
    const swapped = await app.request("/transactions?q=Lunch&type=", as(alice, htmx));
    expect(swapped.status).toBe(200);
    expect(swapped.headers.get("hx-push-url")).toBe("/transactions?q=Lunch");
  });

  test("bad filters: 422 with the message on each field, and the rest of the page", async () => {
    const res = await app.request("/transactions?from=2026-03-05&to=2026-03-01&min=abc", as(alice));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Enter an amount in dollars, like 12.50.");
    expect(html).toContain("The end date must be on or after the start date.");
    expect(html).toMatch(/id="f-min"[^>]*aria-invalid="true"/);
    expect(html).toContain("Check the highlighted filters");
  });

  test("Load more answers the next rows with the count out of band; rows of the same day continue without a second heading", async () => {
    const first = await (await app.request("/transactions", as(alice))).text();
    const next = /hx-get="(\/transactions\/parts\/more\?[^"]+)"/.exec(first)![1]!.replaceAll("&amp;", "&");
    expect(next).toContain("shown=20");
    const res = await app.request(next, as(alice, htmx));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/class="txn-row"/g)?.length).toBe(20);
    expect(html).toContain("Showing the latest 40 transactions");
    expect(html).toMatch(/id="txn-shown"[^>]*value="40"|value="40"[^>]*id="txn-shown"/);
    expect(html).toContain("txn-day-continued");
  });

  test("a live refresh brings back as many rows as are on screen", async () => {
    const res = await app.request("/transactions/parts/results?shown=45", as(alice, htmx));
    const html = await res.text();
    expect(html.match(/class="txn-row"/g)?.length).toBe(45);
  });

  test("the CSV export streams every matching row across the API's pages, with formulas neutralised", async () => {
    const res = await app.request("/transactions/export.csv?direction=sent&type=TRANSFER", as(alice));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="mint-transactions-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.body).toBeInstanceOf(ReadableStream);
    const text = await res.text();
    const [header, ...records] = parseCsv(text.replace(/^\uFEFF/, ""));
    expect(header![0]).toBe("Date");
    const first = (await mesh.list(alice, "direction=sent&type=TRANSFER&limit=100")).body;
    const second = (await mesh.list(alice, `direction=sent&type=TRANSFER&limit=100&cursor=${encodeURIComponent(first.nextCursor!)}`)).body;
    expect(records.map((r) => r[1])).toEqual([...first.items, ...second.items].map((t) => t.id));
    expect(records.length).toBe(104);
    expect(records.every((r) => r[9] === "-1.25" && r[3] === "Sent" && r[5] === "Bob Builder")).toBe(true);
    expect(records.filter((r) => r[6]!.includes("SUM")).map((r) => r[6])).toEqual(["'@SUM(1,1)"]);
    // The recipient's export: the same money, positive.
    const received = parseCsv((await (await app.request("/transactions/export.csv?q=Lunch%201", as(bob))).text()).replace(/^\uFEFF/, ""));
    expect(received.slice(1).every((r) => r[3] === "Received" && r[5] === "Alice Liddell" && !r[9]!.startsWith("-"))).toBe(true);
  });

  test("bad filters on the export lead back to the page that explains them", async () => {
    const res = await app.request("/transactions/export.csv?max=1.234", as(alice));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/transactions?max=1.234");
  });

  test("one transaction: its page, its panel for htmx, and 404 for anyone else's or a malformed id", async () => {
    const [t] = (await mesh.list(alice, "limit=1")).body.items;
    const page = await app.request(`/transactions/${t!.id}`, as(alice));
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const expected of ["Bob Builder", "Status history", "Created", "Completed", t!.id, "Fees"]) expect(html).toContain(expected);
    expect(html).toContain('class="app-body"');
    const panel = await (await app.request(`/transactions/${t!.id}`, as(alice, htmx))).text();
    expect(panel).not.toContain('class="app-body"');
    expect(panel).toContain(`hx-get="/transactions/${t!.id}"`);
    expect(panel).toContain('hx-trigger="transactions-changed from:body"');
    expect(panel).toContain("data-dialog-close");
    // Refreshing the panel on its own page: no dialog close button.
    const refreshed = await (await app.request(`/transactions/${t!.id}`, as(alice, { ...htmx, "hx-target": "div#txn-detail-standalone" }))).text();
    expect(refreshed).toContain('id="txn-detail-standalone"');
    expect(refreshed).not.toContain("data-dialog-close");

    const carol = await mesh.user({ name: "Carol" });
    expect((await app.request(`/transactions/${t!.id}`, as(carol))).status).toBe(404);
    expect((await app.request("/transactions/not-an-id", as(alice))).status).toBe(404);
  });

  test("with the transactions service down, the page says so and still offers the filters; the export is a 503 page", async () => {
    const down = webApp({ TRANSACTIONS_URL: closed });
    const res = await down.request("/transactions?q=Lunch", as(alice));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Your transactions are unavailable right now");
    expect(html).toContain('id="txn-filters"');
    expect(html).toContain('value="Lunch"');
    const csv = await down.request("/transactions/export.csv", as(alice));
    expect(csv.status).toBe(503);
    expect(csv.headers.get("content-type")).toStartWith("text/html");
  });
});
