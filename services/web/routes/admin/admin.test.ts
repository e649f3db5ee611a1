import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { startAdminStack, type AdminStack } from "../../../admin/test-support.ts";
import type { MoneyUser } from "../../../../tests/harness/money.ts";
import { buildWebApp, type WebConfig } from "../../http.ts";

// The console's routes through app.request(), against the real admin service and the services
// behind it (the browser flows are in tests/e2e/pages-admin.test.ts).

setDefaultTimeout(60_000);

const quietLog = { debug() {}, info() {}, warn() {}, error() {} };
const closed = "http://127.0.0.1:9";
const ORIGIN = "http://localhost:8080";

let s: AdminStack;
let app: ReturnType<typeof buildWebApp>;
let ada: MoneyUser;

const as = (token: string, headers: Record<string, string> = {}): RequestInit => ({ headers: { cookie: `access_token=${token}`, accept: "text/html", ...headers } });
const post = (token: string, path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  app.request(path, { method: "POST", headers: { cookie: `access_token=${token}`, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(form).toString() });
const htmx = { "hx-request": "true" };
/** The flash cookie a redirect set, to send with the next page (as a browser would). */
const flashOf = (res: Response) => (res.headers.getSetCookie().find((c) => c.startsWith("mint_flash=")) ?? "").split(";")[0]!;
/** The toasts a redirect carries, as text. */
function toastsOf(res: Response): string {
  let value = flashOf(res).slice("mint_flash=".length);
  // The cookie holds URI-encoded JSON, encoded once more as a cookie value.
  for (let i = 0; i < 3 && value.includes("%"); i++) value = decodeURIComponent(value);
  return (JSON.parse(value || "[]") as { message: string }[]).map((t) => t.message).join("\n");
}

beforeAll(async () => {
  s = await startAdminStack();
  const config: WebConfig = {
    MINT_ENV: "test",
    PORT: 3000,
    AUTH_URL: s.mesh.auth.url,
    WALLET_URL: closed,
    TRANSACTIONS_URL: closed,
    KYC_URL: closed,
    ANALYTICS_URL: closed,
    NOTIFICATIONS_URL: closed,
    SOCIAL_URL: closed,
    WEBHOOK_URL: closed,
    ADMIN_URL: s.admin.url,
    PUBLIC_BASE_URL: ORIGIN,
  };
  app = buildWebApp({ config, log: quietLog });
  ada = await s.mesh.user({ name: "Ada Console", balance: 5_000 });
}, 180_000);
afterAll(() => s?.stop());

describe("/app-admin", () => {
  test("a user is refused the console; an admin gets the dashboard, and its figures alone for the poll", async () => {
    expect((await app.request("/app-admin/users", as(ada.token))).headers.get("location")).toBe("/dashboard");
    const page = await app.request("/app-admin/dashboard", as(s.alice.token));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Ledger check");
    expect(html).toContain('hx-trigger="every 5s"');
    const part = await app.request("/app-admin/dashboard/parts/figures", as(s.alice.token, htmx));
    const fragment = await part.text();
    expect(fragment).toStartWith('<div id="adm-figures"');
    expect(fragment).not.toContain("<html");
  });

  test("freeze without JavaScript: a missing reason is a 422 page with the message at the field; then 303 with the outcome as a toast", async () => {
    const missing = await post(s.alice.token, `/app-admin/users/${ada.id}/freeze`, { reason: "  ", subject: "Ada Console" });
    expect(missing.status).toBe(422);
    const page = await missing.text();
    expect(page).toContain("Mint <span class=\"brand-suffix\">Admin</span>");
    expect(page).toMatch(/id="freeze-reason"[^>]*aria-invalid="true"/);
    expect(page).toContain("Give a reason: it is kept in the audit log.");
    expect((await s.mesh.rpc.wallet.getWallet({ userId: ada.id })).status).toBe("ACTIVE");

    // htmx gets the form alone, to swap in place.
    const inPlace = await post(s.alice.token, `/app-admin/users/${ada.id}/freeze`, { reason: "", in_dialog: "1" }, htmx);
    expect(inPlace.status).toBe(422);
    expect(await inPlace.text()).toStartWith('<form id="freeze-form"');

    const done = await post(s.alice.token, `/app-admin/users/${ada.id}/freeze`, { reason: "Chargeback pattern" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`/app-admin/users/${ada.id}`);
    expect((await s.mesh.rpc.wallet.getWallet({ userId: ada.id })).status).toBe("FROZEN");
    const next = await app.request(`/app-admin/users/${ada.id}`, as(s.alice.token, { cookie: `access_token=${s.alice.token}; ${flashOf(done)}` }));
    const after = await next.text();
    expect(after).toContain("Wallet frozen: every payment in or out is refused until it is unfrozen. The user was told.");
    expect(after).toContain("Unfreeze wallet");

    // With htmx, success is a navigation to the page the outcome belongs to.
    const thawed = await post(s.alice.token, `/app-admin/users/${ada.id}/unfreeze`, { reason: "Cleared" }, htmx);
    expect(thawed.status).toBe(204);
    expect(thawed.headers.get("hx-redirect")).toBe(`/app-admin/users/${ada.id}`);
    expect((await s.mesh.rpc.wallet.getWallet({ userId: ada.id })).status).toBe("ACTIVE");
  });

  test("force-complete of a completed transfer is refused by the console, and nothing is sent", async () => {
    const bob = await s.mesh.user({ name: "Bob Console" });
    const sent = await s.mesh.transfer(ada, { recipientId: bob.id, amount: 300, description: "coffee" });
    expect(sent.status).toBe(201);
    const id = (sent.body as { id: string }).id;
    const res = await post(s.alice.token, `/app-admin/transactions/${id}/force-complete`, { reason: "checking" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("only a transfer stuck in Pending or Processing can be force-completed, and this one is completed.");
    expect(await s.entries("admin.transaction_force_completed", { transactionId: id })).toHaveLength(0);
  });

  test("system limits: messages next to the fields (422, nothing saved); a valid change is saved and said so", async () => {
    const form: Record<string, string> = {};
    const table = (await s.get(`/admin/system/limits`)).body.tiers as Record<string, Record<string, number>>;
    for (const [tier, fields] of Object.entries(table)) for (const [key, cents] of Object.entries(fields)) form[`${tier}.${key}`] = (cents / 100).toFixed(2);
    const bad = await post(s.alice.token, "/app-admin/system", { ...form, "BASIC.perTransactionCents": "2500", "UNVERIFIED.dailyCents": "abc", reason: "raise" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain("One transfer can&#39;t be more than a day of transfers.");
    expect(html).toContain("Enter an amount in dollars, like 12.50.");
    expect(html).toMatch(/id="lim-BASIC-dailyCents"[^>]*aria-invalid="true"/);
    expect((await s.get(`/admin/system/limits`)).body.tiers.BASIC.perTransactionCents).toBe(table.BASIC!.perTransactionCents);

    const ok = await post(s.alice.token, "/app-admin/system", { ...form, "BASIC.perTransactionCents": "600", reason: "raise" });
    expect(ok.status).toBe(303);
    expect(toastsOf(ok)).toContain("Limits saved (Basic: one transfer $500.00 → $600.00). They apply to the next payment.");
    expect((await s.get(`/admin/system/limits`)).body.tiers.BASIC.perTransactionCents).toBe(60_000);
    await post(s.alice.token, "/app-admin/system", { ...form, reason: "back" });
  });

  test("approvals: one's own request has no approve button, and approving it anyway is refused with the API's words", async () => {
    const gus = await s.mesh.user({ name: "Gus Console" });
    const asked = await post(s.alice.token, `/app-admin/users/${gus.id}/role`, { role: "ADMIN", reason: "on call" });
    expect(asked.status).toBe(303);
    expect(toastsOf(asked)).toContain("Waiting for a second admin");
    const mine = await (await app.request("/app-admin/approvals", as(s.alice.token))).text();
    expect(mine).toContain("Your request: waiting for another admin");
    expect(mine).not.toContain('aria-label="Approve: Promote Gus Console to admin"');
    const theirs = await (await app.request("/app-admin/approvals", as(s.bob.token))).text();
    expect(theirs).toContain('aria-label="Approve: Promote Gus Console to admin"');

    const actionId = /\/app-admin\/approvals\/([0-9a-f-]{36})\/approve/.exec(theirs)![1]!;
    const self = await post(s.alice.token, `/app-admin/approvals/${actionId}/approve`, {});
    expect(self.status).toBe(303);
    expect(toastsOf(self)).toMatch(/Not approved: .+/);
    expect((await s.get(`/admin/approvals/${actionId}`)).body.status).toBe("PENDING");
  });

  test("the KYC review pages alone may embed same-origin objects (PDF documents)", async () => {
    const review = await app.request(`/app-admin/kyc/${ada.id}`, as(s.alice.token));
    expect(review.headers.get("content-security-policy")).toContain("object-src 'self'");
    const other = await app.request(`/app-admin/users/${ada.id}`, as(s.alice.token));
    expect(other.headers.get("content-security-policy")).toContain("object-src 'none'");
  });
});
